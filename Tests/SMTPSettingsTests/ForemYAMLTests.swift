import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// Values people really use as passwords, user names and hosts, and every
/// character YAML gives a meaning to.
let foremValueTable: [String] = [
    "smtp.gmail.com", "SG.abc-DEF_123.xyz", "a: b", "#start", "@home1", "%xyz", "*star", "&amp", "!bang",
    "- dash", "yes", "no", "on", "off", "true", "False", "null", "~", "0123", "089", "1e3", "1.5", "12345",
    "2024-01-01", "2023-02-29", "2024-01-01 10:00:00", "2024-13-01 10:00:00", ":sym", "\"quoted\"", "'single'",
    "[x]", "{y}", "|pipe", ">gt", "a'b\"c", "back\\slash", "$HOME", "  leading", "trailing  ", " both ",
    "pässwörd", "🔑 key", "😀", "p@ss #word", "a#b", "x: ", "key:", "?", "?x", ",comma", "x,y", "y", "n", "<<",
    "0x1F", "0b101", "1_000", "+1", "-1", ".5", ".inf", "-.inf", ".nan", "1:30", "12:30:45", "Yes", "NO", "On",
    "é", "ümlaut start", "_under", "=", "`tick", "%", "@", "'", "\"", "---", "...", "--- x", "a...b",
    "Ünïcödé-Pässwört-ß", "日本語のパスワード", "\u{FEFF}", "\u{FEFF}bom", "bom\u{FEFF}", "\u{0301}", "\u{0301}mark",
    "tab\tinside", "percent%20", "50%",
    "a|b", "a>b", "a&b", "a*b",
    String(repeating: "abcdefghij", count: 30),
    String(repeating: "word ", count: 60).trimmingCharacters(in: .whitespaces),
    String(repeating: "x ", count: 50), String(repeating: "é ", count: 45) + "end",
]

@Suite(.enabled(if: RubyOracle.isAvailable, "needs Debian's ruby"))
struct ForemYAMLTests {
    struct Verdict: Decodable {
        var yaml: String
        var loadsBack: Bool
        var loaded: String
    }

    /// For each value: Ruby's `to_yaml`, and whether `YAML.unsafe_load` of ours gives the value back.
    static let judge = """
        input = JSON.parse(STDIN.read)
        out = input["values"].zip(input["ours"]).map do |value, ours|
          loaded = YAML.unsafe_load(ours)
          { "yaml" => value.to_yaml, "loadsBack" => loaded == value && loaded.class == String,
            "loaded" => loaded.inspect }
        end
        puts JSON.generate(out)
        """

    struct Table: Encodable {
        var values: [String]
        var ours: [String]
    }

    @Test func everyValueIsWrittenAsPsychWritesItAndLoadsBack() throws {
        #expect(foremValueTable.count >= 40)
        let ours = foremValueTable.map { ForemYAML.encode($0) }
        let verdicts = try RubyOracle.run(
            Self.judge, input: Table(values: foremValueTable, ours: ours), as: [Verdict].self)
        for (index, value) in foremValueTable.enumerated() {
            let verdict = verdicts[index]
            #expect(verdict.loadsBack, "Ruby loads \(ours[index].debugDescription) as \(verdict.loaded)")
            if ["Y", "N"].contains(value) { continue }
            #expect(ours[index] == verdict.yaml, "value \(value.debugDescription)")
        }
    }

