import SMTPSettings
import Testing

@testable import Wizard

let mastodonFile = "/home/mastodon/live/.env.production"
let proposed = [
    StoreChoice(title: "Mastodon at \(mastodonFile)", store: "mastodon:\(mastodonFile)"),
    StoreChoice(title: "GitLab at /etc/gitlab/gitlab.rb", store: "gitlab:/etc/gitlab/gitlab.rb"),
    StoreChoice.embedded(path: storePath),
]

/// A wizard started with no store named, on a machine where applications were found.
func proposing() -> WizardState {
    fresh(emptyStore(), environment: WizardEnvironment(storeChoices: proposed))
}

/// What the launcher learns about Mastodon's file once it is opened.
func openedMastodon(stored: StoredSettings? = emptyStore(), canRun: Bool = true) -> OpenedStore {
    let pickUp = PickUp(application: .mastodon, command: Application.mastodon.pickUpCommand, isInstalled: canRun)
    return OpenedStore(
        storePath: mastodonFile, access: .writable, stored: stored, storeKind: .embedded,
        owner: .existing("mastodon:mastodon"), application: .mastodon, afterSave: .pickUp(pickUp))
}

/// With no store named, the welcome proposes what was found, and nothing is
/// loaded, tested or saved before the admin confirms one.
@Suite struct StoreChoiceTests {
    @Test func theWelcomeProposesWhatWasFoundAndTheEmbeddedStore() {
        let state = proposing()
        #expect(state.needsStoreChoice)
        #expect(state.storeChoices.map(\.store).last == "sqlite://" + storePath)
        let words = prose(state)
        #expect(words.contains("Where should the settings go? Found on this machine:"))
        #expect(words.contains("▸ Mastodon at /home/mastodon/live/.env.production"))
        #expect(words.contains("the embedded store (\(storePath))"))
        #expect(!words.contains("Settings store"), "no store is in use before the choice")
        expectGolden(view(state), "welcome-choose-80x24")
    }

    @Test func enterOpensTheHighlightedStoreThenTheWelcomeIsAsAlways() {
        var state = proposing()
        #expect(press(&state, .enter) == [.openStore("mastodon:\(mastodonFile)")])
        #expect(state.isBusy && state.step == .welcome)
        #expect(press(&state, .enter, .down, .control("n")) == [], "nothing moves while it opens")
        _ = update(&state, .storeOpened(openedMastodon(stored: existingStore())))
        #expect(!state.needsStoreChoice)
        #expect(state.storePath == mastodonFile)
        #expect(state.environment.application == .mastodon)
        #expect(state.environment.owner == .existing("mastodon:mastodon"))
        #expect(state.text(.address) == "smtp.sendgrid.net", "the form starts from the chosen store")
        #expect(prose(state).contains("Settings store  \(mastodonFile)"))
        press(&state, .enter)
        #expect(state.step == .provider)
    }

    @Test func arrowsChooseAnotherAndCtrlNConfirmsIt() {
        var state = proposing()
        press(&state, .down, .down, .down)
        #expect(prose(state).contains("▸ the embedded store"))
        #expect(press(&state, .up, .control("n")) == [.openStore("gitlab:/etc/gitlab/gitlab.rb")])
    }

    @Test func anotherStoreCanBeTyped() {
        var state = proposing()
        press(&state, .character("o"))
        #expect(view(state).text.contains("Store: ["))
        type(&state, "ghost:/srv/blog/config.production.json")
        #expect(press(&state, .enter) == [.openStore("ghost:/srv/blog/config.production.json")])
    }

    @Test func aStoreThatCannotBeOpenedIsSaidAndTheChoiceStays() {
        var state = proposing()
        press(&state, .down, .enter)
        _ = update(&state, .storeOpenFailed("'gitlab' is not a store type"))
        #expect(state.needsStoreChoice && !state.isBusy)
        #expect(prose(state).contains("Cannot use gitlab:/etc/gitlab/gitlab.rb: 'gitlab' is not a store type."))
        #expect(prose(state).contains("▸ GitLab"), "the same one stays highlighted")
        #expect(press(&state, .up, .enter) == [.openStore("mastodon:\(mastodonFile)")])
    }

    /// A long reason is shown whole at 80x24, not cut after two lines.
    @Test func aLongReasonIsReadWhole() {
        var state = proposing()
        press(&state, .down, .enter)
        let reason =
            "there is no GitLab settings file at /etc/gitlab/gitlab.rb. Give the path of GitLab's gitlab.rb "
            + "(usually /etc/gitlab/gitlab.rb) with --store gitlab:PATH; smtp-setup changes an existing file and "
            + "never creates one"
        _ = update(&state, .storeOpenFailed(reason))
        let screen = view(state).text
        #expect(screen.contains("never creates one."), "\(screen)")
        #expect(screen.contains("Cannot use gitlab:/etc/gitlab/gitlab.rb"))
    }

    @Test func theKeyListSaysHowToChoose() {
        var state = proposing()
        press(&state, .function(1))
        #expect(prose(state).contains("type another store, as --store takes it"))
        press(&state, .escape, .end)
        #expect(prose(state).contains("▸ the embedded store"))
    }

    @Test func withNothingFoundTheWelcomeIsAsAlways() {
        var state = fresh()
        #expect(!state.needsStoreChoice)
        #expect(prose(state).contains("Settings store"))
        #expect(press(&state, .enter) == [])
        #expect(state.step == .provider)
    }

    @Test func theIntentIsTheSameForEveryFrontEnd() {
        var state = proposing()
        #expect(
            update(&state, .chooseStore("  mastodon:/x/.env.production ")) == [
                .openStore("mastodon:/x/.env.production")
            ])
        var empty = proposing()
        #expect(update(&empty, .chooseStore(" ")) == [])
        #expect(empty.needsStoreChoice)
    }
}
