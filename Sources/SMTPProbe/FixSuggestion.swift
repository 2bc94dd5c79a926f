import ProbeModel
import SMTPSettings

/// The values the wizard's fix-it key may put in for a failure, only where
/// the failure leaves exactly one sensible value; otherwise it just points
/// at the field.
enum FixSuggestion {
    static func values(for diagnosis: Diagnosis, report: ProbeReport, settings: MailSettings) -> [SuggestedValue] {
        let capabilities = report.capabilities
        let offersStartTLS = capabilities?.startTLS == true
        switch diagnosis.diagnosisClass {
        case .tlsOnPlaintextPort where settings.security == .tls:
            // The port speaks plain SMTP first: STARTTLS is how to encrypt there.
            return [SuggestedValue(.security, Security.starttls.rawValue)]
        case .noGreeting where settings.security != .tls:
            // Silent in plain text, but a TLS handshake on this very port succeeded: TLS on
            // connect, here (naming the port keeps it from following the usual one).
            return [
                SuggestedValue(.security, Security.tls.rawValue),
                SuggestedValue(.port, settings.effective(.port) ?? String(Security.tls.usualPort)),
            ]
        case .authRequiresTLS, .plaintextAuthRefused, .authNotOffered:
            guard settings.security == Security.none, offersStartTLS else { return [] }
            return [SuggestedValue(.security, Security.starttls.rawValue)]
        case .authMechanismNotOffered:
            let usable = (capabilities?.authMechanisms ?? []).compactMap(mechanism)
            guard usable.count == 1, let only = usable.first else { return [] }
            return [SuggestedValue(.authentication, only.rawValue)]
        default:
            return []
        }
    }

    static func mechanism(_ name: String) -> Authentication? {
        Authentication.allCases.first { $0.saslName == name.uppercased() }
    }
}
