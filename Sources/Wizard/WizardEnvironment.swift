import SMTPSettings

/// What the wizard is told about the machine and the run, beside the store.
public struct WizardEnvironment: Equatable, Sendable {
    /// The HELO name the test sends when the domain is empty.
    public var machineName: String
    /// Who the store will belong to, and so who can read it.
    public var owner: OwnerSource
    /// Said before saving when the application's user could not read the store as it is.
    public var readabilityWarning: String?
    /// Whether reaching the test step runs the test; the line wizard asks first.
    public var testsOnEntering: Bool
    /// What the store can hold: Forem's own database refuses what Forem cannot do.
    public var storeKind: StoreKind
    /// The application whose own file is the store (`mastodon:PATH`…); nil
    /// for the SQLite and PostgreSQL stores, which Forem reads.
    public var application: Application?
    /// What makes the application read a save: named after it, and offered
    /// on the done screen when the tool can run it.
    public var afterSave: AfterSaveOffer?
    /// With no store named, what was found on this machine, the embedded
    /// store last: the welcome proposes them. Empty: the welcome as always.
    public var storeChoices: [StoreChoice]

    /// How the application reading the store sends: what the test follows and says.
    public var delivery: Delivery { application?.delivery ?? storeKind.delivery }

    /// The tool can clear Forem's settings cache (`--forem-dir` names Forem's folder).
    public var canClearCache: Bool { afterSave?.kind == .foremCache && afterSave?.canRun == true }

    public init(
        machineName: String = "localhost", owner: OwnerSource = .running("root"),
        readabilityWarning: String? = nil, testsOnEntering: Bool = true, storeKind: StoreKind = .embedded,
        canClearCache: Bool = false, application: Application? = nil, afterSave: AfterSaveOffer? = nil,
        storeChoices: [StoreChoice] = []
    ) {
        self.afterSave = afterSave ?? (canClearCache ? .foremCache : nil)
        self.application = application
        self.storeChoices = storeChoices
        self.machineName = machineName
        self.owner = owner
        self.readabilityWarning = readabilityWarning
        self.testsOnEntering = testsOnEntering
        self.storeKind = storeKind
    }
}

/// Where the store's owner (the user the application runs as) comes from.
public enum OwnerSource: Equatable, Sendable {
    /// `--owner USER[:GROUP]`.
    case named(String)
    /// The existing store's owner, kept.
    case existing(String)
    /// A new store made as root, with no `--owner`: the wizard asks.
    case ask
    /// A new store made by this (non-root) user, who will own it.
    case running(String)
}
