import SMTPSettings

/// Settings whose every value encodes one revision number, so a reader can
/// tell a whole revision from a torn one. Used by the crash tests' soak loop.
public enum StoreSoakValues {
    public static func settings(forRevision revision: Int) -> MailSettings {
        MailSettings([
            .address: "r\(revision).example.com",
            .port: String(1000 + revision % 60000),
            .userName: "user-\(revision)",
            .password: "soak-\(revision)",
            .domain: "helo-\(revision).example.com",
            .fromName: "Revision \(revision)",
            // An application's file keeps the name with the address (Mastodon's SMTP_FROM_ADDRESS).
            .fromEmailAddress: "soak-\(revision)@example.com",
        ])
    }
}
