import FoundationEssentials
import SMTPSettings

/// A mail provider's known-good settings and what it asks of the admin.
public struct Provider: Equatable, Sendable {
    public enum ID: String, CaseIterable, Sendable {
        case keep
        case sendgrid
        case mailgun
        case sparkpost
        case ses
        case postmark
        case gmail
        case microsoft365
        case localRelay
        case custom
    }

    /// How the user name is filled: some providers fix it, others only hint.
    public enum UserName: Equatable, Sendable {
        case fixed(String)
        case hint(String)
        case none
    }

    public let id: ID
    public let name: String
    /// `REGION` stands for the chosen Amazon SES region.
    public let address: String?
    public let port: Int
    public let security: Security
    public let authentication: Authentication
    public let userName: UserName
    public let password: String?
    /// What the admin must arrange at the provider; shown before choosing.
    public let needs: [String]

    public static let sesRegions = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2",
        "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "ap-south-1", "ap-northeast-1",
        "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "sa-east-1", "af-south-1",
        "me-south-1", "il-central-1",
    ]

    public func address(region: String) -> String? {
        address?.replacingOccurrences(of: "REGION", with: region)
    }

    /// The user-name hint shown in an empty user-name field.
    public var userNameHint: String? {
        switch userName {
        case .fixed(let name), .hint(let name): name
        case .none: nil
        }
    }

    public static let all: [Provider] = [
        Provider(
            id: .sendgrid, name: "SendGrid", address: "smtp.sendgrid.net", port: 587, security: .starttls,
            authentication: .plain, userName: .fixed("apikey"),
            password: "an API key with the Mail Send permission",
            needs: [
                "The user name is literally apikey; the password is the API key.",
                "Authenticate your sending domain (SPF and DKIM) in SendGrid, or mail lands in spam.",
                "Your plan sets how many messages a day you may send.",
            ]),
        Provider(
            id: .mailgun, name: "Mailgun", address: "smtp.mailgun.org", port: 587, security: .starttls,
            authentication: .plain, userName: .hint("postmaster@YOUR-DOMAIN"),
            password: "the domain's SMTP password (not the API key)",
            needs: [
                "Use the SMTP credentials of your sending domain; EU domains use smtp.eu.mailgun.org.",
                "Verify the domain's SPF and DKIM records in Mailgun.",
                "Sending limits depend on your plan.",
            ]),
        Provider(
            id: .sparkpost, name: "SparkPost", address: "smtp.sparkpostmail.com", port: 587, security: .starttls,
            authentication: .plain, userName: .fixed("SMTP_Injection"),
            password: "an API key with the Send via SMTP permission",
            needs: [
                "The user name is always SMTP_Injection; EU accounts use smtp.eu.sparkpostmail.com.",
                "Verify your sending domain (SPF, DKIM) in SparkPost.",
                "Your plan sets the sending rate.",
            ]),
        Provider(
            id: .ses, name: "Amazon SES", address: "email-smtp.REGION.amazonaws.com", port: 587,
            security: .starttls, authentication: .plain, userName: .hint("SMTP user name (not an AWS key)"),
            password: "the SMTP password made in the SES console",
            needs: [
                "Use SMTP credentials made in the SES console, not AWS access keys.",
                "Verify the sending domain (DKIM); a new account is in the sandbox and may only send to "
                    + "verified addresses until AWS lifts it.",
                "SES limits messages per second and per day.",
            ]),
        Provider(
            id: .postmark, name: "Postmark", address: "smtp.postmarkapp.com", port: 587, security: .starttls,
            authentication: .plain, userName: .hint("Server API token"),
            password: "the same Server API token",
            needs: [
                "The Server API token is both the user name and the password.",
                "Add a sender signature or verify the domain (DKIM, Return-Path) in Postmark.",
            ]),
        Provider(
            id: .gmail, name: "Gmail / Google Workspace", address: "smtp.gmail.com", port: 587,
            security: .starttls, authentication: .plain, userName: .hint("you@gmail.com"),
            password: "an app password (not your Google password)",
            needs: [
                "Turn on 2-Step Verification and make an app password; the account password is refused.",
                "Gmail limits sending (about 500 messages a day, 2,000 for Workspace).",
            ]),
        Provider(
            id: .microsoft365, name: "Microsoft 365", address: "smtp.office365.com", port: 587,
            security: .starttls, authentication: .login, userName: .hint("the mailbox address"),
            password: "the mailbox password, or an app password with MFA",
            needs: [
                "SMTP AUTH must be enabled for the mailbox in the Microsoft 365 admin center.",
                "With multi-factor sign-in, use an app password.",
                "Limits: 30 messages a minute, 10,000 recipients a day.",
            ]),
        Provider(
            id: .localRelay, name: "Local relay (this machine)", address: "localhost", port: 25, security: .none,
            authentication: .none, userName: .none, password: nil,
            needs: [
                "A mail server on this machine (Postfix, Exim) that accepts mail from the application.",
                "The relay must be set up to deliver: SPF and DKIM for your domain are its job.",
            ]),
        Provider(
            id: .custom, name: "Custom server", address: nil, port: 587, security: .starttls,
            authentication: .plain, userName: .none, password: nil,
            needs: [
                "Fills in nothing: type your server's settings on the next screens.",
                "Ask your provider for the SMTP host, port, security and credentials, and set up SPF and "
                    + "DKIM for your domain there.",
            ]),
    ]

    public static let keep = Provider(
        id: .keep, name: "Keep the current settings", address: nil, port: 587, security: .starttls,
        authentication: .plain, userName: .none, password: nil,
        needs: ["Goes on with the settings already saved; you can change any of them on the next screens."])

    /// The providers to offer: keeping what exists comes first when there is something.
    public static func choices(hasSettings: Bool) -> [Provider] {
        hasSettings ? [keep] + all : all
    }

    /// The provider whose server these settings use, and the SES region in it.
    public static func matching(_ settings: MailSettings) -> (ID, String?)? {
        settings[.address].flatMap(matching(address:))
    }

    /// The preset a server address belongs to, and the SES region in it.
    public static func matching(address typed: String) -> (ID, String?)? {
        // Asked on every frame of the server step: an address typed in lower case needs no new string.
        let lower = typed.utf8.allSatisfy { $0 < 0x80 && !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        let address = lower ? typed : typed.lowercased()
        if address.hasPrefix("email-smtp."), address.hasSuffix(".amazonaws.com") {
            let region = address.dropFirst("email-smtp.".count).dropLast(".amazonaws.com".count)
            return (.ses, String(region))
        }
        let known = all.first { $0.address == address }?.id
        return known.map { ($0, nil) }
    }
}

extension SettingsDraft {
    /// Fills the server, port, security, method and user name from a preset;
    /// returns the keys it set (none for keep and custom). A user name only
    /// hinted at is cleared when the server changes: it was the old one's.
    @discardableResult
    public mutating func fill(from provider: Provider, region: String) -> [SettingKey] {
        guard provider.id != .keep, provider.id != .custom, let address = provider.address(region: region)
        else { return [] }
        let switching = text(.address).lowercased() != address
        set(.address, address)
        set(.port, String(provider.port))
        set(.security, provider.security.rawValue)
        // An application that picks the mechanism itself is told only whether it logs in.
        let picksItself = application?.usedKeys?.contains(.authentication) == false
        let mechanism = picksItself && provider.authentication != .none ? Authentication.plain : provider.authentication
        set(.authentication, mechanism.rawValue)
        switch provider.userName {
        case .fixed(let name): set(.userName, name)
        case .hint, .none: if switching { set(.userName, "") }
        }
        return [.address, .port, .security, .authentication, .userName]
    }
}
