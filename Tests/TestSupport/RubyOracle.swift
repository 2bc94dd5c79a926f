import Foundation

/// Debian's `ruby` (Psych, ruby-sqlite3) as the judge of how Forem writes
/// and reads `settings_smtp`. One process per call: give it a whole table.
public enum RubyOracle {
    public static let executable = "/usr/bin/ruby"

    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// Runs `script` with `input` as JSON on stdin and decodes the JSON it prints.
    public static func run<Input: Encodable, Output: Decodable>(
        _ script: String, input: Input, as: Output.Type
    ) throws -> Output {
        let json = String(decoding: try JSONEncoder().encode(input), as: UTF8.self)
        let result = try ProcessRunner.run(
            executable, ["-rjson", "-ryaml", "-e", script], input: json, environment: ["LANG": "C.UTF-8"])
        guard result.status == 0 else { throw SetupFailure("ruby failed (\(result.status)): \(result.stderr)") }
        return try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
    }
}
