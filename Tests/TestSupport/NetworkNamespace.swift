import Foundation

/// A network namespace of the test's own, with only loopback and its own
/// /etc/resolv.conf (via `ip netns exec`), so DNS failures can be made for
/// real without sending a packet anywhere else.
public final class NetworkNamespace: @unchecked Sendable {
    public let name: String
    private var dns: RunningProcess?

    /// `hosts`: the namespace's own /etc/hosts (names for its loopback addresses).
    public init(hosts: String? = nil) throws {
        name = "smtpsetup-\(UUID().uuidString.prefix(8).lowercased())"
        let add = try ProcessRunner.run("/usr/sbin/ip", ["netns", "add", name])
        guard add.status == 0 else {
            throw SetupFailure("cannot create a network namespace (needs root and iproute2): \(add.output)")
        }
        try FileManager.default.createDirectory(atPath: "/etc/netns/\(name)", withIntermediateDirectories: true)
        try "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n".write(
            toFile: "/etc/netns/\(name)/resolv.conf", atomically: true, encoding: .utf8)
        if let hosts {
            try hosts.write(toFile: "/etc/netns/\(name)/hosts", atomically: true, encoding: .utf8)
        }
        try ProcessRunner.run("/usr/sbin/ip", ["netns", "exec", name, "ip", "link", "set", "lo", "up"])
    }

    /// Answers every DNS query inside the namespace with `rcode`.
    public func startDNS(rcode: String) throws {
        let process = try RunningProcess(
            "/usr/sbin/ip",
            ["netns", "exec", name, "/usr/bin/python3", SupportFiles.path("fake_dns.py"), "--rcode", rcode])
        let deadline = Date().addingTimeInterval(10)
        while !process.currentOutput.hasPrefix("READY") {
            guard Date() < deadline, process.isRunning else {
                throw SetupFailure("fake DNS did not start: \(process.currentError)")
            }
            usleep(20_000)
        }
        dns = process
    }

    /// Runs a command inside the namespace.
    public func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run("/usr/sbin/ip", ["netns", "exec", name, executable] + arguments, input: input)
    }

    deinit {
        dns?.kill(SIGTERM)
        _ = dns?.wait(timeout: 5)
        _ = try? ProcessRunner.run("/usr/sbin/ip", ["netns", "del", name])
        try? FileManager.default.removeItem(atPath: "/etc/netns/\(name)")
    }
}
