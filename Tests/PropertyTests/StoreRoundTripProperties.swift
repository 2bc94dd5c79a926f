import Foundation
import PropertyBased
import SMTPSettings
import TestSupport
import Testing

/// Text for any key: mostly what a form would get, with the characters
/// the validator must refuse mixed in.
let valueText = Gen<Unicode.Scalar?>.element(
    // Benign characters far more likely, so that many values are accepted and some refused.
    of: Array(repeating: Array("abcxyzABC019.-_@+ '\"\\/:;=%é日".unicodeScalars), count: 60).flatMap { $0 }
        + hostileScalars
).map { $0! }.array(of: 0...30).map { String(String.UnicodeScalarView($0)) }

@Suite struct StoreRoundTripProperties {
    @Test func anyAcceptedValueRoundTripsThroughTheStore() async throws {
        let dir = TemporaryDirectory()
        let store = SQLiteStore(path: dir.file("settings.sqlite3"))
        let base = MailSettings([
            .address: "smtp.example.com", .port: "587", .userName: "apikey", .password: "secret-1",
            .fromEmailAddress: "app@example.com",
        ])
        var accepted = 0
        await propertyCheck(count: 300, input: Gen<SettingKey?>.element(of: SettingKey.allCases).map { $0! }, valueText)
        {
            key, value in
            var settings = base
            settings[key] = value
            guard SettingsValidator.errors(in: settings).isEmpty, let stored = settings[key] else { return }
            // Accepted: nothing that ends a line, hides, or reorders what is shown.
            #expect(HostSyntax.firstControlCharacter(stored) == nil)
            accepted += 1
            let revision = try store.load().revision
            _ = try store.save(settings, basedOn: revision, action: "property")
            let loaded = try store.load().settings
            #expect(
                loaded[key] == stored, "\(key): \(stored.debugDescription) read back as \(loaded[key].debugDescription)"
            )
        }
        #expect(accepted > 20, "too few accepted values to say anything: \(accepted)")
    }

    /// What the property once found, checked every run: Yams dropped a value's leading U+FEFF;
    /// a leading combining mark joined the space of `--- ` into one Character.
    @Test(arguments: ["\u{FEFF}", "\u{FEFF}-", "\u{FEFF}\u{FEFF}x", "\u{0301}", "\u{0301}x", "\u{200D}a"])
    func aFoundValueRoundTripsThroughTheStore(_ value: String) throws {
        let dir = TemporaryDirectory()
        let store = SQLiteStore(path: dir.file("settings.sqlite3"))
        for key in [SettingKey.password, .userName, .fromName] {
            var settings = MailSettings([
                .address: "smtp.example.com", .userName: "apikey", .password: "secret-1",
                .fromEmailAddress: "app@example.com",
            ])
            settings[key] = value
            #expect(SettingsValidator.errors(in: settings).isEmpty, "\(key)")
            _ = try store.save(settings, basedOn: try store.load().revision, action: "regression")
            #expect(
                try store.load().settings[key]?.unicodeScalars.elementsEqual(value.unicodeScalars) == true, "\(key)")
        }
    }
}
