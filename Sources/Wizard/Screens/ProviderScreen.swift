import SMTPSettings

enum ProviderScreen {
    static func body(_ state: WizardState, width: Int) -> Body {
        let charset = state.charset
        var lines = [Line("Choose your mail provider", .title)]
        lines += Line.wrapped(
            "A preset fills in the server, port, security and login method, and says what the provider needs.",
            width: width)
        lines.append(.blank)
        let providers = state.providers
        let leftWidth = 28
        let list = providers.enumerated().map { index, provider in
            let selected = index == state.providerIndex
            return Line((selected ? charset.pointer : " ") + " " + provider.name, selected ? .selected : .normal)
        }
        let detail = details(state, state.selectedProvider, width: width - leftWidth - 2)
        let top = lines.count
        lines += Line.columns(list, leftWidth: leftWidth, gap: 2, detail, ellipsis: charset.ellipsis)
        let row = top + state.providerIndex
        return Body(lines: lines, anchor: row..<(row + 1))
    }

    static func details(_ state: WizardState, _ provider: Provider, width: Int) -> [Line] {
        let charset = state.charset
        let labelWidth = 10
        var lines = [Line(provider.name, .title)]
        switch provider.id {
        case .keep:
            let settings = state.settings
            lines += Line.labelled("Server", settings.serverPhrase, labelWidth: labelWidth, width: width)
            lines += Line.labelled("Login", settings.loginPhrase, labelWidth: labelWidth, width: width)
        case .custom:
            break
        default:
            if provider.id == .ses {
                lines += Line.labelled(
                    "Region", "\(state.sesRegion)  (\(charset.leftRight) to change)", labelWidth: labelWidth,
                    width: width)
            }
            let address = provider.address(region: state.sesRegion) ?? ""
            lines += Line.labelled("Server", address, labelWidth: labelWidth, width: width)
            lines += Line.labelled(
                "Port", "\(provider.port), \(provider.security.title)", labelWidth: labelWidth, width: width)
            let login = provider.authentication == .none ? "none" : provider.authentication.rawValue
            lines += Line.labelled("Login", login, labelWidth: labelWidth, width: width)
            if let user = provider.userNameHint {
                lines += Line.labelled("User", user, labelWidth: labelWidth, width: width)
            }
            if let password = provider.password {
                lines += Line.labelled("Password", password, labelWidth: labelWidth, width: width)
            }
        }
        lines.append(.blank)
        let bullet = charset.bullet
        for need in provider.needs {
            lines += Line.marked(bullet, need, .normal, width: width)
        }
        return lines
    }

    static func keys(_ state: WizardState) -> [HelpKey] {
        var keys = [
            HelpKey(state.charset.upDown, "choose", essential: true), HelpKey("Enter", "use it", essential: true),
        ]
        if state.selectedProvider.id == .ses { keys.append(HelpKey(state.charset.leftRight, "region")) }
        keys.append(HelpKey("Esc", "back", essential: true))
        return keys
    }
}
