/// A setting a diagnosis blames, by the stable name `set` and the stores use.
/// The settings model (`SettingKey`) lives in SMTPSettings, which this module
/// must not import; the names are the same, and a test holds them equal.
public enum SettingName: String, Sendable, Codable, CaseIterable {
    case address
    case port
    case security
    case verifyCertificate = "verify_certificate"
    case authentication
    case userName = "user_name"
    case password
    case domain
    case fromName = "from_name"
    case fromEmailAddress = "from_email_address"
    case replyToEmailAddress = "reply_to_email_address"
}
