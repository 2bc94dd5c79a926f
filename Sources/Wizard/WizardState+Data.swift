import SMTPSettings

/// What the wizard shows, as data: every front end reads these, so the
/// full-screen view and the line wizard say the same things.
extension WizardState {
    /// The review's rows and warnings for the form as it is now.
    public var reviewSummary: ReviewSummary { draft.summary(machineName: environment.machineName) }

    /// Where the form's settings stand against the last test.
    public var testStanding: TestStanding {
        let failed = test.flatMap { run in run.outcome?.diagnosis.map { (settings: run.settings, title: $0.title) } }
        let reservation = CAFileNote.applies(self) ? CAFileNote.sentence(self, capitalised: false) : nil
        return TestStanding(
            settings, lastPassed: lastPassed, lastFailed: failed, running: test?.isRunning == true,
            reservation: reservation)
    }
}
