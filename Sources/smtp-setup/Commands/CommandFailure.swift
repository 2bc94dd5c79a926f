import ArgumentParser
import Foundation
import SMTPSettings

/// Prints one error line to stderr the same way for every command; never
/// traps when the terminal is gone (see `SafeOutput`).
func printError(_ message: String) {
    SafeOutput.standardError("smtp-setup: error: \(message)\n")
}

func printWarning(_ message: String) {
    SafeOutput.standardError("smtp-setup: warning: \(message)\n")
}

/// A failure already explained on stderr, ending with a sysexits code.
struct CommandFailure: Error {
    static let usage: Int32 = 64
    static let invalidSettings: Int32 = 65
}

/// Runs store work; a store error is printed in words and becomes its exit code.
func failing<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError(error.description)
        throw ExitCode(error.exitCode)
    }
}

/// Prints each problem with its fix, then fails with 65.
func reportInvalid(_ problems: [SettingProblem]) -> ExitCode {
    for problem in problems { printError(problem.description) }
    return ExitCode(CommandFailure.invalidSettings)
}

func usageFailure(_ message: String) -> ExitCode {
    printError(message)
    return ExitCode(CommandFailure.usage)
}
