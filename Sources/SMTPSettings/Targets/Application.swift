/// A self-hosted application whose SMTP settings this tool writes where it
/// reads them. Forem reads the `settings_smtp` table (the sqlite: and
/// postgres: stores); Odoo a row of its own database's `ir_mail_server`
/// (odoo+postgres:); the others read a file of their own.
public enum Application: String, CaseIterable, Sendable, Codable {
    case mastodon
    case discourse
    case gitlab
    case ghost
    case nextcloud
    case gitea
    case umbraco
    /// Odoo (and OpenSPP, built on it): not a file but its database; its
    /// odoo.conf only says where that database is.
    case odoo

    /// The applications whose settings are a file (`APP:PATH`).
    public static let fileApplications = allCases.filter { $0 != .odoo }

    /// The name an admin knows it by.
    public var title: String {
        switch self {
        case .mastodon: "Mastodon"
        case .discourse: "Discourse"
        case .gitlab: "GitLab"
        case .ghost: "Ghost"
        case .nextcloud: "Nextcloud"
        case .gitea: "Gitea"
        case .umbraco: "Umbraco"
        case .odoo: "Odoo"
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
        // 9 and later keep appsettings.json; 7 and 8 web.config (IIS sites, often mounted).
        case .umbraco:
            [
                "/var/www/umbraco/appsettings.json", "/srv/umbraco/appsettings.json", "/var/www/umbraco/web.config",
            ]
        // The configuration file Debian's package and the docker image read (db_host, db_name...).
        case .odoo: ["/etc/odoo/odoo.conf", "/etc/odoo/odoo-server.conf", "/etc/odoo.conf"]
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
        case .umbraco: "appsettings.json"
        case .odoo: "odoo.conf"
        }
    }

    /// What makes the running application read a saved change; empty when
    /// it reads the change by itself (see `pickUp`).
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
        case .umbraco, .odoo: ""
        }
    }

    /// What the done screen and `set` say after a save.
    public var pickUp: String {
        switch self {
        // appsettings.json is loaded with reloadOnChange; IIS recycles the
        // application pool whenever web.config changes.
        case .umbraco:
            "Umbraco 9 and later read appsettings.json again by themselves, without a restart; "
                + "with web.config (Umbraco 7 and 8), IIS restarts the site's application pool on its own."
        case .odoo: OdooMailServer.pickUp
        default: "\(title) reads the new settings once it is restarted: run \(pickUpCommand)."
        }
    }
}
