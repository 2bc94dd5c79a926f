/// The warnings the admin must see, in one wording for every front end.
public enum Notices {
    public static let lockout = """
        Note: with SMTP on, every user who has not confirmed their email address is logged out \
        and must confirm it to log in again; only the first user is exempt. Make sure that account \
        is a super admin you can reach.
        """
    public static let noFallback = """
        This install has no fallback mail server: invites, password resets and email confirmations \
        do not work until SMTP is set, and restoring defaults cannot bring mail back.
        """

    /// What Forem's mailer (the Mail gem) cannot do: a 465 setup our test
    /// passes fails in Forem with a read timeout.
    public static let foremNoTLSOnConnect = """
        Forem cannot use TLS on connect: it delivers with STARTTLS when the server offers it \
        (and in plain text when it does not), so a port 465 server times out in Forem.
        """

    /// How the running application sees a saved change: Forem caches its
    /// settings for a week in Rails.cache under settings/smtp.
    /// A test passed only because `--ca-file` added a CA the system does not trust.
    public static let trustedOnlyViaCAFile =
        "Trusted only through --ca-file: the system's trusted CAs refuse this server's certificate. "
        + "The application will not trust that certificate unless the CA is installed system-wide "
        + "(copy it to /usr/local/share/ca-certificates/NAME.crt and run update-ca-certificates)."

    public static let foremClearCacheCommand = "bin/rails runner 'Settings::SMTP.clear_cache'"

    public static let foremPickUp = """
        Forem reads the new settings once its settings cache is cleared: run \
        bin/rails runner 'Settings::SMTP.clear_cache' in Forem's folder, or restart Forem.
        """

    /// What makes the application that reads the store see a saved change.
    public static func pickUp(for kind: StoreKind) -> String {
        kind.application?.pickUp ?? foremPickUp
    }

    /// What Forem does with STARTTLS: it follows the server's offer.
    public static let foremStartTLS = """
        Forem uses STARTTLS whenever the server offers it; if the server (or something on the path) \
        stopped offering it, Forem would send the mail, and the password, in plain text.
        """
}
