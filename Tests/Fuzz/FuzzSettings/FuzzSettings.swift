// Fuzz target: the settings validator (every key, any value) and the store
// URL parser. Built with libFuzzer by Scripts/fuzz; without FUZZING it
// replays the files named on its command line (Scripts/test runs the corpus).
import Foundation
import SMTPSettings

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// No message may drive a terminal or echo a huge value whole.
func checkMessage(_ text: String) {
    check(TerminalSafe.isSafe(text), "unsafe message: \(text.debugDescription.prefix(300))")
    check(text.unicodeScalars.count < 2000, "message not shortened: \(text.unicodeScalars.count) characters")
}

func fuzzOne(_ bytes: [UInt8]) {
    guard let first = bytes.first else { return }
    let keys = SettingKey.allCases
    let key = keys[Int(first) % keys.count]
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)

    var settings = MailSettings([
        .address: "smtp.example.com", .port: "587", .userName: "mailer", .password: "pw",
        .fromEmailAddress: "app@example.com",
    ])
    settings[key] = text
    for problem in SettingsValidator.problems(in: settings) { checkMessage(problem.description) }
    let errors = SettingsValidator.errors(in: settings)
    if errors.isEmpty, let value = settings[key] {
        // Accepted: nothing that ends a line, hides in the terminal or reorders text.
        check(HostSyntax.firstControlCharacter(value) == nil, "accepted a refused character in \(key)")
        if key == .port { check(value == String(Int(value) ?? -1), "port not canonical: \(value.debugDescription)") }
        // What the store writes reads back the same.
        check(MailSettings(dictionary: settings.dictionary) == settings, "dictionary round trip")
    }

    do {
        let location = try StoreLocation(parsing: text)
        check(location.path.utf8.first == UInt8(ascii: "/"), "relative store path \(location.path)")
    } catch {
        checkMessage(error.description)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettings(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

#if FUZZING
    // SwiftPM links an executable with `main` defined as FuzzSettings_main,
    // so libFuzzer's own main is never linked: its driver is started here.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    @_cdecl("FuzzSettings_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments) { data, size in fuzzSettings(data, size) }
    }
#else
    /// Without libFuzzer: replays the files (or folders of files) named on
    /// the command line, so a plain build keeps the target compiling and
    /// the committed corpus passing.
    @main struct Replay {
        static func main() {
            var replayed = 0
            for path in CommandLine.arguments.dropFirst() {
                let names = try? FileManager.default.contentsOfDirectory(atPath: path)
                for file in names.map({ $0.sorted().map { path + "/" + $0 } }) ?? [path] {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    fuzzOne(Array(data))
                    replayed += 1
                }
            }
            print("replayed \(replayed) inputs: no failure")
        }
    }
#endif
