import SMTPSettings

/// Each field's help and placeholder, decided once for every front end.
extension WizardState {
    /// What the field is for, in the words both wizards show beside it.
    public func help(for key: SettingKey) -> String {
        switch key {
        case .address:
            return "The SMTP host your provider gives, like smtp.sendgrid.net, or an IP address."
        case .port:
            return "587 is usual for STARTTLS, 465 for TLS on connect, 25 between servers "
                + "(many clouds block 25; 2525 often works instead)."
        case .security:
            return "STARTTLS starts plain and switches to encryption; TLS encrypts from the first byte. "
                + "none sends everything readable: only for a relay on this machine."
        case .verifyCertificate:
            return "Checks that the server's certificate is valid and made out to its name. Turn off only "
                + "for a server whose self-signed certificate you trust."
        case .authentication:
            return "plain and login send the password inside the encrypted connection; cram_md5 never sends "
                + "it; none is for a relay that needs no login."
        case .userName:
            return "The SMTP user name from your provider; often not your email address."
        case .password:
            if passwordLeftBehind && !passwordEdited {
                return "The stored password was for \(loaded.settings.address ?? "another server") and is "
                    + "never sent to another server: type the password for \(text(.address))."
            }
            return hasStoredPassword && !passwordEdited
                ? "The stored password is kept unless you type a new one. It is never shown."
                : "The SMTP password, API key or app password. Hidden as you type; Ctrl-R shows it."
        case .domain:
            return "The name this server gives itself when it greets the mail server (HELO/EHLO), like "
                + "app.example.com. "
                + (environment.application?.delivery.emptyHeloPhrase.map { "Empty: \($0)" }
                    ?? "Empty sends this machine's name, \(environment.machineName)")
                + "; a fully qualified name that resolves is better, as some servers refuse others."
        case .fromName:
            return "The name people see as the sender, like Example App. Optional."
        case .fromEmailAddress:
            return "The sender address. It must be at a domain your provider lets you send from (SPF, DKIM)."
        case .replyToEmailAddress:
            return "Where replies go, if not to the sender address. Optional."
        }
    }

    /// What an empty field shows in its place: a hint, never a value.
    public func placeholder(for key: SettingKey) -> String? {
        switch key {
        case .password:
            // Only ever these words: the stored password itself is never drawn, revealed or not.
            if hasStoredPassword {
                return "(stored password kept \(charset.dash) type to replace)"
            }
            if passwordLeftBehind { return "(type the password for this server)" }
            return currentProvider?.password
        case .userName: return currentProvider?.userNameHint
        case .domain, .fromName, .replyToEmailAddress: return "optional"
        case .fromEmailAddress: return "like notifications@example.com"
        default: return nil
        }
    }
}
