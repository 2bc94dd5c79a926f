/// The wizard's two store flags read without the argument parser, when they
/// are all there is: `smtp-setup --store mastodon:/home/mastodon/live/.env.production`
/// is how an admin starts it for an application, and ArgumentParser first
/// builds every command's options by reflection (about 1.5 ms, a sixth of the
/// time to the first screen, in the release build). Anything else (another
/// flag, a command, a flag twice, a value that looks like a flag, a missing
/// or empty value) is nil and goes to the parser, which knows every rule and says
/// what is wrong; so this never accepts what the parser would refuse.
struct WizardArguments: Equatable {
    var store: String?
    var owner: String?

    init?(_ arguments: some Sequence<String>) {
        var remaining = Array(arguments)[...]
        while let argument = remaining.popFirst() {
            let name: String
            let value: String
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard let next = remaining.popFirst(), !next.hasPrefix("-") else { return nil }
                name = argument
                value = next
            }
            // The parser refuses an empty `--store=`; an empty value is its to judge.
            guard !value.isEmpty else { return nil }
            switch name {
            case "--store" where store == nil: store = value
            case "--owner" where owner == nil: owner = value
            default: return nil
            }
        }
    }
}
