import SMTPSettings

/// A store the welcome step proposes when the admin named none: an
/// application found on this machine, or the embedded store.
public struct StoreChoice: Equatable, Sendable {
    /// "Mastodon at /home/mastodon/live/.env.production", safe for the terminal.
    public var title: String
    /// The store URL, as `--store` takes it.
    public var store: String

    public init(title: String, store: String) {
        self.title = title
        self.store = store
    }

    /// The fallback: the tool's own SQLite file.
    public static func embedded(path: String) -> StoreChoice {
        StoreChoice(title: "the embedded store (\(TerminalSafe.visible(path)))", store: "sqlite://" + path)
    }
}

/// A store opened and loaded after the welcome choice: what the launcher
/// learned about it, as it learns it at start for a store named on the
/// command line.
public struct OpenedStore: Equatable, Sendable {
    public var storePath: String
    public var access: StoreAccess
    /// nil when it could not be read; the form then starts empty.
    public var stored: StoredSettings?
    public var storeKind: StoreKind
    public var owner: OwnerSource
    public var readabilityWarning: String?
    public var application: Application?
    public var afterSave: AfterSaveOffer?

    public init(
        storePath: String, access: StoreAccess, stored: StoredSettings?, storeKind: StoreKind, owner: OwnerSource,
        readabilityWarning: String? = nil, application: Application? = nil, afterSave: AfterSaveOffer? = nil
    ) {
        self.storePath = storePath
        self.access = access
        self.stored = stored
        self.storeKind = storeKind
        self.owner = owner
        self.readabilityWarning = readabilityWarning
        self.application = application
        self.afterSave = afterSave
    }
}

/// Where the welcome's choice of store stands.
enum StoreChoosing: Equatable, Sendable {
    /// Choices to confirm, this one highlighted.
    case choosing(Int)
    /// Waiting for `.storeOpened` of this store URL.
    case opening(String)
    /// Chosen and loaded (or nothing was proposed): the welcome as always.
    case chosen
}

extension WizardState {
    /// Whether the welcome still waits for the admin to confirm a store:
    /// front ends ask this before anything else.
    public var needsStoreChoice: Bool { storeChoosing != .chosen }

    /// The stores proposed, in order; the highlighted one is `highlightedStoreChoice`.
    public var storeChoices: [StoreChoice] { environment.storeChoices }

    public var highlightedStoreChoice: Int {
        if case .choosing(let index) = storeChoosing { return index }
        return 0
    }

    var isOpeningStore: Bool {
        if case .opening = storeChoosing { return true }
        return false
    }

    /// The welcome's keys while a store is to be chosen.
    mutating func storeChoiceKey(_ key: Key) -> [WizardEffect] {
        guard case .choosing(let index) = storeChoosing else { return [] }
        let count = storeChoices.count
        switch key {
        case .up, .backTab: storeChoosing = .choosing(max(0, index - 1))
        case .down, .tab: storeChoosing = .choosing(min(count - 1, index + 1))
        case .home: storeChoosing = .choosing(0)
        case .end: storeChoosing = .choosing(count - 1)
        case .enter: return carryOut(.chooseStore(storeChoices[index].store))
        case .character("o"), .character("O"): prompt = .storeURL(FieldEditor(), problem: nil)
        default: break
        }
        return []
    }

    /// The admin confirmed a store (a proposed one, or one typed): open it.
    mutating func chooseStore(_ text: String) -> [WizardEffect] {
        guard needsStoreChoice, !isOpeningStore else { return [] }
        let store = text.trimmingCharacters(in: .whitespaces)
        guard !store.isEmpty else {
            prompt = .storeURL(
                FieldEditor(), problem: "Type a store, like mastodon:/home/mastodon/live/.env.production.")
            return []
        }
        prompt = nil
        storeChoosing = .opening(store)
        return [.openStore(store)]
    }

    /// The chosen store is open: the wizard starts from what it holds, as if
    /// it had been named on the command line.
    mutating func open(_ opened: OpenedStore) {
        guard isOpeningStore else { return }
        storePath = opened.storePath
        storeAccess = opened.access
        environment.storeKind = opened.storeKind
        environment.owner = opened.owner
        environment.readabilityWarning = opened.readabilityWarning
        environment.application = opened.application
        environment.afterSave = opened.afterSave
        storeUnread = opened.stored == nil
        let stored = opened.stored ?? StoredSettings(settings: MailSettings(), revision: 0, latest: nil)
        loaded = stored
        baseRevision = stored.revision
        fields = Self.fields(from: stored.settings)
        problems = [:]
        providerIndex = 0
        if let (_, region) = Provider.matching(stored.settings), let region, Provider.sesRegions.contains(region) {
            sesRegion = region
        }
        storeChoosing = .chosen
        notice = .success("Using \(opened.storePath). Enter starts.")
    }

    /// The chosen store could not be opened: say why, and let the admin choose again.
    mutating func failOpening(_ reason: String) {
        guard case .opening(let store) = storeChoosing else { return }
        let index = storeChoices.firstIndex { $0.store == store } ?? 0
        storeChoosing = .choosing(index)
        notice = .error("Cannot use \(TerminalSafe.visible(store)): \(sentence(reason))")
    }
}
