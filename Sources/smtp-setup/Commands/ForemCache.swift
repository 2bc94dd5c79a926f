import ArgumentParser
import Foundation
import SMTPSettings

/// Clears Forem's settings cache (Rails.cache, key settings/smtp) so the
/// running application reads a save now, only when the admin asks for it
/// (`set --clear-cache --forem-dir DIR`): it boots Forem, which takes a while.
enum ForemCache {
    static let command = Notices.foremClearCacheCommand

    /// Why `--forem-dir` cannot be used; nil when it holds bin/rails.
    static func problem(with directory: String) -> String? {
        let rails = (directory as NSString).appendingPathComponent("bin/rails")
        guard FileManager.default.isExecutableFile(atPath: rails) else {
            return "--forem-dir \(TerminalSafe.visible(directory)) has no executable bin/rails: give Forem's folder "
                + "(the one holding its Gemfile, often /opt/forem or ~forem/forem)."
        }
        return nil
    }

    /// Runs the command in `directory`; nil on success, else what went wrong
    /// (the last line Rails printed, made safe for the terminal).
    static func clear(in directory: String) -> String? {
        let rails = (directory as NSString).appendingPathComponent("bin/rails")
        switch CapturedRun.run(rails, ["runner", "Settings::SMTP.clear_cache"], in: directory) {
        case .failure(let failure):
            return failure.message
        case .success(let run):
            guard run.status != 0 else { return nil }
            return "bin/rails exited with \(run.status)" + (run.lastLines(1).first.map { ": " + $0 } ?? "")
        }
    }
}

/// `--forem-dir`, shared by the wizard and `set` (one declaration, so the
/// parser gives it to whichever command runs).
struct ForemOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Forem's folder (holding bin/rails): after a save, clearing Forem's settings cache is offered "
                + "(the wizard) or done (set --clear-cache).", valueName: "dir"))
    var foremDir: String?
}
