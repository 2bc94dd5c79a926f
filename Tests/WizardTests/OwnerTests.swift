import Foundation
import SMTPSettings
import Testing

@testable import Wizard

/// The store must be readable by the application's user: the wizard asks
/// who that is when nothing says, and tells the truth about it after saving.
@Suite struct OwnerTests {
    func reviewReady(owner: OwnerSource, warning: String? = nil) -> WizardState {
        var state = editedExisting()
        state = WizardState(
            storePath: storePath, access: .writable, stored: existingStore(),
            environment: WizardEnvironment(machineName: "app1", owner: owner, readabilityWarning: warning))
        state.fields[.fromName] = FieldEditor("Example App Mail")
        state = at(.review, from: state)
        state.lastPassed = state.settings
        return state
    }

    @Test func aNewStoreMadeAsRootAsksWhoTheApplicationRunsAs() {
        var state = reviewReady(owner: .ask)
        #expect(prose(state).contains("Readable by"))
        #expect(prose(state).contains("asked when you save"))
        #expect(press(&state, .character(" "), .character("s")) == [])
        #expect(prose(state).contains("The application runs as user:"))
        #expect(press(&state, .enter) == [])
        #expect(prose(state).contains("Type the user the application runs as"))
        type(&state, "www-data")
        let effects = press(&state, .enter)
        #expect(effects == [.save(state.settings, basedOn: 3, owner: "www-data")])
        #expect(prose(state).contains("www-data, as you said"))
    }

    @Test func anUnknownUserIsAskedForAgain() {
        var state = reviewReady(owner: .ask)
        press(&state, .character(" "), .character("s"))
        type(&state, "no-such-user")
        press(&state, .enter)
        _ = update(
            &state,
            .saveFailed(.unknownOwner("no-such-user", reason: "there is no user no-such-user on this machine.")))
        // Asked again at once, with the name as typed and why it was refused.
        #expect(prose(state).contains("no user no-such-user on this machine"))
        #expect(prose(state).contains("The application runs as user:"))
        press(&state, .end, .control("u"))
        type(&state, "www-data")
        #expect(press(&state, .enter) == [.save(state.settings, basedOn: 3, owner: "www-data")])
    }

    @Test func aKnownOwnerIsNotAskedFor() {
        for owner in [OwnerSource.named("forem:forem"), .existing("forem:forem"), .running("deploy:deploy")] {
            var state = reviewReady(owner: owner)
            let effects = press(&state, .character(" "), .character("s"))
            #expect(effects == [.save(state.settings, basedOn: 3, owner: nil)])
            #expect(
                prose(state).contains(owner == .running("deploy:deploy") ? "deploy:deploy, who runs" : "forem:forem"))
        }
    }

    @Test func theSaveStepWarnsWhenTheApplicationCouldNotRead() {
        let state = reviewReady(
            owner: .named("nobody:nogroup"), warning: "the application's user nobody cannot read /x/settings.sqlite3")
        #expect(prose(state).contains("the application's user nobody cannot read"))
    }

    @Test func theDoneScreenSaysTheApplicationReadsThemOnlyWhenItCan() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("owner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("settings.sqlite3").path
        FileManager.default.createFile(atPath: file, contents: Data(), attributes: [.posixPermissions: 0o600])

        var readable = reviewReady(owner: .existing("root:root"))
        press(&readable, .character(" "), .character("s"))
        _ = update(&readable, .saved(entry(4), readability: StoreReadability.check(path: file, reader: nil)))
        #expect(prose(readable).contains("The application reads them from the store"))
        #expect(prose(readable).contains("Settings::SMTP.clear_cache"))

        // Another user behind a root-only folder cannot read it.
        chmod(folder.path, 0o700)
        let nobody = try StoreOwner(parsing: "nobody")
        var blocked = reviewReady(owner: .named("nobody"))
        press(&blocked, .character(" "), .character("s"))
        _ = update(&blocked, .saved(entry(4), readability: StoreReadability.check(path: file, reader: nobody)))
        #expect(prose(blocked).contains("Not readable yet"))
        #expect(!prose(blocked).contains("The application reads them"))

        var unknown = reviewReady(owner: .named("nobody"))
        press(&unknown, .character(" "), .character("s"))
        _ = update(&unknown, .saved(entry(4)))
        #expect(!prose(unknown).contains("The application reads them"))
    }
}
