import SMTPSettings

enum DoneScreen {
    static func body(_ state: WizardState, width: Int) -> Body {
        let charset = state.charset
        guard let saved = state.saved else { return Body(lines: []) }
        var lines: [Line] = []
        guard let entry = saved.entry else {
            lines += Line.marked(charset.check, "Nothing to save", .success, width: width)
            lines.append(.blank)
            lines += Line.wrapped(
                "The store \(state.storePath) already holds exactly these settings "
                    + "(revision \(saved.previousRevision)).", width: width)
            return Body(lines: lines)
        }
        lines += Line.marked(charset.check, "Saved", .success, width: width)
        lines.append(.blank)
        lines += Line.wrapped(
            "The mail settings are saved in \(state.storePath) as revision \(entry.revision), by "
                + "\(entry.savedBy) at \(entry.savedAtText).", width: width)
        if !entry.changedKeys.isEmpty {
            let labels = entry.changedKeys.map(\.label).joined(separator: ", ")
            lines += Line.labelled("Changed", labels, labelWidth: 10, width: width)
        }
        lines.append(.blank)
        lines += reach(state, saved, width: width)
        lines += afterSaveLines(state, width: width)
        if CAFileNote.applies(state) {
            lines += Line.marked(charset.warning, CAFileNote.sentence(state), .warning, width: width)
        }
        lines.append(.blank)
        // Commands wrap rather than lose their end: a cut --store path would act on another store.
        for (label, command) in state.afterSaveCommands {
            lines += Line.labelled(label, command, .key, labelWidth: 14, width: width)
        }
        return Body(lines: lines)
    }

    /// The offer to run what makes the application read the save, and how it went.
    static func afterSaveLines(_ state: WizardState, width: Int) -> [Line] {
        let charset = state.charset
        guard let offer = state.afterSaveOffer else { return [] }
        switch state.afterSaveRun {
        case .notAsked:
            guard state.offersAfterSave else { return [] }
            return Line.wrapped(offer.offerLine, .key, width: width)
        case .running:
            return [Line("\(charset.spinner(state.spinnerFrame)) \(offer.runningLine)\(charset.ellipsis)")]
        case .finished(let result):
            var lines =
                result.failure == nil
                ? Line.marked(charset.check, offer.outcome(result), .success, width: width)
                : Line.marked(charset.cross, offer.outcome(result), .error, width: width)
            // Its own output, already made safe by the runner, as it printed it.
            for output in result.output { lines += Line.wrapped(output, .dim, width: width, indent: 2) }
            return lines
        }
    }

    /// Whether the application can read what was saved, and how it picks it up.
    static func reach(_ state: WizardState, _ saved: SavedResult, width: Int) -> [Line] {
        let pickUp = state.pickUpSentence
        return ReachText.after(saved.readability, server: saved.settings.address, pickUp: pickUp).flatMap { sentence in
            if sentence.isWarning { return Line.marked(state.charset.warning, sentence.text, .warning, width: width) }
            if sentence.text == pickUp { return Line.wrapped(sentence.text, .key, width: width) }
            return Line.wrapped(sentence.text, sentence.text == Notices.foremPickUp ? .dim : .normal, width: width)
        }
    }
}
