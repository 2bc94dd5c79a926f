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

    /// Whether `digest` is an older version's, made with the password in it.
    static func isLegacy(_ digest: String) -> Bool { !digest.hasPrefix(prefix) }

    /// A stand-in for a password that is there, the same whatever it is.
    static let passwordStandIn = "smtpSetupPasswordLeftOut"
}
