import ProbeModel
import SMTPSettings

extension WizardState {

    /// Entering the test step from the form runs the test, unless these very
    /// settings were just tested.
    mutating func autoTest() -> [WizardEffect] {
        if let test, test.isRunning || test.settings == settings { return [] }
        return startTest(sendTo: nil)
    }

    mutating func startTest(sendTo: String?) -> [WizardEffect] {
        let settings = self.settings
        var run = TestRun(settings: settings, sendTo: sendTo)
        pane = .transcript
        let errors = SettingsValidator.errors(in: settings, store: environment.storeKind)
        if let first = errors.first {
            // The form is not complete: say so in the diagnosis pane, with the same fix-it key.
            let explanation = errors.map(\.sentence).joined(separator: " ")
            run.outcome = ProbeOutcome(
                diagnosis: Diagnosis(
                    .invalidSettings, title: "The settings are not complete yet", explanation: explanation,
                    fix: first.fix, setting: SettingName(first.key)))
            test = run
            return []
        }
        test = run
        return [.runTest(settings, sendTo: sendTo)]
    }

    mutating func cancelTest() -> [WizardEffect] {
        test?.cancelled = true
        if let index = test?.phases.lastIndex(where: { $0.status == .running }) {
            test?.phases[index].status = .skipped
        }
        notice = .info("Test cancelled.")
        return [.cancelTest]
    }

    mutating func startDetect() -> [WizardEffect] {
        if let detect, detect.lines == nil { return [] }
        guard let host = settings.address, !host.isEmpty else {
            notice = .error("Detect needs a server address: Esc back to the Server step to enter one.")
            return []
        }
        detect = DetectRun(host: host, lines: nil)
        pane = .detect
        return [.detect(host: host, port: settings.port)]
    }

    mutating func scrollTranscript(up: Bool) {
        guard var run = test else { return }
        let page = max(1, TestLayout(self).transcriptRows - 1)
        let limit = max(0, run.transcript.count - TestLayout(self).transcriptRows)
        run.scroll = up ? min(limit, run.scroll + page) : max(0, run.scroll - page)
        test = run
    }

    // MARK: Progress from the executable

    /// One event of the live test, as the probe emitted it.
    mutating func record(_ event: ProbeEvent) {
        switch event {
        case .phaseStarted(let phase, let limit): recordPhase(phase, .running, nil, limit: limit)
        case .phaseFinished(let phase, let status, let milliseconds):
            recordPhase(phase, status, milliseconds, limit: nil)
        case .transcript(let line): recordTranscript(line)
        // The certificate comes again with the outcome, where the screen shows it.
        case .certificate: break
        case .finished(let outcome): finishTest(outcome)
        }
    }

    mutating func recordPhase(_ name: ProbePhase, _ status: PhaseStatus, _ milliseconds: Int?, limit: Double?) {
        guard var run = test, run.isRunning else { return }
        var phase = TestPhase(name, status: status, milliseconds: milliseconds)
        phase.limitSeconds = limit
        phase.startedAtTick = spinnerFrame
        if let index = run.phases.lastIndex(where: { $0.phase == name && $0.status == .running }) {
            phase.limitSeconds = limit ?? run.phases[index].limitSeconds
            phase.startedAtTick = run.phases[index].startedAtTick
            run.phases[index] = phase
        } else {
            run.phases.append(phase)
        }
        test = run
    }

    mutating func recordTranscript(_ line: TranscriptLine) {
        guard var run = test, run.isRunning else { return }
        run.transcript.append(line)
        // Someone reading back keeps their place while new lines arrive.
        if run.scroll > 0 { run.scroll += 1 }
        test = run
    }

    mutating func finishTest(_ outcome: ProbeOutcome) {
        guard var run = test, run.isRunning else { return }
        run.outcome = outcome
        for index in run.phases.indices where run.phases[index].status == .running {
            run.phases[index].status = outcome.passed ? .passed : .failed
        }
        test = run
        if run.passed { lastPassed = run.settings }
    }

    mutating func finishDetect(_ lines: [String], recommendation: [SuggestedValue]) {
        guard detect != nil else { return }
        detect?.lines = lines
        detect?.recommendation = recommendation
        // A test started meanwhile keeps the pane; Tab shows the findings.
        if test?.isRunning != true { pane = .detect }
    }
}
