import Foundation

/// What Ruby holds after `YAML.unsafe_load` of one scalar.
public enum PsychValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case null
    case symbol(String)
    /// A Date or Time, kept as written.
    case date(String)
    /// A mapping, a sequence, or a tag Forem's settings never hold.
    case other(String)
}
