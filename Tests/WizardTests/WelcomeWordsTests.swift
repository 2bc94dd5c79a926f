import SMTPSettings
import Testing

@testable import Wizard

/// What the welcome says the store holds: never "nothing" when it could not be read.
@Suite struct WelcomeWordsTests {
    @Test func anUnreadStoreIsNotSaidToBeEmpty() {
        let unread = WizardState(storePath: storePath, access: .needsRoot(path: storePath), stored: nil)
        #expect(unread.welcome.existing == "What it holds could not be read (see above): the form starts empty.")
        let empty = WizardState(storePath: storePath, access: .writable, stored: emptyStore())
        #expect(empty.welcome.existing == "Nothing is saved yet: the form starts empty.")
    }

    @Test func aStoreChosenOnTheWelcomeIsJudgedTheSame() {
        var state = proposing()
        _ = state.chooseStore("mastodon:\(mastodonFile)")
        state.open(openedMastodon(stored: nil))
        #expect(state.welcome.existing.hasPrefix("What it holds could not be read"))
        var readable = proposing()
        _ = readable.chooseStore("mastodon:\(mastodonFile)")
        readable.open(openedMastodon())
        #expect(readable.welcome.existing.hasPrefix("Nothing is saved yet"))
    }
}
