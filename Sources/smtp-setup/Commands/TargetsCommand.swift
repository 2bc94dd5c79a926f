import ArgumentParser
import Foundation
import SMTPSettings

/// `targets`: which applications this machine has whose SMTP settings the
/// tool can write, and what the wizard falls back to when there is none.
struct TargetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "List the applications found here whose SMTP settings this tool can write.",
        discussion: """
            Looks where \(Application.allCases.map(\.title).joined(separator: ", ")) are usually installed \
            (\(Application.allCases.flatMap(\.usualPaths).joined(separator: ", "))) and in the current directory \
            (\(Application.allCases.map(\.fileName).joined(separator: ", ")), containers/app.yml), and names \
            Forem's database when DATABASE_URL is a postgres:// URL. Each is listed with the --store value \
            that uses it. The wizard, started with no store, proposes what is found here; when nothing is \
            found it uses the embedded store \(StoreLocation.defaultPath).

            Only looks: nothing is opened for writing.

            $\(TargetFinder.rootEnvironmentVariable) (for testing only): look under that folder instead of /.

            EXIT CODES
              0   at least one application was found
              1   nothing was found: the embedded store is the fallback
              74  the output could not be written
            """)

    @Flag(help: "Print one JSON object: the applications found and the fallback store.") var json = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let found = TargetFinder.fromEnvironment(environment).find()
        let report = TargetsReport(found: found, fallback: StoreLocation.defaultPath)
        if json {
            try emit(try JSONText.encode(report))
        } else {
            try emit(TargetsReport.render(found, fallback: StoreLocation.defaultPath))
        }
        if found.isEmpty { throw ExitCode(1) }
    }
}

/// `targets --json`: the same as the text, as data.
struct TargetsReport: Encodable {
    let found: [FoundTarget]
    /// The embedded store, used when none of the found is chosen.
    let fallback: String

    /// One line per find, then the fallback; file paths made safe for the terminal.
    static func render(_ found: [FoundTarget], fallback: String) -> String {
        guard !found.isEmpty else {
            // Named from the enum, so a new target is never missing from the list.
            let looked = Application.allCases.map(\.title).joined(separator: ", ")
            return "No application found here (looked for \(looked), and Forem's DATABASE_URL).\n"
                + "Fallback: the embedded store \(TerminalSafe.visible(fallback)) (used when no --store is given)."
        }
        var lines: [String] = []
        for target in found {
            var notes = [target.place.rawValue]
            if target.readable == false { notes.append("not readable by this user: use sudo") }
            lines.append(
                "\(target.sentence)  store: \(TerminalSafe.visible(target.store))  (\(notes.joined(separator: "; ")))")
        }
        lines.append(
            "Fallback: the embedded store \(TerminalSafe.visible(fallback)). Use one with --store STORE, "
                + "or start the wizard with no store to choose.")
        return lines.joined(separator: "\n")
    }
}
