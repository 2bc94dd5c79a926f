import SMTPSettings
import Testing

@testable import Wizard

/// Forem's own database refuses what Forem's mailer cannot do, in the form
/// itself, before any test or save.
@Suite struct StoreKindTests {
    @Test func tlsOnConnectIsAnErrorForFormsDatabaseAndAWarningElsewhere() {
        for (kind, blocks) in [(StoreKind.foremDatabase, true), (.embedded, false)] {
            var state = WizardState(
                storePath: storePath, access: .writable, stored: existingStore(),
                environment: WizardEnvironment(storeKind: kind))
            state = at(.server, from: state)
            press(&state, .tab, .tab)
            #expect(state.focus == .security)
            press(&state, .right)
            #expect(state.text(.security) == "tls")
            let effects = press(&state, .control("t"))
            if blocks {
                #expect(effects.isEmpty, "no test runs on settings Forem cannot use")
                #expect(state.test?.outcome?.diagnosis?.diagnosisClass == .invalidSettings)
                #expect(prose(state).contains("587"))
            } else {
                #expect(effects == [.runTest(state.settings, sendTo: nil)])
            }
        }
    }
}
