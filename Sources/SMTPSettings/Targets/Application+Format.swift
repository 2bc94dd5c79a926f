/// The one place that says which applications this version can write.
extension Application {
    /// How the application keeps its SMTP settings; nil while this version
    /// cannot write its file yet (its store URL is then refused in words).
    public var format: (any ConfigFileFormat)? {
        switch self {
        case .mastodon: MastodonFormat()
        case .discourse: DiscourseFormat()
        case .gitlab: GitLabFormat()
        case .ghost: GhostFormat()
        case .nextcloud: NextcloudFormat()
        case .gitea: GiteaFormat()
        case .umbraco: UmbracoFormat()
        // A row of its database, not a file: OdooStore.
        case .odoo: nil
        }
    }

    /// The smallest file the application reads. `export --format APP`
    /// writes into it, so the snippet is exactly what the store would write.
    public var skeleton: String {
        switch self {
        case .mastodon, .gitlab, .gitea, .odoo: ""
        case .discourse: "env:\n"
        case .ghost, .umbraco: "{}\n"
        case .nextcloud: "<?php\n$CONFIG = array (\n);\n"
        }
    }
}

extension Application {
    /// The form's fields this application has no setting for: not asked,
    /// and shown as not used by it. Authentication is always asked even
    /// where the application picks the mechanism: none or plain says
    /// whether it logs in at all (another mechanism is refused).
    public var unaskedKeys: Set<SettingKey> {
        guard let usedKeys else { return [] }
        return Set(SettingKey.allCases).subtracting(usedKeys).subtracting([.authentication])
    }

    /// The form's fields the application has a setting for; nil while this
    /// version cannot write its settings.
    public var usedKeys: Set<SettingKey>? {
        self == .odoo ? OdooMailServer.usedKeys : format?.usedKeys
    }

    /// What the application cannot do with these settings (refused or warned
    /// before the test and the save).
    public func problems(in settings: MailSettings) -> [SettingProblem] {
        self == .odoo ? OdooMailServer.problems(in: settings) : format?.problems(in: settings) ?? []
    }
}
