import SMTPSettings
import Testing

@testable import Wizard

/// After a save to an application's file, the done screen names the exact
/// command that makes it read the change, and offers to run it only where
/// the tool sees it installed; never without the admin's key.
@Suite struct PickUpOfferTests {
    func savedToMastodon(canRun: Bool, entry saved: HistoryEntry? = entry(4)) -> WizardState {
        var state = proposing()
        press(&state, .enter)
        _ = update(&state, .storeOpened(openedMastodon(stored: existingStore(), canRun: canRun)))
        state.fields[.fromName] = FieldEditor("Example App Mail")
        state = at(.review, from: state)
        state.lastPassed = state.settings
        press(&state, .character(" "), .character("s"))
        _ = update(&state, saved.map { .saved($0) } ?? .savedUnchanged)
        return state
    }

    let restart = "systemctl restart mastodon-sidekiq mastodon-web"

    @Test func theCommandIsNamedAndROffersToRunIt() {
        var state = savedToMastodon(canRun: true)
        #expect(state.step == .done)
        let words = prose(state)
        #expect(words.contains("Mastodon reads the new settings once you run: \(restart)"))
        #expect(words.contains("Press r to run it now: Mastodon is installed here."))
        expectGolden(view(state), "done-pickup-80x24")
        let offer = state.afterSaveOffer!
        #expect(offer.kind == .pickUp(.mastodon) && offer.command == restart)
        #expect(state.pickUpStillToRun == "Mastodon reads the new settings once you run: \(restart)")
        #expect(press(&state, .character("r")) == [.runAfterSave(offer)])
        #expect(state.isBusy)
        #expect(prose(state).contains("Running \(restart)"))
        #expect(press(&state, .character("q")) == [], "no quitting half-way")
        _ = update(&state, .afterSaveRan(AfterSaveResult(failure: nil, output: ["restarted", "\\x1B[2J"])))
        #expect(prose(state).contains("\(restart) finished (exit status 0): Mastodon reads the new settings now."))
        #expect(prose(state).contains("restarted \\x1B[2J"))
        expectGolden(view(state), "done-pickup-ran-80x24")
        #expect(press(&state, .character("r")) == [], "done once it succeeded")
        #expect(state.pickUpStillToRun == nil, "nothing left to say after the screen")
        #expect(press(&state, .character("q")) == [.quit])
    }

    @Test func aFailureReportsTheStatusAndCanBeTriedAgain() {
        var state = savedToMastodon(canRun: true)
        let offer = state.afterSaveOffer!
        press(&state, .character("r"))
        _ = update(&state, .afterSaveRan(AfterSaveResult(failure: "exit status 5", output: ["Unit not found."])))
        #expect(prose(state).contains("\(restart) failed (exit status 5); the save stands."))
        #expect(prose(state).contains("Unit not found."))
        #expect(press(&state, .character("r")) == [.runAfterSave(offer)])
    }

    @Test func notInstalledHereTheCommandIsOnlyNamed() {
        var state = savedToMastodon(canRun: false)
        #expect(prose(state).contains("Mastodon reads the new settings once you run: \(restart)"))
        #expect(!prose(state).contains("Press r"))
        #expect(press(&state, .character("r")) == [])
    }

    @Test func nothingToRunWhenNothingChanged() {
        var state = savedToMastodon(canRun: true, entry: nil)
        #expect(state.afterSaveOffer == nil)
        #expect(press(&state, .character("r")) == [])
    }

    @Test func oneOfferForForemAndForTheApplications() {
        #expect(AfterSaveOffer.foremCache.key == "c")
        #expect(AfterSaveOffer.foremCache.sentence == Notices.foremPickUp)
        let ghost = AfterSaveOffer.pickUp(
            PickUp(application: .ghost, command: "cd /var/www/ghost && ghost restart", isInstalled: true))
        #expect(ghost.key == "r")
        #expect(ghost.question == "Run cd /var/www/ghost && ghost restart now, so that Ghost reads the new settings?")
    }
}
