import SMTPSettings
import Testing

@testable import Wizard

/// Where the tool can reach Forem's settings cache (`--forem-dir`), the
/// done screen offers to clear it; never without the admin's key.
@Suite struct CacheClearingTests {
    func saved(canClear: Bool, entry saved: HistoryEntry? = entry(4)) -> WizardState {
        var state = WizardState(
            storePath: storePath, access: .writable, stored: existingStore(),
            environment: WizardEnvironment(canClearCache: canClear))
        state.fields[.fromName] = FieldEditor("Example App Mail")
        state = at(.review, from: state)
        state.lastPassed = state.settings
        press(&state, .character(" "), .character("s"))
        _ = update(&state, saved.map { .saved($0) } ?? .savedUnchanged)
        return state
    }

    @Test func cIsOfferedAndClearsOnlyWhenPressed() {
        var state = saved(canClear: true)
        #expect(state.step == .done)
        #expect(prose(state).contains("Press c to clear Forem's settings cache now"))
        #expect(press(&state, .character("c")) == [.runAfterSave(.foremCache)])
        #expect(state.isBusy)
        #expect(prose(state).contains("Clearing Forem's settings cache"))
        #expect(press(&state, .character("q")) == [], "no quitting half-way")
        _ = update(&state, .afterSaveRan(AfterSaveResult(failure: nil)))
        #expect(prose(state).contains("cache is cleared: it reads the new settings now"))
        #expect(press(&state, .character("c")) == [])
        #expect(press(&state, .character("q")) == [.quit])
    }

    @Test func aFailureSaysTheSaveStandsAndCanBeTriedAgain() {
        var state = saved(canClear: true)
        press(&state, .character("c"))
        _ = update(&state, .afterSaveRan(AfterSaveResult(failure: "bin/rails exited with 1: boom")))
        #expect(prose(state).contains("Clearing Forem's cache failed (bin/rails exited with 1: boom); the save stands"))
        #expect(press(&state, .character("c")) == [.runAfterSave(.foremCache)])
    }

    @Test func notOfferedWithoutTheFolderOrWithoutAChange() {
        var without = saved(canClear: false)
        #expect(!prose(without).contains("Press c"))
        #expect(press(&without, .character("c")) == [])
        var unchanged = saved(canClear: true, entry: nil)
        #expect(!prose(unchanged).contains("Press c"))
        #expect(press(&unchanged, .character("c")) == [])
    }
}
