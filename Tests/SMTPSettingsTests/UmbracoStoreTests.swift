import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// Umbraco's files saved through the real binary (`--store umbraco:PATH`)
/// and read back by the format tests' oracles: node after .NET's comment
/// rules for appsettings.json, xml.etree for web.config.
@Suite(.enabled(if: NodeOracle.isAvailable, "needs Debian's nodejs"))
struct UmbracoStoreTests {
    let dir = TemporaryDirectory("umbraco")

    func smtpSetup(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), arguments, input: input,
            environment: [FileHistory.environmentVariable: dir.file("history.sqlite3")])
    }

    func file(_ name: String, _ text: String, _ index: Int) throws -> String {
        let folder = dir.file("site-\(index)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// The table's values with characters JSON or XML treat specially (and
    /// short enough for the validator, which refuses the long ones for every store).
    static let values = foremValueTable.filter {
        $0.utf8.count <= 256 && $0.contains(where: { "\\\"'$&<>#:`{ ".contains($0) || !$0.isASCII })
    }

    @Test func trickyValuesSavedByTheBinaryReadBackInBothFiles() throws {
        var json: [(String, String)] = []
        var xml: [(String, String)] = []
        for (index, value) in Self.values.enumerated() {
            for (name, shipped) in [
                ("appsettings.json", UmbracoFormatTests.shipped), ("web.config", UmbracoWebConfigTests.shipped),
            ] {
                let path = try file(name, shipped, index)
                let result = try smtpSetup(
                    [
                        "set", "address=smtp.example.com", "port=587", "authentication=plain", "user_name=\(value)",
                        "from_email_address=app@example.com", "--password-stdin", "--store", "umbraco:\(path)",
                    ], input: value + "\n")
                #expect(result.status == 0, "\(name) \(value.debugDescription): \(result.output)")
                #expect(result.stdout.contains("without a restart"))
                #expect(!result.output.contains(value) || value.count < 4)
                let text = try String(contentsOfFile: path, encoding: .utf8)
                if name == "web.config" { xml.append((value, text)) } else { json.append((value, text)) }
            }
        }
        #expect(json.count > 20)
        let fromJSON = try UmbracoFormatTests.appsettings(json.map(\.1))
        for (index, (value, text)) in json.enumerated() {
            #expect(fromJSON[index]["Username"] == value && fromJSON[index]["Password"] == value)
            #expect(
                try UmbracoFormatTests.outsideSmtp(text) == UmbracoFormatTests.outsideSmtp(UmbracoFormatTests.shipped))
        }
        let fromXML = try UmbracoWebConfigTests.read(xml.map(\.1))
        for (index, (value, _)) in xml.enumerated() {
            #expect(fromXML[index]["userName"] == value && fromXML[index]["password"] == value)
        }
    }

    @Test func webConfigRefusesTLSOnConnectAndKeepsTheFile() throws {
        let path = try file("web.config", UmbracoWebConfigTests.shipped, 0)
        let result = try smtpSetup(
            ["set", "address=smtp.example.com", "port=465", "security=tls", "--store", "umbraco:\(path)"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("STARTTLS"), "\(result.output)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == UmbracoWebConfigTests.shipped)
        let verify = try smtpSetup(["set", "verify_certificate=false", "--store", "umbraco:\(path)"])
        #expect(verify.status == 65 && verify.stderr.contains("always check"), "\(verify.output)")
    }
}
