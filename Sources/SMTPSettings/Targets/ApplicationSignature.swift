import Foundation

/// What a file of each application always holds, so that a file found in
/// the current directory by its name alone (any .NET project has an
/// appsettings.json, any PHP project a config.php) is proposed only when
/// it is that application's.
extension Application {
    /// Words one of which the application's file holds (compared without
    /// case): what its installer writes, or what it needs to start.
    var signatureWords: [String] {
        switch self {
        case .mastodon: ["LOCAL_DOMAIN"]
        case .discourse: ["DISCOURSE_"]
        case .gitlab: ["external_url", "gitlab_rails["]
        case .ghost: ["\"url\"", "\"database\""]
        case .nextcloud: ["$CONFIG"]
        case .gitea: ["RUN_USER", "[repository]", "[mailer]"]
        // As a key ("Umbraco": {…}, <umbracoConfiguration>), not a word in a URL.
        case .umbraco: ["\"umbraco\"", "<umbraco"]
        case .odoo: ["[options]"]
        }
    }

    /// Whether `text` (the file's beginning) looks like this application's
    /// file. An empty file is given the benefit of the doubt: an admin may
    /// have made it for the application.
    func recognises(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || signatureWords.contains { trimmed.range(of: $0, options: .caseInsensitive) != nil }
    }

    /// Whether the file at `path` looks like this application's; a file
    /// that cannot be read is not judged (true): the wizard says why later.
    func recognisesFile(at path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        return recognises(String(decoding: head, as: UTF8.self))
    }
}
