/// A self-hosted application whose SMTP settings this tool writes where it
/// reads them. Forem reads the `settings_smtp` table (the sqlite: and
/// postgres: stores); the others read a file of their own.
public enum Application: String, CaseIterable, Sendable, Codable {
    case mastodon
    case discourse
    case gitlab
    case ghost
    case nextcloud
    case gitea

    /// The name an admin knows it by.
    public var title: String {
        switch self {
        case .mastodon: "Mastodon"
        case .discourse: "Discourse"
        case .gitlab: "GitLab"
        case .ghost: "Ghost"
        case .nextcloud: "Nextcloud"
        case .gitea: "Gitea"
        }
    }

    /// Where an install usually keeps the file, most usual first.
    public var usualPaths: [String] {
        switch self {
        case .mastodon: ["/home/mastodon/live/.env.production", "/opt/mastodon/.env.production"]
        case .discourse: ["/var/discourse/containers/app.yml"]
        case .gitlab: ["/etc/gitlab/gitlab.rb"]
        case .ghost: ["/var/www/ghost/config.production.json"]
        case .nextcloud:
            [
                "/var/www/nextcloud/config/config.php", "/var/www/html/config/config.php",
                "/var/snap/nextcloud/current/nextcloud/config/config.php",
            ]
        // Forgejo keeps Gitea's format and places.
        case .gitea:
            [
                "/etc/gitea/app.ini", "/etc/forgejo/app.ini", "/var/lib/gitea/custom/conf/app.ini",
                "/data/gitea/conf/app.ini",
            ]
        }
    }

    /// The file's own name, looked for in the current directory too.
    public var fileName: String {
        switch self {
        case .mastodon: ".env.production"
        case .discourse: "app.yml"
        case .gitlab: "gitlab.rb"
        case .ghost: "config.production.json"
        case .nextcloud: "config.php"
        case .gitea: "app.ini"
        }
    }

    /// What makes the running application read a saved change.
    public var pickUpCommand: String {
        switch self {
        case .mastodon: "systemctl restart mastodon-sidekiq mastodon-web"
        case .discourse: "cd /var/discourse && ./launcher rebuild app"
        case .gitlab: "gitlab-ctl reconfigure"
        case .ghost: "ghost restart"
        // Nextcloud reads config.php on every request; PHP's opcache may keep
        // the old file until it next checks, and a reload makes it look now.
        case .nextcloud: "systemctl reload 'php*-fpm.service'"
        case .gitea: "systemctl restart gitea"
        }
    }
}
