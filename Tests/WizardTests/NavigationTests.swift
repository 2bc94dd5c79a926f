import SMTPSettings
import Testing

@testable import Wizard

@Suite struct NavigationTests {
    @Test func everyStepIsReachableFromTheWelcome() {
        var state = fresh()
        var seen: [Step] = [state.step]
        for key in sendGridKeys {
            _ = update(&state, .key(key))
            seen.append(state.step)
        }
        runPassingTest(&state)
        press(&state, .enter)
        seen.append(state.step)
        press(&state, .character(" "), .character("s"))
        _ = update(&state, .saved(entry(1)))
        seen.append(state.step)
        #expect(Array(Set(seen)).sorted() == Step.allCases)
    }

    @Test func enterMovesThroughFieldsThenOnToTheNextStep() {
        var state = fresh(existingStore())
        press(&state, .enter, .enter)
        #expect(state.step == .server)
        #expect(state.focus == .address)
        press(&state, .enter)
        #expect(state.focus == .port)
        press(&state, .enter, .enter)
        #expect(state.focus == .verifyCertificate)
        press(&state, .enter)
        #expect(state.step == .authentication)
        #expect(state.focus == .authentication)
    }

    @Test func escapeGoesBackOneStep() {
        var state = at(.sender)
        press(&state, .escape)
        #expect(state.step == .authentication)
        press(&state, .escape, .escape, .escape)
        #expect(state.step == .welcome)
        press(&state, .escape)
        #expect(state.step == .welcome)
    }

    @Test func visitedStepsStayOpenGoingBackAndForth() {
        var state = at(.sender)
        press(&state, .control("p"), .control("p"))
        #expect(state.step == .server)
        #expect(state.furthest == .sender)
        press(&state, .control("n"), .control("n"))
        #expect(state.step == .sender)
    }

    @Test func tabAndArrowsMoveBetweenFieldsWithoutLeavingTheStep() {
        var state = at(.sender)
        #expect(state.focus == .domain)
        press(&state, .tab, .down)
        #expect(state.focus == .fromEmailAddress)
        press(&state, .down, .down, .tab)
        #expect(state.focus == .replyToEmailAddress)
        #expect(state.step == .sender)
        press(&state, .backTab, .up)
        #expect(state.focus == .fromName)
        press(&state, .up, .up)
        #expect(state.focus == .domain)
    }

    @Test func withoutALoginTheLoginFieldsAreSkipped() {
        var state = at(.authentication)
        press(&state, .left)  // plain -> none, cycling backwards
        #expect(state.text(.authentication) == "none")
        press(&state, .tab)
        #expect(state.focus == .authentication)
        press(&state, .enter)
        #expect(state.step == .sender)
        #expect(state.settings.userName == nil)
        #expect(state.settings.password == nil)
    }

    @Test func progressLineShowsWhereTheAdminIs() {
        let state = at(.server)
        let top = view(state).text.split(separator: "\n", omittingEmptySubsequences: false)[0]
        #expect(top.hasPrefix("Welcome > Provider > Server > Auth > Sender > Test > Save > Done"))
        var grid = view(state)
        let column = top.distance(from: top.startIndex, to: top.range(of: "Server")!.lowerBound)
        #expect(grid[0, column].style == .selected)
        #expect(grid[0, 0].style == .normal)  // visited
        grid = view(state)
        let test = top.distance(from: top.startIndex, to: top.range(of: "Test")!.lowerBound)
        #expect(grid[0, test].style == .dim)  // not yet
    }

    @Test func helpLineAlwaysListsTheKeys() {
        var states = Step.allCases.map { at($0) }
        var done = at(.review)
        runPassingTestThenSave(&done)
        _ = update(&done, .saved(entry(4)))
        states.append(done)
        for state in states {
            for size in [Size.standard, Size(width: 60, height: 16)] {
                var sized = state
                sized.size = size
                let last = view(sized).text.split(separator: "\n", omittingEmptySubsequences: false).last!
                let expected = state.step == .done ? "q quit" : "^C quit"
                #expect(last.hasSuffix(expected), "\(state.step) at \(size): \(last)")
            }
        }
    }

    @Test func controlCAsksBeforeQuitting() {
        var state = at(.server)
        #expect(press(&state, .control("c")).isEmpty)
        #expect(view(state).text.contains("Quit without saving? "))
        #expect(press(&state, .character("x")).isEmpty)  // anything else is not an answer
        #expect(press(&state, .character("n")).isEmpty)
        #expect(state.prompt == nil)
        #expect(state.step == .server)
        press(&state, .control("c"))
        #expect(press(&state, .character("y")) == [.quit])
    }

    @Test func quittingDuringATestStopsItFirst() {
        var state = fresh()
        filledForSendGrid(&state)
        press(&state, .control("c"))
        #expect(press(&state, .character("y")) == [.cancelTest, .quit])
    }

    @Test func afterSavingQQuits() {
        var state = at(.review)
        runPassingTestThenSave(&state)
        _ = update(&state, .saved(entry(4)))
        #expect(state.step == .done)
        #expect(press(&state, .character("q")) == [.quit])
        #expect(press(&state, .control("c")) == [.quit])
    }

    @Test func resizeRedrawsAtTheNewSize() {
        var state = fresh()
        _ = update(&state, .resized(Size(width: 100, height: 30)))
        #expect(view(state).size == Size(width: 100, height: 30))
    }
}
