import Foundation
import SMTPSettings
import TestSupport
import Testing

/// One application's settings file as the real-binary tests need it: the
/// file as shipped (the format tests' own), what must not change in it, and
/// what the application's own parser reads as the SMTP login.
struct ApplicationFile: Sendable, CustomTestStringConvertible {
    struct Credentials: Equatable {
        var login: String?
        var password: String?
    }

    var application: Application
    var shipped: String
    /// Whether the application's parser is installed here.
    var hasParser: Bool
    /// Values the application's reader would change, which the tool refuses in words.
    var cannotCarry: @Sendable (String) -> Bool = { _ in false }
    /// The file without the SMTP settings: what a save must leave byte for byte.
    var unrelated: @Sendable (String) -> String
    /// What the application itself reads as the SMTP user name and password, file by file.
    var credentials: @Sendable ([String]) throws -> [Credentials]

    var testDescription: String { application.title }

    var store: String { application.rawValue }

    /// The shipped file, alone in `folder` (made if needed); its path.
    func place(in folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(application.fileName)
        try shipped.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// Every application this version writes into a file.
    static let all: [ApplicationFile] = [mastodon, discourse, gitlab, ghost, nextcloud, gitea]

    /// The applications the file-store tests beyond Mastodon's own run for.
    static let others: [ApplicationFile] = all.filter { $0.application != .mastodon }

    static let mastodon = ApplicationFile(
        application: .mastodon, shipped: MastodonStoreTests.shipped, hasParser: DotenvOracle.isAvailable,
        unrelated: { text in
            // The tool puts its keys under its own comment after one blank line.
            var lines = MastodonStoreTests.otherLines(text)
            while lines.last?.isEmpty == true { lines.removeLast() }
            return lines.joined(separator: "\n")
        },
        credentials: { paths in
            try RubyOracle.run(MastodonStoreTests.dotenv, input: paths, as: [MastodonStoreTests.Parsed].self).map {
                Credentials(login: $0.login, password: $0.password)
            }
        })

    static let discourse = ApplicationFile(
        application: .discourse, shipped: DiscourseFormatTests.shipped, hasParser: RubyOracle.isAvailable,
        // The launcher drops backslashes and trailing blanks.
        cannotCarry: { $0.contains("\\") || $0.hasSuffix(" ") }, unrelated: DiscourseFormatTests.withoutSMTPLines,
        credentials: { paths in
            try DiscourseFormatTests.launcherValues(try texts(paths)).map {
                Credentials(login: $0["DISCOURSE_SMTP_USER_NAME"], password: $0["DISCOURSE_SMTP_PASSWORD"])
            }
        })

    static let gitlab = ApplicationFile(
        application: .gitlab, shipped: GitLabFormatTests.shipped, hasParser: RubyOracle.isAvailable,
        unrelated: GitLabFormatTests.withoutSMTPLines,
        credentials: { paths in
            try GitLabFormatTests.gitlabRails(try texts(paths)).map {
                Credentials(login: $0["smtp_user_name"]?.text, password: $0["smtp_password"]?.text)
            }
        })

    static let ghost = ApplicationFile(
        application: .ghost, shipped: GhostFormatTests.shipped, hasParser: NodeOracle.isAvailable,
        unrelated: { text in
            // Everything around the `mail` member's value.
            let (before, after) = (GhostFormatTests.mailBefore, GhostFormatTests.mailAfter)
            guard text.hasPrefix(before), text.hasSuffix(after), text.utf8.count >= before.utf8.count + after.utf8.count
            else { return text }
            return before + "…" + after
        },
        credentials: { paths in
            try GhostFormatTests.mail(try texts(paths)).map {
                Credentials(login: $0.options?.auth?.user, password: $0.options?.auth?.pass)
            }
        })

    static let nextcloud = ApplicationFile(
        application: .nextcloud, shipped: NextcloudFormatTests.shipped, hasParser: PHPOracle.isAvailable,
        unrelated: NextcloudFormatTests.withoutMailEntries,
        credentials: { paths in
            try NextcloudFormatTests.mailEntries(try texts(paths)).map {
                Credentials(login: $0["mail_smtpname"]?.text, password: $0["mail_smtppassword"]?.text)
            }
        })

    static let gitea = ApplicationFile(
        application: .gitea, shipped: GiteaFormatTests.shipped,
        hasParser: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
        unrelated: GiteaFormatTests.withoutMailer,
        credentials: { paths in
            // As Gitea loads app.ini (its options); the format tests check go-ini's defaults too.
            try GiteaFormatTests.mailer(try texts(paths)).map {
                Credentials(login: $0.gitea["USER"], password: $0.gitea["PASSWD"])
            }
        })

    private static func texts(_ paths: [String]) throws -> [String] {
        try paths.map { try String(contentsOfFile: $0, encoding: .utf8) }
    }
}

extension OracleValue {
    /// The text, or the value as the parser would print it.
    var text: String {
        switch self {
        case .text(let text): text
        case .number(let number): String(number)
        case .flag(let flag): String(flag)
        }
    }
}
