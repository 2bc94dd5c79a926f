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

    /// A folder for the whole test run (shared fixtures), removed at exit.
    public static func persistent(_ label: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(label)-\(UUID().uuidString.prefix(8))"
        ).path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        persistentLock.lock()
        if persistentPaths.isEmpty { atexit { TemporaryDirectory.removePersistent() } }
        persistentPaths.append(path)
        persistentLock.unlock()
        return path
    }

    private static let persistentLock = NSLock()
    nonisolated(unsafe) private static var persistentPaths: [String] = []

    private static func removePersistent() {
        for path in persistentPaths { try? FileManager.default.removeItem(atPath: path) }
    }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
