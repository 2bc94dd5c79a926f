// Saves in a loop until killed. The crash tests SIGKILL it at random
// moments and then check that the store holds one whole revision.
// Every value of revision N encodes N, so a torn save would show.
import Foundation
import SMTPSettings
import TestSupport

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: StoreSoak STORE (a path or a postgres:// URL)\n".utf8))
    exit(64)
}
let store = try StoreLocation(parsing: CommandLine.arguments[1], allowPassword: true).openStore()
while true {
    do {
        let current = try store.load()
        let next = current.revision + 1
        _ = try store.save(StoreSoakValues.settings(forRevision: next), basedOn: current.revision, action: "soak")
    } catch StoreError.conflict {
        continue
    } catch {
        FileHandle.standardError.write(Data("StoreSoak: \(error)\n".utf8))
        exit(1)
    }
}
