import Foundation

/// The digest the history file keeps of a target as a save left it, which
/// never depends on the password. History is only root's, but a plain
/// digest of a file whose one secret is the password lets whoever reads
/// history try passwords offline; so the stores digest the target with the
/// password's value left out (`ConfigFileStore.historyDigest`,
/// `OdooSnapshot.historyDigest`), and keep the full digest in memory only
/// (`SeenFile`).
///
/// What a password-only change made outside smtp-setup does now: within one
/// process, the full digest `SeenFile` remembers still makes a save after it
/// a conflict. Between runs it is not recorded as a change of the file
/// unless the password came or went (the digest keeps whether there is one,
/// and the outside revision's password_set says which), or, for Odoo, the
/// row's write_date moved with it.
enum HistoryDigest {
    /// Every digest made here starts with it; older versions' digests of the
    /// whole file (password included) do not.
    static let prefix = "v2:"

    /// What replaces an older version's digest that can no longer be checked:
    /// never equal to a digest, so the next save records the file as changed
    /// outside smtp-setup, as the old digest would have.
    static let scrubbed = prefix + "scrubbed"

    /// The digest of `text`, which the caller made without the password.
    static func of(_ text: String) -> String {
        prefix + StoreLedger.digest(text) + "-\(text.utf8.count)"
    }

    /// What history keeps of a file whose `settings` hold a password, from
    /// its text with that password masked by key (`masked`, see
    /// `ConfigFileFormat.maskingPassword`). The password may still be in it:
    /// an assignment the masking does not know (a second section, a value
    /// taken from another key), a comment, or another value that holds its
    /// text. A digest of that text would let whoever reads history test
    /// passwords again, so the text is not digested then, only the settings
    /// as read, the password's value left out (`ofSettings`). What that
    /// loses, in that rare case only: an edit made outside smtp-setup to the
    /// file's other parts is not noticed between runs (an edit of a setting
    /// still is; and within one run `SeenFile` still sees any).
    ///
    /// Replacing the password's text wherever it occurs would not do: what
    /// is replaced, and so the digest, depends on the password again (one
    /// that is also part of the server's name would be cut out of it too,
    /// so only that guess would give the digest), a test of guesses again.
    /// Which of the two digests is kept still says whether the password's
    /// text occurs in the rest of the file, but no guess can be checked
    /// against a digest of the settings.
    static func of(masked: String, password: String, settings: MailSettings) -> String {
        // Bytes, and characters up to canonical equivalence: either is a copy.
        let holdsPassword = masked.utf8.contains(password.utf8) || masked.contains(password)
        return holdsPassword ? ofSettings(settings) : of(masked)
    }

    /// Every digest of settings rather than of a text starts with it.
    static let settingsTag = prefix + "settings:"

    /// The digest of `settings` with only whether there is a password kept,
    /// in a rendering that does not change between versions: each key's
    /// name, the length of its value in bytes and the value, or "-".
    static func ofSettings(_ settings: MailSettings) -> String {
        var shown = settings
        if shown.hasPassword { shown[.password] = passwordStandIn }
        let rendering = SettingKey.allCases.map { key in
            shown[key].map { "\(key.rawValue):\($0.utf8.count):\($0)" } ?? "\(key.rawValue):-"
        }.joined(separator: "\n")
        return settingsTag + StoreLedger.digest(rendering)
    }

    /// Whether `digest` is an older version's, made with the password in it.
    static func isLegacy(_ digest: String) -> Bool { !digest.hasPrefix(prefix) }

    /// A stand-in for a password that is there, the same whatever it is.
    static let passwordStandIn = "smtpSetupPasswordLeftOut"
}
