extension SettingProblem {
    /// The problem as a sentence about its field. Most messages are
    /// predicates ("is not set.") that read on from the label; the others
    /// ("with no encryption ...") stand after a colon.
    public var sentence: String {
        let predicates = ["is ", "has ", "holds ", "includes ", "contains ", "starts ", "looks ", "'"]
        let readsOn = predicates.contains { message.hasPrefix($0) } || message.first?.isNumber == true
        return readsOn ? "\(key.label) \(message)" : "\(key.label): \(message)"
    }
}
