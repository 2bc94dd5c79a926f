import SMTPSettings
import Testing

@testable import Wizard

/// Nothing an admin must read is hidden: at every size the wizard accepts,
/// scrolling shows every line of every screen.
@Suite struct ScrollingTests {
    static let sizes = [Screen.minimum, Size(width: 70, height: 20), Size.standard, Size(width: 120, height: 40)]

    /// Every line the step draws, as text, once each.
    func bodyTexts(_ state: WizardState) -> [String] {
        var screen = Screen(state)
        return screen.body().lines.map { $0.spans.map(\.text).joined() }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// Scrolls from the top to the bottom with the step's own keys, and gathers what showed.
    func everythingShown(_ start: WizardState) -> String {
        var state = start
        let (up, down): (Key, Key) = state.step == .test ? (.up, .down) : (.pageUp, .pageDown)
        var seen = view(state).text
        for _ in 0..<60 {
            _ = update(&state, .key(up))
            seen += "\n" + view(state).text
        }
        for _ in 0..<60 {
            _ = update(&state, .key(down))
            seen += "\n" + view(state).text
        }
        return seen
    }

    @Test(arguments: sizes)
    func everyLineOfEveryScreenCanBeScrolledTo(size: Size) {
        for var state in everyScreen() where state.prompt == nil {
            _ = update(&state, .resized(size))
            let seen = everythingShown(state)
            for text in bodyTexts(state) {
                #expect(seen.contains(text), "\(state.step) at \(size.width)x\(size.height) never shows: \(text)")
            }
        }
    }

    @Test func theWelcomeNoticeIsReachableAtTheSmallestSize() {
        var state = fresh()
        _ = update(&state, .resized(Screen.minimum))
        #expect(!prose(state).contains("No fallback mail server"))
        #expect(prose(state).contains("more lines below"))
        press(&state, .pageDown)
        #expect(prose(state).contains("No fallback mail server"))
        #expect(prose(state).contains("lines above"))
    }

    @Test func theSaveStepShowsTheSummaryFirstAndTheNoticeOnceTicked() {
        var state = at(.review)
        _ = update(&state, .resized(Screen.minimum))
        for row in ["Server", "Login", "HELO domain", "From"] { #expect(prose(state).contains(row)) }
        press(&state, .character(" "))
        #expect(prose(state).contains("[x] I understand"))
        press(&state, .pageUp, .pageUp, .pageUp)
        #expect(prose(state).contains("Review and save"))
    }

    @Test func aFieldMovedToIsScrolledIntoView() {
        var state = at(.sender)
        _ = update(&state, .resized(Screen.minimum))
        press(&state, .tab, .tab, .tab)
        #expect(state.focus == .replyToEmailAddress)
        #expect(view(state).text.contains("Reply-to address"))
    }

    @Test func theTooSmallMessageNamesTheSizeEnforced() {
        let grid = view(fresh(size: Size(width: Screen.minimum.width - 1, height: 30)))
        #expect(grid.text.contains("at least \(Screen.minimum.width)x\(Screen.minimum.height)"))
    }

    @Test func scrollingGoldensAtTheSmallestSize() {
        var state = fresh()
        _ = update(&state, .resized(Screen.minimum))
        expectGolden(view(state), "welcome-top-60x16")
        press(&state, .pageDown)
        expectGolden(view(state), "welcome-scrolled-60x16")
        var review = at(.review)
        _ = update(&review, .resized(Screen.minimum))
        press(&review, .character(" "))
        expectGolden(view(review), "review-ticked-60x16")
    }
}
