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
        }
    }
}
