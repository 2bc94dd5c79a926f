import SMTPSettings
import Testing

@testable import Wizard

/// The form asks which fields apply from two fields' texts, without building
/// a draft on every key: it must say exactly what the draft's rule says.
@Suite struct FocusableTests {
    @Test(arguments: [nil] + Application.allCases.map { Optional($0) })
    func theFormAsksWhatTheDraftSays(application: Application?) {
        var state = fresh(environment: WizardEnvironment(application: application))
        for authentication in Authentication.allCases.map(\.rawValue) + ["", "bogus"] {
            for security in Security.allCases.map(\.rawValue) + ["", "bogus"] {
                state.fields[.authentication] = FieldEditor(authentication)
                state.fields[.security] = FieldEditor(security)
                let draft = state.draft
                for step in Step.allCases {
                    #expect(
                        state.focusable(step) == step.keys.filter(draft.applies),
                        "\(step) \(authentication) \(security)")
                }
                #expect(state.usesLogin == draft.applies(.userName))
            }
        }
    }
}