    /// 500 strings built from the characters YAML cares about, the same every run:
    /// each written as Ruby writes it and loaded back by Ruby as the same string.
    @Test func generatedStringsAreWrittenAsPsychWritesThem() throws {
        let alphabet = Array("aZ09_ .:-#'\"?!&*[]{}|>%@`,~=+$\\/é日🔑\t")
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let values = (0..<500).map { _ in String((0..<(1 + next(12))).map { _ in alphabet[next(alphabet.count)] }) }
            .filter { !["Y", "N"].contains($0) }
        #expect(Set(values).count > 450)
        let ours = values.map { ForemYAML.encode($0) }
        // Every kind of row appears: plain, single-quoted, double-quoted.
        #expect(ours.contains { $0.hasPrefix("--- '") } && ours.contains { $0.hasPrefix("--- \"") })
        #expect(ours.contains { !$0.hasPrefix("--- '") && !$0.hasPrefix("--- \"") })
        let verdicts = try RubyOracle.run(Self.judge, input: Table(values: values, ours: ours), as: [Verdict].self)
        for (index, value) in values.enumerated() {
            #expect(ours[index] == verdicts[index].yaml, "value \(value.debugDescription)")
            #expect(
                verdicts[index].loadsBack, "Ruby loads \(ours[index].debugDescription) as \(verdicts[index].loaded)")
        }
    }

    /// Debian's Psych 4 writes Y and N plain; Psych 5, which Forem runs, double-quotes them.
    /// Both load back as the letter.
    @Test func capitalYAndNFollowPsych5AndStillLoadBack() throws {
        #expect(ForemYAML.encode("Y") == "--- \"Y\"\n")
        let ours = ["Y", "N"].map { ForemYAML.encode($0) }
        let verdicts = try RubyOracle.run(Self.judge, input: Table(values: ["Y", "N"], ours: ours), as: [Verdict].self)
        #expect(verdicts.allSatisfy { $0.loadsBack })
    }

    @Test func theIssueExamples() {
        #expect(ForemYAML.encode("smtp.gmail.com") == "--- smtp.gmail.com\n")
        #expect(ForemYAML.encode(587) == "--- 587\n")
        #expect(ForemYAML.encode("587", for: .port) == "--- 587\n")
        #expect(ForemYAML.encode("587", for: .userName) == "--- '587'\n")
        #expect(ForemYAML.encode("a: b") == "--- 'a: b'\n")
        #expect(ForemYAML.encode("yes") == "--- 'yes'\n")
        #expect(ForemYAML.encode("#start") == "--- \"#start\"\n")
        #expect(ForemYAML.encode("12345") == "--- '12345'\n")
    }

    /// Reading as Psych reads, judged by Ruby for every value it writes.
    @Test func everyValueRubyWritesIsReadAsRubyReadsIt() throws {
        let script = """
            values = JSON.parse(STDIN.read)
            puts JSON.generate(values.map { |v| v.to_yaml })
            """
        let written = try RubyOracle.run(script, input: foremValueTable, as: [String].self)
        for (value, yaml) in zip(foremValueTable, written) {
            #expect(ForemYAML.load(yaml) == .string(value), "\(yaml.debugDescription)")
        }
    }

    /// Yams drops a scalar's leading U+FEFF as a byte-order mark; Psych keeps
    /// it, however the document spells it. Judged by Ruby.
    @Test func aLeadingZeroWidthNoBreakSpaceIsKeptAsRubyKeepsIt() throws {
        let documents = [
            "--- \"\\uFEFF\"\n", "--- \"\\ufeffx\"\n", "--- \"\\U0000FEFFx\"\n", "--- '\u{FEFF}x'\n",
            "--- \u{FEFF}x\n", "---\n\"\\uFEFF\\uFEFF\"\n", "--- \"\\\n  \\uFEFFx\"\n", "--- !!str \"\\uFEFF\"\n",
            "--- &a !!str\n  '\u{FEFF}'\n",
            "--- \"\\\\uFEFF\"\n", "--- \"\\u00A0x\"\n", "--- \"x\\uFEFF\"\n",
        ]
        let script = """
            docs = JSON.parse(STDIN.read)
            puts JSON.generate(docs.map { |d| YAML.unsafe_load(d) })
            """
        let ruby = try RubyOracle.run(script, input: documents, as: [String].self)
        #expect(ruby.filter { $0.unicodeScalars.first == "\u{FEFF}" }.count == 9, "the cases still test the mark")
        for (document, expected) in zip(documents, ruby) {
            guard case .string(let text)? = ForemYAML.load(document) else {
                Issue.record("\(document.debugDescription) did not load as a string")
                continue
            }
            #expect(text.unicodeScalars.elementsEqual(expected.unicodeScalars), "\(document.debugDescription)")
        }
    }

    @Test func plainScalarsLoadAsPsychTypesThem() {
        #expect(ForemYAML.load("--- 2525\n") == .integer(2525))
        #expect(ForemYAML.load("--- 0123\n") == .integer(83))
        #expect(ForemYAML.load("--- yes\n") == .bool(true))
        #expect(ForemYAML.load("--- null\n") == .null)
        #expect(ForemYAML.load("---\na: b\n") == .other("a YAML mapping"))
        #expect(ForemYAML.load("--- a: b\n") == nil)
        #expect(ForemYAML.load("--- @home1\n") == nil)
        #expect(ForemYAML.load("--- p@ss #word\n") == .string("p@ss"))
        #expect(ForemYAML.foremText(.integer(2525), for: .port) == "2525")
        #expect(ForemYAML.foremText(.string("587abc"), for: .port) == "587")
        #expect(ForemYAML.isYAML("--- x\n") && !ForemYAML.isYAML("---x") && !ForemYAML.isYAML("smtp.gmail.com"))
    }
}
