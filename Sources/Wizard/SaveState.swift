import FoundationEssentials
import SMTPSettings

/// Where saving stands: a save or reload under way, or how the last one failed.
enum SaveState: Equatable, Sendable {
    case idle
    case saving
    case reloading
    case conflict(HistoryEntry)
    /// The application's file was changed outside this wizard since it was loaded.
    case fileChanged(path: String, modifiedAt: Date)
    case failed(String)
}

/// What the last save wrote, for the done step and the scrollback.
struct SavedResult: Equatable, Sendable {
    /// nil when the store already held exactly these settings.
    var entry: HistoryEntry?
    var settings: MailSettings
    var previousRevision: Int
    var readability: StoreReadability?
}

/// Clearing the application's settings cache after a save (`--forem-dir`).
enum CacheClearing: Equatable, Sendable {
    case notAsked
    case clearing
    case cleared
    case failed(String)
}
