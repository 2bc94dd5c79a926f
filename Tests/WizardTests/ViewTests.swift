import ProbeModel
import SMTPSettings
import Testing

@testable import Wizard

/// One state per screen and situation, for checks that hold on every screen.
func everyScreen() -> [WizardState] {
    var states = Step.allCases.map { at($0) }
    var state = fresh()
    states.append(state)
    press(&state, .enter)
    states.append(state)
    filledForSendGrid(&state)
    states.append(state)
    runFailingTest(&state)
    states.append(state)
    press(&state, .character("d"))
    _ = update(&state, .detectFinished(["587: STARTTLS", "465: TLS"]))
    states.append(state)
    press(&state, .character("m"))
    states.append(state)
    press(&state, .escape, .character("t"))
    runPassingTest(&state)
    press(&state, .enter)
    states.append(state)
    press(&state, .control("c"))
    states.append(state)
    press(&state, .character("n"), .character(" "), .character("s"))
    _ = update(&state, .saveFailed(.conflict(expected: 0, current: entry(1, by: "bob"))))
    states.append(state)
    _ = update(&state, .saved(entry(1)))
    press(&state, .character("o"))
    _ = update(&state, .saved(entry(2)))
    states.append(state)
    return states
}

@Suite struct ViewTests {
    @Test func everyScreenFitsEverySizeWithoutCrashing() {
        let sizes = [
            Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 10, height: 3),
            Size(width: 59, height: 24), Size(width: 80, height: 15), Size(width: 60, height: 16),
            Size(width: 61, height: 17), Size(width: 70, height: 20), Size(width: 79, height: 23), .standard,
            Size(width: 132, height: 43), Size(width: -5, height: 10),
        ]
        for state in everyScreen() {
            for size in sizes {
                var sized = state
                _ = update(&sized, .resized(size))
                let grid = view(sized)
                #expect(grid.size.width == max(0, size.width) && grid.size.height == max(0, size.height))
                #expect(grid.cells.count == grid.size.width * grid.size.height)
                for cell in grid.cells {
                    #expect(!cell.text.unicodeScalars.contains { TextWidth.isControl($0) })
                }
                if let cursor = grid.cursor {
                    #expect(cursor.row >= 0 && cursor.row < grid.size.height)
                    #expect(cursor.column >= 0 && cursor.column < grid.size.width)
                }
            }
        }
    }

    @Test func belowTheMinimumAskForABiggerWindow() {
        let grid = view(fresh(size: Size(width: 59, height: 30)))
        #expect(grid.text.contains("Make the window at least 60x16"))
        #expect(grid.text.contains("(now 59x30)"))
        #expect(!view(fresh(size: Size(width: 60, height: 16))).text.contains("Make the window"))
    }

    @Test func theQuitQuestionShowsEvenOnTheTooSmallScreen() {
        var state = fresh(size: Size(width: 30, height: 8))
        press(&state, .control("c"))
        #expect(view(state).text.contains("Quit without saving? y/n"))
    }

    @Test func asciiScreensAreAllASCII() {
        for state in everyScreen() {
            var ascii = state
            ascii.charset = .ascii
            let text = view(ascii).text
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(state.step): \(text)")
        }
    }

    @Test func theCursorSitsInTheFieldBeingEdited() {
        var state = at(.server)
        replace(&state, with: "smtp.example.com")
        let grid = view(state)
        let row = grid.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
            $0.contains("[smtp.example.com")
        }!
        let line = grid.text.split(separator: "\n", omittingEmptySubsequences: false)[row]
        let bracket = line.distance(from: line.startIndex, to: line.firstIndex(of: "[")!)
        #expect(grid.cursor == Position(row: row, column: bracket + 1 + "smtp.example.com".count))
        press(&state, .home)
        #expect(view(state).cursor == Position(row: row, column: bracket + 1))
        press(&state, .tab, .tab)  // a choice has no text cursor
        #expect(view(state).cursor == nil)
    }

    @Test func fieldsAreStyledSoAMonochromeTerminalCanTellThemApart() {
        let state = at(.server)
        let grid = view(state)
        #expect(grid.cells.contains { $0.style == .fieldRoom })
        #expect(grid.cells.contains { $0.style == .field })
        #expect(grid.cells.contains { $0.style == .key })
    }

    @Test func serverTextIsShownNotObeyed() {
        var state = fresh()
        filledForSendGrid(&state)
        _ = update(
            &state, .probe(.transcript(line: TranscriptLine(.received, encrypted: false, "220 evil\u{1B}[2J\r\n"))))
        #expect(view(state).text.contains("220 evil^[[2J^M^J"))
    }
}
