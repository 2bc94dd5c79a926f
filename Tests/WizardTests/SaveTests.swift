import Foundation
import SMTPSettings
import Testing

@testable import Wizard

@Suite struct SaveTests {
    func reviewAfterPassing() -> WizardState {
        var state = fresh()
        filledForSendGrid(&state)
        runPassingTest(&state)
        press(&state, .enter)
        #expect(state.step == .review)
        return state
    }

    @Test func theLockoutNoticeIsShownBeforeSaving() {
        let text = prose(reviewAfterPassing())
        #expect(text.contains("Note: with SMTP on, every user who has not confirmed their email"))
        #expect(text.contains("[ ] I understand"))
    }

    @Test func enterNeverSaves() {
        var state = reviewAfterPassing()
        #expect(press(&state, .enter, .enter).isEmpty)
        press(&state, .character(" "))
        #expect(press(&state, .enter).isEmpty)
        #expect(state.step == .review)
    }

    @Test func savingNeedsTheTickFirst() {
        var state = reviewAfterPassing()
        #expect(press(&state, .character("s")).isEmpty)
        #expect(view(state).text.contains("tick \"I understand\""))
        press(&state, .character(" "))
        #expect(view(state).text.contains("[x] I understand"))
        #expect(press(&state, .character("s")) == [.save(state.settings, basedOn: 0)])
        #expect(state.isBusy)
    }

    @Test func untestedSettingsAskOnceMore() {
        var state = at(.review)
        press(&state, .character(" "))
        #expect(press(&state, .character("s")).isEmpty)
        #expect(view(state).text.contains("These settings have not passed a test. Save anyway? y/n"))
        #expect(press(&state, .character("n")).isEmpty)
        #expect(state.prompt == nil)
        press(&state, .character("s"))
        #expect(press(&state, .character("y")) == [.save(state.settings, basedOn: 3)])
    }

    @Test func settingsChangedSinceThePassingTestAskToo() {
        var state = reviewAfterPassing()
        press(&state, .escape, .escape)
        press(&state, .tab)
        replace(&state, with: "Renamed App")
        press(&state, .control("n"))
        _ = update(&state, .key(.escape))  // cancel the new test
        press(&state, .control("n"), .character(" "), .character("s"))
        #expect(view(state).text.contains("The settings changed since the last passing test. Save anyway?"))
    }

    @Test func savingIsRefusedWhereTheStoreCannotBeWritten() {
        var state = fresh(existingStore(), access: .needsRoot(path: storePath))
        #expect(view(state).text.contains("Saving needs root or the owner of"))
        state.fields[.fromName] = FieldEditor("Example App Mail")
        state = at(.review, from: state)
        state.lastPassed = state.settings
        #expect(press(&state, .character(" "), .character("s")).isEmpty)
        #expect(view(state).text.contains("Cannot save: Saving needs root"))
    }

    @Test func aDamagedStoreIsSaidInItsOwnWords() {
        let error = StoreError.notAStore(path: storePath, what: "a text file")
        let state = fresh(nil, access: StoreAccess(error))
        let text = prose(state)
        #expect(text.contains("is not an smtp-setup settings store"))
        #expect(StoreAccess(.permissionDenied(path: storePath, owner: "root", action: "saving")).canSave == false)
    }

    @Test func savedShowsTheRevisionAndHowToUndo() {
        var state = at(.review)
        runPassingTestThenSave(&state)
        _ = update(&state, .saved(entry(4, keys: [.password])))
        #expect(state.step == .done)
        let text = view(state).text
        #expect(text.contains("revision 4"))
        #expect(text.contains("smtp-setup rollback 3"))
        #expect(text.contains(storePath))
    }

    @Test func theFirstSaveIsUndoneByReset() {
        var state = reviewAfterPassing()
        press(&state, .character(" "), .character("s"))
        _ = update(&state, .saved(entry(1)))
        #expect(view(state).text.contains("smtp-setup reset"))
    }

