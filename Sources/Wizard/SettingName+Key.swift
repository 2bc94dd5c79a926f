import ProbeModel
import SMTPSettings

/// The probe names a setting without the settings model (it may not import
/// it); the wizard and the commands turn the name into the key here.
extension SettingKey {
    public init(_ name: SettingName) {
        self =
            switch name {
            case .address: .address
            case .port: .port
            case .security: .security
            case .verifyCertificate: .verifyCertificate
            case .authentication: .authentication
            case .userName: .userName
            case .password: .password
            case .domain: .domain
            case .fromName: .fromName
            case .fromEmailAddress: .fromEmailAddress
            case .replyToEmailAddress: .replyToEmailAddress
            }
    }
}

extension SettingName {
    public init(_ key: SettingKey) {
        self =
            switch key {
            case .address: .address
            case .port: .port
            case .security: .security
            case .verifyCertificate: .verifyCertificate
            case .authentication: .authentication
            case .userName: .userName
            case .password: .password
            case .domain: .domain
            case .fromName: .fromName
            case .fromEmailAddress: .fromEmailAddress
            case .replyToEmailAddress: .replyToEmailAddress
            }
    }
}
