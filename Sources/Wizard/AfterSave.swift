import SMTPSettings

/// What makes the running application read a save: Forem's settings cache
/// cleared, or the application restarted (or reconfigured, or rebuilt).
/// One offer for every application: the done screen names the command,
/// and offers to run it (never without the admin's key) only where the tool
/// can see it installed.
public struct AfterSaveOffer: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// `bin/rails runner 'Settings::SMTP.clear_cache'` in Forem's folder (`--forem-dir`).
        case foremCache
        /// The application's own pick-up command.
        case pickUp(Application)
    }

    public var kind: Kind
    /// Exactly what is run, as the admin would type it.
    public var command: String
    /// The tool can run it here; otherwise it is only named.
    public var canRun: Bool

    public init(kind: Kind, command: String, canRun: Bool) {
        self.kind = kind
        self.command = command
        self.canRun = canRun
    }

    /// Forem's cache, with `--forem-dir` given.
    public static let foremCache = AfterSaveOffer(
        kind: .foremCache, command: Notices.foremClearCacheCommand, canRun: true)

    /// An application's pick-up, as found for the saved file.
    public static func pickUp(_ pickUp: PickUp) -> AfterSaveOffer {
        AfterSaveOffer(kind: .pickUp(pickUp.application), command: pickUp.command, canRun: pickUp.isInstalled)
    }

    /// The application whose pick-up this is; nil for Forem's cache.
    public var application: Application? {
        if case .pickUp(let application) = kind { return application }
        return nil
    }

    /// The done screen's key that runs it.
    public var key: Character {
        switch kind {
        case .foremCache: "c"
        case .pickUp: "r"
        }
    }

    /// What running it does, for the key list ("clear Forem's cache").
    public var action: String {
        switch kind {
        case .foremCache: "clear Forem's cache"
        case .pickUp(let application): "make \(application.title) read it"
        }
    }

    /// Said after every save to the application: how it reads the change.
    public var sentence: String {
        switch kind {
        case .foremCache: Notices.foremPickUp
        case .pickUp(let application): "\(application.title) reads the new settings once you run: \(command)"
        }
    }

    /// The offer, for a front end to ask.
    public var question: String {
        switch kind {
        case .foremCache: "Clear Forem's settings cache now (\(command), takes a while)?"
        case .pickUp(let application): "Run \(command) now, so that \(application.title) reads the new settings?"
        }
    }

    var offerLine: String {
        switch kind {
        case .foremCache:
            "Press c to clear Forem's settings cache now (\(command)); it boots Forem, which takes a while."
        case .pickUp(let application):
            "Press r to run it now: \(application.title) is installed here."
        }
    }

    var runningLine: String {
        switch kind {
        case .foremCache: "Clearing Forem's settings cache"
        case .pickUp: "Running \(command)"
        }
    }

    /// How it went, in one sentence: the exit status is always said for a command.
    public func outcome(_ result: AfterSaveResult) -> String {
        switch (kind, result.failure) {
        case (.foremCache, nil):
            "Forem's settings cache is cleared: it reads the new settings now."
        case (.foremCache, let failure?):
            "Clearing Forem's cache failed (\(failure)); the save stands. Restart Forem instead."
        case (.pickUp(let application), nil):
            "\(command) finished (exit status 0): \(application.title) reads the new settings now."
        case (.pickUp, let failure?):
            "\(command) failed (\(failure)); the save stands. Run it yourself once the cause is fixed."
        }
    }
}

/// What running the offer gave: nil `failure` when it succeeded, and the
/// last lines it printed, already made safe for the terminal.
public struct AfterSaveResult: Equatable, Sendable {
    public var failure: String?
    public var output: [String]

    public init(failure: String?, output: [String] = []) {
        self.failure = failure
        self.output = output
    }
}

/// Where running the offer stands on the done screen.
enum AfterSaveRun: Equatable, Sendable {
    case notAsked
    case running
    case finished(AfterSaveResult)

    var succeeded: Bool {
        if case .finished(let result) = self { return result.failure == nil }
        return false
    }
}

extension WizardState {
    /// How the application reads a change to its own file, said after every
    /// save to it; nil for Forem's stores (ReachText names Forem's cache).
    public var pickUpSentence: String? {
        guard let offer = environment.afterSave, case .pickUp = offer.kind else {
            // An application that reads its file by itself (Umbraco) has no command to offer.
            return environment.application?.pickUp
        }
        return offer.sentence
    }

    /// The pick-up sentence after a save to an application's file, until its
    /// command has run successfully from the done screen.
    public var pickUpStillToRun: String? {
        guard saved?.entry != nil, !afterSaveRun.succeeded else { return nil }
        return pickUpSentence
    }

    /// The offer after this save, if it changed something and one applies.
    public var afterSaveOffer: AfterSaveOffer? {
        guard saved?.entry != nil else { return nil }
        return environment.afterSave
    }

    /// After a save that changed something, where the tool can run the offer:
    /// the key works until it has succeeded, and not while it runs.
    var offersAfterSave: Bool {
        guard step == .done, let offer = afterSaveOffer, offer.canRun else { return false }
        return afterSaveRun != .running && !afterSaveRun.succeeded
    }

    /// The done screen's key: run the offer.
    mutating func runAfterSave() -> [WizardEffect] {
        guard offersAfterSave, let offer = afterSaveOffer else { return [] }
        afterSaveRun = .running
        return [.runAfterSave(offer)]
    }

    mutating func finishAfterSave(_ result: AfterSaveResult) {
        guard afterSaveRun == .running else { return }
        afterSaveRun = .finished(result)
    }
}
