import SMTPSettings

/// Whether the wizard can save where it was pointed, known before the admin
/// fills the form so that a refusal is said on the first screen, not the last.
public enum StoreAccess: Equatable, Sendable {
    case writable
    /// The store is fine, but this user may not write it.
    case needsRoot(message: String)
    /// The path holds something that is not a store, or a damaged one.
    case unusable(message: String)

    /// The wording, for a path this user cannot write.
    public static func needsRoot(path: String) -> StoreAccess {
        .needsRoot(message: "saving needs root or the owner of \(path): re-run with sudo")
    }

    /// Classifies what `checkWritable()` or `load()` threw, keeping its words.
    public init(_ error: StoreError) {
        switch error {
        case .permissionDenied: self = .needsRoot(message: error.description)
        default: self = .unusable(message: error.description)
        }
    }

    public var canSave: Bool { self == .writable }

    /// The reason saving is impossible, as a sentence.
    public var refusal: String? {
        switch self {
        case .writable: nil
        case .needsRoot(let message), .unusable(let message): sentence(message)
        }
    }
}

/// Store messages start in lower case to read well after "error: "; on
/// screen they stand alone.
func sentence(_ text: String) -> String {
    guard let first = text.first else { return text }
    let capitalised = first.uppercased() + text.dropFirst()
    return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
}
