import SMTPSettings

/// A question on the bottom line that takes the keys until it is answered.
enum Prompt: Equatable, Sendable {
    case quit
    case sendTo(FieldEditor, problem: String?)
    case saveUntested(reason: String)
    /// Which user the application runs as: a new store is made readable by it alone.
    case owner(FieldEditor, problem: String?)
    /// A store other than those the welcome proposes, typed as `--store` takes it.
    case storeURL(FieldEditor, problem: String?)
}
