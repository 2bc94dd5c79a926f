import SMTPSettings

/// Asking: one prompt, one line back. End of input and "q" leave through `Stop`.
extension LineWizard {
    /// The answer, trimmed. "q" asks whether to quit; saying no asks `question` again.
    func ask(_ question: String) throws(Stop) -> String {
        while true {
            output.prompt(question)
            guard let line = input.readLine() else { throw .inputEnded }
            echo(line)
            let answer = line.trimmingCharacters(in: .whitespaces)
            if answer.lowercased() == "q" {
                try confirmQuit()
                continue
            }
            return answer
        }
    }

    /// The password line as typed (only the line ending removed), never echoed on a terminal.
    func askSecret(_ question: String) throws(Stop) -> String {
        while true {
            output.prompt(question)
            guard let line = input.readSecretLine() else { throw .inputEnded }
            echo(line.isEmpty ? "" : "(hidden)")
            if line == "q" {
                try confirmQuit()
                continue
            }
            return line
        }
    }

    /// Yes or no; Enter takes `defaultAnswer`.
    func askYesNo(_ question: String, default defaultAnswer: Bool) throws(Stop) -> Bool {
        let choices = defaultAnswer ? "[Y/n]" : "[y/N]"
        while true {
            let answer = try ask("\(question) \(choices) ")
            if answer.isEmpty { return defaultAnswer }
            if let yes = Self.yesOrNo(answer) { return yes }
            output.line(
                "  '\(answer)' is not an answer here: type y, yes or true, or n, no or false (any case), "
                    + "or Enter for \(defaultAnswer ? "yes" : "no").")
        }
    }

    /// The words every yes/no question accepts, in any case; nil for anything else.
    static func yesOrNo(_ answer: String) -> Bool? {
        switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
        case "y", "yes", "true": true
        case "n", "no", "false": false
        default: nil
        }
    }

    /// Throws `.quit` if the admin confirms; returns to ask again if not.
    func confirmQuit() throws(Stop) {
        output.prompt("Quit without saving? [y/N] ")
        guard let line = input.readLine() else { throw .inputEnded }
        echo(line)
        // Anything but a yes (Enter included) goes back to the question.
        if Self.yesOrNo(line) == true { throw .quit }
    }

    /// A terminal echoes what is typed; from a pipe the answer is written
    /// after the question, so the output reads as a dialogue.
    func echo(_ answer: String) {
        if !input.isTerminal { output.line(answer) }
    }

    /// Prints an error problem with its fix, indented under the question.
    func show(_ problem: SettingProblem) {
        let mark = problem.severity == .error ? "Problem" : "Warning"
        output.line("  \(mark): \(problem.sentence) \(problem.fix)")
    }
}
