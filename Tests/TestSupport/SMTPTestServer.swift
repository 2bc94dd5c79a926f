import Foundation

/// The test servers and certificate script under Tests/Support.
public enum SupportFiles {
    public static let directory: String = {
        // Tests/TestSupport/SMTPTestServer.swift -> Tests/Support
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Support").path
    }()

    public static func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
}

/// Certificates made once per test run by `make_certs.sh`: a CA and
/// leaves that are good, expired, not yet valid, for the wrong name, and
/// self-signed.
public enum TestCertificates {
    private static let made = Result<String, any Error>(catching: {
        let dir = TemporaryDirectory.persistent("certs")
        let result = try ProcessRunner.run("/bin/bash", [SupportFiles.path("make_certs.sh"), dir])
        guard result.status == 0 else { throw SetupFailure("make_certs.sh failed: \(result.output)") }
        return dir
    })

    public static func directory() throws -> String { try made.get() }

    public static func pem(_ name: String) throws -> String {
        (try directory() as NSString).appendingPathComponent("\(name).pem")
    }
    public static func key(_ name: String) throws -> String {
        (try directory() as NSString).appendingPathComponent("\(name).key")
    }
    public static func caFile() throws -> String { try pem("ca") }
}

public struct SetupFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A real SMTP server (aiosmtpd, or a scripted misbehaving one) on
/// 127.0.0.1, stopped when the test lets go of it. Its stdin is a pipe we
/// hold, so it also exits by itself if the test process dies.
public final class SMTPTestServer: @unchecked Sendable {
    public static let password = "T3st-Pa55word!"
    public static let user = "mailer"

    public let port: Int
    public let mode: String
    private let process: RunningProcess
    private let scratch = TemporaryDirectory("smtpserver")

    /// Where delivered messages land, one JSON object per line.
    public var messagesFile: String { scratch.file("messages.jsonl") }

    /// `namespace`: runs the server inside that network namespace (its own loopback).
    public init(
        mode: String, certificate: String? = nil, arguments: [String] = [], namespace: NetworkNamespace? = nil
    ) throws {
        self.mode = mode
        var args = [
            SupportFiles.path("smtp_test_server.py"), "--mode", mode, "--messages", scratch.file("messages.jsonl"),
        ]
        if let certificate {
            args += ["--cert", try TestCertificates.pem(certificate), "--key", try TestCertificates.key(certificate)]
        }
        args += arguments
        let (executable, prefix) =
            namespace.map { ("/usr/sbin/ip", ["netns", "exec", $0.name, "/usr/bin/python3"]) } ?? (
                "/usr/bin/python3", []
            )
        process = try RunningProcess(executable, prefix + args, environment: ["SMTP_TEST_PASSWORD": Self.password])
        let deadline = Date().addingTimeInterval(15)
        var found: Int?
        while Date() < deadline {
            let output = process.currentOutput
            // Only a whole line: a half-written "READY 44" must not be read as port 44.
            if let line = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().first(where: {
                $0.hasPrefix("READY ")
            }) {
                found = Int(line.dropFirst(6))
                break
            }
            if output.hasPrefix("UNSUPPORTED") || !process.isRunning {
                throw SetupFailure("test server \(mode) did not start: \(output) \(process.currentError)")
            }
            usleep(20_000)
        }
        guard let found else { throw SetupFailure("test server \(mode) gave no READY line") }
        port = found
    }

    /// Messages the server accepted.
    public func messages() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: messagesFile, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    public var log: String { process.currentError }

    /// How many connections the server has accepted so far (aiosmtpd modes).
    public var connections: Int { log.components(separatedBy: "connection accepted").count - 1 }

    deinit {
        process.kill(SIGTERM)
        if process.wait(timeout: 5) == nil { process.kill(SIGKILL) }
    }
}

/// A port on 127.0.0.1 with nothing listening: bound, then closed.
public func closedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
