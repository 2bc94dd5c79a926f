import SMTPSettings
import Testing

/// A complete, valid configuration that each test spoils in one place.
private func valid(_ changes: [SettingKey: String?] = [:]) -> MailSettings {
    var settings = MailSettings([
        .address: "smtp.example.com", .port: "587", .security: "starttls", .authentication: "plain",
        .userName: "apikey", .password: "s3cret", .fromEmailAddress: "notify@example.com",
    ])
    for (key, value) in changes { settings[key] = value }
    return settings
}

private func errors(_ settings: MailSettings, _ key: SettingKey) -> [SettingProblem] {
    SettingsValidator.errors(in: settings).filter { $0.key == key }
}

@Suite struct ValidationTests {
    @Test func aCompleteConfigurationHasNoProblems() {
        #expect(SettingsValidator.problems(in: valid()).isEmpty)
    }

    @Test func addressIsRequired() {
        let problems = errors(valid([.address: nil]), .address)
        #expect(problems.count == 1)
        #expect(problems[0].message.contains("not set"))
    }

    @Test(arguments: [
        "smtp.example.com", "localhost", "mail-1.example.co.uk", "192.0.2.1", "::1", "2001:db8::1",
        "smtp.example.com.",
    ])
    func acceptedAddresses(_ address: String) {
        #expect(errors(valid([.address: address]), .address).isEmpty)
    }

    @Test(arguments: [
        ("smtp://mail.example.com", "URL"), ("mail.example.com:587", "port"), ("-bad.example.com", "hyphen"),
        ("bad_name.example.com", "'_'"), ("a..b", "empty part"), ("mail example.com", "a space"),
        ("[999.1.1.1]", "not a valid IP"), ("[192.0.2.1]", "without brackets: 192.0.2.1"), ("300.1.1.1", "IP address"),
        (" smtp.example.com", "spaces"),
        (String(repeating: "a", count: 64) + ".com", "63"),
    ])
    func rejectedAddresses(_ address: String, _ hint: String) {
        let problems = errors(valid([.address: address]), .address)
        #expect(problems.count == 1, "\(address)")
        #expect(problems.first?.description.contains(hint) == true, "\(problems)")
    }

    @Test(arguments: ["0", "65536", "abc", "-1", "5 87"])
    func portsOutOfRange(_ port: String) {
        let problems = errors(valid([.port: port]), .port)
        #expect(problems.count == 1)
        #expect(problems[0].fix.contains("1 to 65535"))
    }

    @Test func portDefaultsTo587() {
        let settings = valid([.port: nil])
        #expect(settings.port == 587)
        #expect(errors(settings, .port).isEmpty)
    }

    @Test func port465WithStarttlsNamesTheMixUp() {
        let problems = SettingsValidator.problems(in: valid([.port: "465"])).filter { $0.key == .port }
        #expect(problems.count == 1)
        #expect(problems[0].severity == .warning)
        #expect(problems[0].fix.contains("tls"))
    }

    @Test func port587WithTLSNamesTheMixUp() {
        let problems = SettingsValidator.problems(in: valid([.security: "tls"])).filter { $0.key == .port }
        #expect(problems.map(\.severity) == [.warning])
        #expect(problems[0].message.contains("STARTTLS"))
    }

    @Test func securityValues() {
        #expect(errors(valid([.security: "ssl"]), .security).first?.fix.contains("use tls") == true)
        #expect(errors(valid([.security: "bogus"]), .security).count == 1)
        for value in ["starttls", "tls", "none"] {
            #expect(errors(valid([.security: value]), .security).isEmpty)
        }
    }

    @Test func plaintextCredentialsWarn() {
        let problems = SettingsValidator.problems(in: valid([.security: "none", .port: "25"]))
        #expect(problems.contains { $0.key == .security && $0.severity == .warning })
    }

    @Test func tlsOnConnectWarnsThatForemCannotUseIt() {
        let problems = SettingsValidator.problems(in: valid([.security: "tls", .port: "465"]))
        let warning = problems.first { $0.key == .security }
        #expect(warning?.severity == .warning)
        #expect(warning?.description.contains("Forem cannot use TLS on connect") == true)
        #expect(warning?.fix == "For Forem, use port 587 with starttls.")
        #expect(!SettingsValidator.problems(in: valid([.security: "starttls"])).contains { $0.key == .security })
    }

