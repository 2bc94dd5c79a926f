import Foundation
import Terminal

#if canImport(Glibc)
    import Glibc
#endif

/// Where the fallback wizard writes: standard output, unbuffered (through
/// `SafeOutput`), so a prompt shows before the wizard waits for an answer
/// and a terminal that hung up never makes a write trap. (The live test
/// phases come from `LivePhasePrinter`, which writes the same way.)
struct LineOutput: Sendable {
    var write: @Sendable (String) -> Void

    static let standard = LineOutput { text in SafeOutput.standardOutput(text) }

    func line(_ text: String = "") { write(text + "\n") }

    /// A question: no newline, the answer is typed after it.
    func prompt(_ text: String) { write(text) }
}
