import Foundation

/// A fresh directory under /tmp, removed when the test lets go of it.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "smtp-setup-test") {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(label)-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
