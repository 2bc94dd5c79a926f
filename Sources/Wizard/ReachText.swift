import SMTPSettings

/// Whether the application can read what was saved, in words: "the
/// application reads them" is said only when its user can read the file.
/// Both wizards say it the same way.
public enum ReachText {
    public struct Sentence: Equatable, Sendable {
        public var text: String
        /// The application cannot read the store (yet): shown as a warning.
        public var isWarning: Bool
    }

    /// `pickUp`: how an application reads a change to its own file (its
    /// restart command), said in every case; nil for Forem's stores, whose
    /// cache is named only once the store is readable.
    public static func after(_ readability: StoreReadability?, server: String?, pickUp: String? = nil) -> [Sentence] {
        let named = pickUp.map { [Sentence(text: $0, isWarning: false)] } ?? []
        return reach(readability, server: server, pickUp: pickUp) + named
    }

    static func reach(_ readability: StoreReadability?, server: String?, pickUp: String?) -> [Sentence] {
        guard let readability else {
            return [Sentence(text: "Whether the application can read the store was not checked.", isWarning: true)]
        }
        if let warning = readability.warning {
            return [Sentence(text: "Not readable yet: \(warning)", isWarning: true)]
        }
        guard readability.canRead else {
            return [Sentence(text: "The store could not be checked after the save.", isWarning: true)]
        }
        return [
            Sentence(
                text: "The application reads them from the store (\(readability.ownership ?? "")): its mail goes "
                    + "out through \(server ?? "the server you set") once it has picked them up.",
                isWarning: false)
        ] + (pickUp == nil ? [Sentence(text: Notices.foremPickUp, isWarning: false)] : [])
    }
}
