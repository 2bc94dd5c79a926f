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
}
