import ProbeModel
import SMTPSettings
import Testing

@testable import SMTPProbe

/// The diagnosis words are split by family; every class must find its own.
struct DiagnosisWordsTests {
    @Test(arguments: DiagnosisClass.allCases)
    func everyClassHasItsFamilysWords(_ kind: DiagnosisClass) {
        let context = DiagnosisContext(
            host: "mail.example.com", port: 587, security: .starttls, authentication: .plain, phase: .auth)
        let diagnosis = Diagnosis.make(kind, context)
        #expect(diagnosis.diagnosisClass == kind)
        #expect(!diagnosis.title.hasPrefix("The test failed ("), "\(kind) fell through to the generic words")
        #expect(!diagnosis.fix.isEmpty)
    }

    /// The probe names settings without the settings model; the names must be the model's.
    @Test func settingNamesAreTheSettingKeys() {
        #expect(SettingName.allCases.map(\.rawValue) == SettingKey.allCases.map(\.rawValue))
    }
}
