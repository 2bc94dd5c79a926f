import Foundation
import Testing

@testable import Wizard

/// Compares a grid's text with `Golden/NAME.txt`; with UPDATE_GOLDEN=1 in
/// the environment, writes the file instead (then read it before committing).
func expectGolden(_ grid: CellGrid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    let file = folder.appendingPathComponent("\(name).txt")
    let text = grid.text + "\n"
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? text.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("No golden \(name).txt: run with UPDATE_GOLDEN=1 to write it.", sourceLocation: sourceLocation)
        return
    }
    #expect(text == expected, "golden \(name) differs", sourceLocation: sourceLocation)
}
