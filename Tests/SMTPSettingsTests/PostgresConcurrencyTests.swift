import Foundation
import SMTPSettings
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Several processes saving at once into Forem's database, and processes
/// killed in the middle of a save: never a lost update, never half a revision.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs Debian's postgresql"))
struct PostgresConcurrencyTests {
    let server: PostgresTestServer
    static let password = ["PGPASSWORD": "forem-secret"]

    init() throws { server = try PostgresTestServer.shared() }

    func store(_ name: String) throws -> PostgresStore {
        guard case .postgres(let location) = try StoreLocation(parsing: server.url(name)) else {
            throw SetupFailure("not a postgres location")
        }
        return PostgresStore(location, environment: Self.password)
    }

    @Test func processesSavingFromTheSameRevisionConflictAndOneWins() throws {
        let name = try server.makeDatabase(.subforems)
        let store = try store(name)
        _ = try store.save(
            MailSettings([.address: "smtp.example.com", .userName: "u", .password: "p"]), basedOn: 0, action: "test")
        let processes = try (0..<6).map { index in
            try RunningProcess(
                BuiltProducts.path("smtp-setup"),
                ["set", "from_name=writer-\(index)", "--if-revision", "1", "--store", server.url(name)],
                environment: Self.password)
        }
        let results = processes.map { $0.wait(timeout: 60) }
        let statuses = results.map { $0?.status ?? -1 }
        #expect(statuses.filter { $0 == 0 }.count == 1, "\(results.map { $0?.output ?? "timed out" })")
        #expect(statuses.filter { $0 == 75 }.count == 5, "\(statuses)")
        let winner = try #require(statuses.firstIndex(of: 0))
        let loaded = try store.load()
        #expect(loaded.revision == 2)
        #expect(loaded.settings[.fromName] == "writer-\(winner)")
    }

    @Test func processesSavingInALoopNeverLoseAnUpdate() throws {
        let name = try server.makeDatabase(.classic)
        let url = server.url(name)
        _ = try store(name).save(
            MailSettings([.address: "smtp.example.com", .userName: "u", .password: "p"]), basedOn: 0, action: "seed")
        // Each writer loads, changes its own key's value, saves; on a conflict it loads again.
        let rounds = 5
        let processes = try (0..<4).map { index in
            try RunningProcess(
                "/bin/sh",
                [
                    "-c",
                    """
                    i=0
                    while [ $i -lt \(rounds) ]; do
                      "$0" set from_name=w\(index)-$i --store "$1" </dev/null && i=$((i+1)) && continue
                      [ $? -eq 75 ] || exit 1
                    done
                    """, BuiltProducts.path("smtp-setup"), url,
                ], environment: Self.password)
        }
        for process in processes {
            let result = process.wait(timeout: 120)
            #expect(result?.status == 0, "\(result?.output ?? "timed out")")
        }
        let history = try store(name).history()
        // Every successful save is one revision of its own: 4 writers x 5 rounds.
        #expect(history.filter { $0.action == "set" }.count == 4 * rounds)
        #expect(Set(history.map(\.revision)).count == history.count)
        #expect(history.first?.revision == history.count && history.count == 1 + 4 * rounds)
        // The last save is what the table holds: no save was overwritten by an older one.
        #expect(try store(name).load().settings[.fromName]?.hasSuffix("-\(rounds - 1)") == true)
    }

    @Test func aKilledSaveLeavesOneWholeRevision() throws {
        let name = try server.makeDatabase(.subforems)
        let url = server.url(name)
        let store = try store(name)
        for attempt in 0..<4 {
            let soak = try RunningProcess(BuiltProducts.path("StoreSoak"), [url], environment: Self.password)
            // Kill it once it has saved a few revisions, in the middle of whatever it is doing.
            let target = (attempt + 1) * 3
            let deadline = Date().addingTimeInterval(60)
            while (try? store.load().revision) ?? 0 < target, Date() < deadline, soak.isRunning { usleep(1_000) }
            soak.kill(SIGKILL)
            _ = soak.wait(timeout: 10)
            #expect(!soak.currentError.contains("StoreSoak:"), "\(soak.currentError)")
            let loaded = try store.load()
            #expect(loaded.revision >= target)
            #expect(
                loaded.settings == StoreSoakValues.settings(forRevision: loaded.revision).withDefaults,
                "revision \(loaded.revision)")
            #expect(try store.history().count == loaded.revision)
        }
        // No connection is left holding the table locked.
        #expect(
            try store.save(StoreSoakValues.settings(forRevision: 999), basedOn: store.load().revision, action: "t")
                != nil)
    }
}
