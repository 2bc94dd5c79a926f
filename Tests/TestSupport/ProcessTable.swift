import Foundation

/// What /proc says of a process: its state and its children.
public enum ProcessTable {
    /// The state letter of /proc/PID/stat ("T" when stopped), nil once it is gone.
    public static func state(of pid: pid_t) -> Character? {
        fields(of: pid)?.first?.first
    }

    /// The processes whose parent is `pid`.
    public static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { child in
            guard let fields = fields(of: child), fields.count > 1 else { return false }
            return pid_t(fields[1]) == pid
        }.sorted()
    }

    /// The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses).
    private static func fields(of pid: pid_t) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.range(of: ") ", options: .backwards)
        else { return nil }
        return stat[close.upperBound...].split(separator: " ").map { $0 }
    }
}
