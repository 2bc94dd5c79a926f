import Foundation
import SMTPSettings

/// A program run to its end after a save (Forem's cache clearing, an
/// application's pick-up command): no input, both output streams captured,
/// so nothing it prints reaches the terminal raw.
struct CapturedRun {
    var status: Int32
    var signalled: Bool
    var output: String

    /// The run, or why the program could not be started.
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) -> Result<
        CapturedRun, StartFailure
    > {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            let name = (executable as NSString).lastPathComponent
            return .failure(StartFailure(message: "cannot start \(name): \(error.localizedDescription)"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .success(
            CapturedRun(
                status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                output: String(decoding: data, as: UTF8.self)))
    }

    /// The last `count` lines of the output, each cut short and made safe to show.
    func lastLines(_ count: Int) -> [String] {
        output.split(whereSeparator: \.isNewline).suffix(count).map { TerminalSafe.visible(String($0.prefix(300))) }
    }

    struct StartFailure: Error {
        var message: String
    }
}
