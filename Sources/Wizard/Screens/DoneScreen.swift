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
        lines += cacheLines(state, width: width)
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

    /// The offer to clear the application's settings cache now, and how it went.
    static func cacheLines(_ state: WizardState, width: Int) -> [Line] {
        let charset = state.charset
        switch state.cache {
        case .notAsked:
            guard state.offersCacheClearing else { return [] }
            return Line.wrapped(
                "Press c to clear Forem's settings cache now (\(Notices.foremClearCacheCommand)); it boots Forem, "
                    + "which takes a while.", .key, width: width)
        case .clearing:
            return [Line("\(charset.spinner(state.spinnerFrame)) Clearing Forem's settings cache\(charset.ellipsis)")]
        case .cleared:
            return Line.marked(
                charset.check, "Forem's settings cache is cleared: it reads the new settings now.", .success,
                width: width)
        case .failed(let reason):
            return Line.marked(
                charset.cross, "Clearing Forem's cache failed (\(reason)); the save stands. Restart Forem instead.",
                .error, width: width)
        }
    }

    /// Whether the application can read what was saved, and how it picks it up.
    static func reach(_ state: WizardState, _ saved: SavedResult, width: Int) -> [Line] {
        ReachText.after(saved.readability, server: saved.settings.address).flatMap { sentence in
            sentence.isWarning
                ? Line.marked(state.charset.warning, sentence.text, .warning, width: width)
                : Line.wrapped(sentence.text, sentence.text == Notices.foremPickUp ? .dim : .normal, width: width)
        }
    }
}
