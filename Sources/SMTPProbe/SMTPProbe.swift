import Foundation
import ProbeModel
import SMTPSettings

/// The live connection test: walks the whole SMTP conversation, reports
/// each phase as it goes, and ends in success or one diagnosis.
public struct SMTPProbe: Sendable {
    public var options: ProbeOptions

    public init(options: ProbeOptions = ProbeOptions()) {
        self.options = options
    }

    /// Tests `settings`; `events` hears every phase and transcript line as it
    /// happens, and last how the test ended.
    public func run(_ settings: MailSettings, events: @escaping @Sendable (ProbeEvent) -> Void = { _ in }) async
        -> ProbeReport
    {
        let session = ProbeSession(options: options, events: events)
        let hangUp = session.hangUp
        // `--timeout N` caps the whole test, not only each phase: at N the
        // connection is closed and the test ends as a timeout.
        let limit = options.overallLimit.map { seconds in
            Task { [hangUp] in
                // Half a second after the phases' own caps, so a phase that ends on time reports itself.
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000) + 500))
                hangUp.expire()
            }
        }
        // Cancelling the task hangs up at once: every wait on the server then
        // ends with "closed" instead of running on to its timeout.
        await withTaskCancellationHandler {
            await session.run(settings)
        } onCancel: {
            hangUp.cancel()
        }
        limit?.cancel()
        var report = session.report
        if var diagnosis = report.diagnosis {
            diagnosis.suggestion = FixSuggestion.values(for: diagnosis, report: report, settings: settings)
            report.diagnosis = diagnosis
        }
        events(.finished(outcome: report.outcome))
        return report
    }
}

/// Thrown inside a session to end it with a diagnosis.
struct ProbeStop: Error {
    var diagnosis: Diagnosis
}