    @Test func nothingChangedIsSaidPlainly() {
        var state = at(.review, from: fresh(existingStore()))
        #expect(prose(state).contains("Nothing changed"))
        #expect(!prose(state).contains("I understand"))
        // No acknowledgement is asked for, and nothing is written.
        #expect(press(&state, .character("s")) == [])
        #expect(prose(state).contains("already holds exactly these settings"))
        #expect(state.step == .review)
    }

    @Test func theStoreFindingNothingToChangeIsSaidPlainly() {
        var state = at(.review)
        runPassingTestThenSave(&state)
        _ = update(&state, .savedUnchanged)
        #expect(state.step == .done)
        #expect(prose(state).contains("already holds exactly these settings"))
    }

    @Test func aConflictOffersReloadOrOverwrite() {
        var state = at(.review)
        runPassingTestThenSave(&state)
        _ = update(&state, .saveFailed(.conflict(expected: 3, current: entry(4, by: "bob"))))
        #expect(state.step == .review)
        let text = view(state).text
        #expect(text.contains("bob saved revision 4 at 2026-01-01T00:00:00Z"))
        #expect(press(&state, .character("o")) == [.save(state.settings, basedOn: 4)])
        _ = update(&state, .saveFailed(.conflict(expected: 4, current: entry(5, by: "carol"))))
        #expect(press(&state, .character("r")) == [.reload])
        var theirs = existingSettings
        theirs[.fromName] = "Carol's App"
        _ = update(&state, .reloaded(StoredSettings(settings: theirs, revision: 5, latest: entry(5, by: "carol"))))
        #expect(state.settings == theirs)
        #expect(state.baseRevision == 5)
        #expect(!state.acknowledged)
        #expect(view(state).text.contains("Loaded revision 5"))
    }

    @Test func anOutsideChangeToTheFileOffersReloadOrOverwrite() {
        let changedAt = Date(timeIntervalSince1970: 1_767_229_200)
        var state = at(.review)
        runPassingTestThenSave(&state)
        _ = update(&state, .saveFailed(.fileChanged(path: "/srv/app.yml", modifiedAt: changedAt)))
        #expect(state.step == .review)
        #expect(state.fileChange?.path == "/srv/app.yml")
        let text = view(state).text
        #expect(text.contains("/srv/app.yml was changed outside smtp-setup at 2026-01-01T01:00:00Z"))
        #expect(text.contains("r reload the file") && text.contains("o overwrite"))
        // Keeping yours: the file is taken in as it is now and saved over, from the same revision.
        #expect(press(&state, .character("o")) == [.overwriteChangedFile(state.settings, basedOn: 3, owner: nil)])
        #expect(state.fileChange == nil)
        _ = update(&state, .saveFailed(.fileChanged(path: "/srv/app.yml", modifiedAt: changedAt)))
        #expect(press(&state, .character("r")) == [.reload])
        var theirs = existingSettings
        theirs[.fromName] = "Edited By Hand"
        _ = update(&state, .reloaded(StoredSettings(settings: theirs, revision: 3, latest: entry(3))))
        #expect(state.settings == theirs)
        #expect(!state.acknowledged)
        #expect(view(state).text.contains("Loaded revision 3"))
    }

    @Test func otherSaveErrorsAreShownAndCanBeRetried() {
        var state = at(.review)
        runPassingTestThenSave(&state)
        _ = update(&state, .saveFailed(.cannotCreate(path: storePath, reason: "disk full")))
        #expect(view(state).text.contains("Cannot create the settings store"))
        #expect(press(&state, .character("s")) == [.save(state.settings, basedOn: 3)])
    }

    @Test func keysDoNothingWhileSaving() {
        var state = at(.review)
        runPassingTestThenSave(&state)
        #expect(press(&state, .escape, .character("s"), .character(" ")).isEmpty)
        #expect(state.step == .review)
    }
}