    @Test func verifyCertificateIsBoolean() {
        #expect(errors(valid([.verifyCertificate: "yes"]), .verifyCertificate).count == 1)
        let off = SettingsValidator.problems(in: valid([.verifyCertificate: "false"]))
        #expect(off.contains { $0.key == .verifyCertificate && $0.severity == .warning })
    }

    @Test func authenticationValues() {
        #expect(errors(valid([.authentication: "CRAM-MD5"]), .authentication).first?.fix == "Write it as cram_md5.")
        #expect(errors(valid([.authentication: "kerberos"]), .authentication).count == 1)
        for value in Authentication.allCases {
            #expect(errors(valid([.authentication: value.rawValue]), .authentication).isEmpty)
        }
    }

    @Test func credentialsRequiredUnlessAuthenticationIsNone() {
        #expect(errors(valid([.userName: nil]), .userName).count == 1)
        #expect(errors(valid([.password: nil]), .password).count == 1)
        let none = valid([.authentication: "none", .userName: nil, .password: nil])
        #expect(SettingsValidator.errors(in: none).isEmpty)
    }

    /// Forem treats SMTP as not set up without a user name and password
    /// (`provided_minimum_settings?`): refused for its database, warned of
    /// for the embedded store, fine for applications that relay without one.
    @Test func aRelayWithoutALoginIsNoSMTPToForem() {
        let none = valid([.authentication: "none", .userName: nil, .password: nil])
        let forem = SettingsValidator.errors(in: none, store: .foremDatabase)
        #expect(forem.map(\.key) == [.authentication])
        #expect(forem.first?.message.contains("without them it treats SMTP as not set up") == true)
        let embedded = SettingsValidator.problems(in: none, store: .embedded).filter { $0.key == .authentication }
        #expect(embedded.map(\.severity) == [.warning])
        #expect(SettingsValidator.problems(in: none, store: .applicationFile(.mastodon)).isEmpty)
        // Nor is "none" offered as the way out of a missing login there.
        let missing = SettingsValidator.errors(in: valid([.userName: nil]), store: .foremDatabase)
        #expect(missing.count == 1 && !missing[0].fix.contains("none"))
        #expect(errors(valid([.userName: nil]), .userName).first?.fix.contains("set authentication to none") == true)
    }

    /// What a passed test is told it cannot mean for Forem, and for no one else.
    @Test func applicationCautionsAreForemsOnly() {
        let tls = valid([.port: "465", .security: "tls"])
        let none = valid([.authentication: "none", .userName: nil, .password: nil])
        for store in [StoreKind.embedded, .foremDatabase] {
            #expect(SettingsValidator.applicationCautions(in: tls, store: store).map(\.key) == [.security])
            #expect(SettingsValidator.applicationCautions(in: none, store: store).map(\.key) == [.authentication])
            #expect(SettingsValidator.applicationCautions(in: valid(), store: store).isEmpty)
        }
        for store in [StoreKind.applicationFile(.mastodon), .odooDatabase] {
            #expect(SettingsValidator.applicationCautions(in: tls, store: store).isEmpty)
            #expect(SettingsValidator.applicationCautions(in: none, store: store).isEmpty)
        }
    }

    @Test(arguments: ["a\rb", "a\nb", "a\0b", "a\u{1B}b"])
    func credentialsRejectControlCharacters(_ value: String) {
        #expect(errors(valid([.userName: value]), .userName).count == 1)
        let problems = errors(valid([.password: value]), .password)
        #expect(problems.count == 1)
        // The password's value is never quoted back.
        #expect(!problems[0].description.contains(value))
    }

    @Test func lengthLimits() {
        #expect(errors(valid([.userName: String(repeating: "u", count: 257)]), .userName).count == 1)
        #expect(errors(valid([.password: String(repeating: "p", count: 1025)]), .password).count == 1)
        #expect(errors(valid([.fromName: String(repeating: "n", count: 129)]), .fromName).count == 1)
    }

    @Test func passwordMessagesNeverQuoteThePassword() {
        let secret = "hunter2-very-secret"
        for settings in [valid([.password: secret + "\n"]), valid([.password: " " + secret])] {
            for problem in SettingsValidator.problems(in: settings) {
                #expect(!problem.description.contains(secret))
            }
        }
    }

    @Test func heloDomain() {
        #expect(errors(valid([.domain: "app.example.com"]), .domain).isEmpty)
        #expect(errors(valid([.domain: "[192.0.2.7]"]), .domain).isEmpty)
        #expect(errors(valid([.domain: nil]), .domain).isEmpty)
        #expect(errors(valid([.domain: "bad domain"]), .domain).count == 1)
        #expect(errors(valid([.domain: "192.0.2.7"]), .domain).first?.fix.contains("[192.0.2.7]") == true)
        #expect(errors(valid([.domain: "a\r\nRCPT TO:<x@y>"]), .domain).count == 1)
    }

    @Test(arguments: [
        "a@example.com", "first.last+tag@sub.example.co.uk", "\"odd local\"@example.com", "x@[192.0.2.1]",
        "root@localhost",
    ])
    func acceptedMailboxes(_ address: String) {
        #expect(errors(valid([.fromEmailAddress: address]), .fromEmailAddress).isEmpty)
        #expect(errors(valid([.replyToEmailAddress: address]), .replyToEmailAddress).isEmpty)
    }

    @Test(arguments: [
        ("no-at.example.com", "no @"), ("@example.com", "nothing before"), ("a@", "nothing after"),
        ("Joe <joe@example.com>", "display name"), ("a..b@example.com", "dot"), ("a b@example.com", "space"),
        ("a@nodot", "without a dot"), ("a@bad_domain.com", "domain"),
        (String(repeating: "l", count: 65) + "@example.com", "64"),
        ("a@" + String(repeating: "d", count: 60) + "." + String(repeating: "e", count: 200) + ".com", "255"),
        ("a@example.com\r\nRCPT TO:<b@c.d>", "carriage return"),
    ])
    func rejectedMailboxes(_ address: String, _ hint: String) {
        let problems = errors(valid([.fromEmailAddress: address]), .fromEmailAddress)
        #expect(problems.count == 1, "\(address)")
        #expect(problems.first?.description.contains(hint) == true, "\(problems)")
    }

    @Test func everyProblemCarriesAFix() {
        let broken = MailSettings([
            .port: "x", .security: "x", .verifyCertificate: "x", .authentication: "x", .domain: "-",
            .fromEmailAddress: "x", .replyToEmailAddress: "y",
        ])
        let problems = SettingsValidator.errors(in: broken)
        // Every key but from_name: authentication 'x' is not none, so credentials are required too.
        #expect(Set(problems.map(\.key)) == Set(SettingKey.allCases).subtracting([.fromName]))
        #expect(problems.allSatisfy { !$0.fix.isEmpty && !$0.message.isEmpty })
    }

    @Test func suggestionsForHabitualNames() {
        #expect(SettingKey.suggestion(for: "host") == .address)
        #expect(SettingKey.suggestion(for: "username") == .userName)
        #expect(SettingKey.suggestion(for: "helo") == .domain)
        #expect(SettingKey.suggestion(for: "nonsense") == nil)
        #expect(SettingKey.suggestion(for: "adress") == .address)
        #expect(SettingKey.suggestion(for: "usr_name") == .userName)
    }
}

/// Found by fuzzing, and the characters issue 9 refuses.
@Suite struct HostileValueValidationTests {
    @Test func aNULCannotHideTheRestOfAnIPAddress() {
        // inet_pton stops at the NUL: "::" alone is a valid IPv6 address.
        #expect(!HostSyntax.isIPv6("::\0/evil") && !HostSyntax.isIPv4("127.0.0.1\0x"))
        #expect(errors(valid([.address: "::\0/evil"]), .address).first?.message.contains("NUL") == true)
    }

    @Test(arguments: ["\u{202E}", "\u{2066}", "\u{2028}", "\u{2029}", "\0"])
    func invisibleAndReorderingCharactersAreRefusedInEveryTextKey(bad: String) {
        for key in [SettingKey.userName, .password, .domain, .fromName, .fromEmailAddress, .address] {
            #expect(!errors(valid([key: "ab\(bad)cd"]), key).isEmpty, "\(key) accepted \(bad.debugDescription)")
        }
    }

    @Test func portsWithALeadingZeroOrPlusAreStoredPlain() {
        #expect(valid([.port: "0587"])[.port] == "587")
        #expect(valid([.port: "+465"])[.port] == "465")
        #expect(valid([.port: "0"])[.port] == "0")
    }

    @Test func aHugeValueIsQuotedOnlyInPart() {
        let huge = String(repeating: "x", count: 1_000_000) + "!"
        let message = errors(valid([.address: huge]), .address).map(\.description).joined()
        #expect(message.count < 400 && message.contains("1000001 characters in all"), "\(message.prefix(300))")
    }
}
