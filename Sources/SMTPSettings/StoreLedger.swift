import Foundation

/// What every backend does inside its one transaction, written once: the
/// settings as Forem reads them, the rows written as Forem writes them, the
/// revision check, the outside-change check, history and rollback.
enum StoreLedger {
    static let outsideAction = "changed outside smtp-setup"
    static let outsideUser = "another program"
    static let foundAction = "found before smtp-setup's first save"

    /// The end of a save's transaction: commit either way; an outside
    /// change is committed (history records it) and then reported as a conflict.
    enum Outcome<Value> {
        case done(Value)
        case outsideChange(HistoryEntry)
    }

    // MARK: Reading

    /// The settings as Forem reads them: YAML loaded and cast; a value in the
    /// earlier raw format (no `---`) read as it is.
    static func settings(_ tables: some StoreTables) throws -> MailSettings {
        var settings = MailSettings()
        for row in try tables.foremRows() {
            guard let key = SettingKey(rawValue: row.name), let stored = row.value else { continue }
            settings[key] = read(stored, for: key)
        }
        for row in try tables.toolRows() {
            if let key = SettingKey(rawValue: row.name), !key.isForemSetting { settings[key] = row.value }
        }
        return settings
    }

    static func read(_ stored: String, for key: SettingKey) -> String? {
        guard ForemYAML.isYAML(stored) else { return stored }
        // YAML Psych cannot parse: kept as text so the admin sees it; the next save rewrites it.
        guard let value = ForemYAML.load(stored) else { return stored }
        return ForemYAML.foremText(value, for: key)
    }

    static func load(_ tables: some StoreTables) throws -> StoredSettings {
        let latest = try tables.latestRevision()?.entry
        return StoredSettings(settings: try settings(tables), revision: latest?.revision ?? 0, latest: latest)
    }

    static func history(_ tables: some StoreTables) throws -> [HistoryEntry] {
        try tables.revisions(after: 0).map(\.entry).sorted { $0.revision > $1.revision }
    }

    /// Every settings_smtp row as a digest of its value and its updated_at
    /// text, so that any change by another program shows. A digest, because
    /// history keeps no password.
    static func rowsSeen(_ tables: some StoreTables) throws -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for row in try tables.foremRows() { rows[row.name] = [row.value.map(digest) ?? "null", row.updatedText] }
        return rows
    }

    /// FNV-1a, 64 bits: enough to see that a value changed.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func snapshot(_ record: RevisionRecord) throws -> MailSettings {
        MailSettings(dictionary: try JSONDecoder().decode([String: String].self, from: Data(record.snapshot.utf8)))
    }

    // MARK: Changes made by other programs

    /// What another program (Forem's admin form) changed in settings_smtp
    /// since the latest revision; nil when the rows are as that revision left them.
    static func outsideChange(_ tables: some StoreTables) throws -> (keys: [SettingKey], at: Date)? {
        // A store from before rows were kept has no record of them: nothing to compare.
        guard let seenText = try tables.latestRevision()?.rowsSeen,
            let seen = try? JSONDecoder().decode([String: [String]].self, from: Data(seenText.utf8))
        else { return nil }
        let rows = try tables.foremRows()
        var now: [String: [String]] = [:]
        for row in rows { now[row.name] = [row.value.map(digest) ?? "null", row.updatedText] }
        guard now != seen else { return nil }
        let names = Set(now.keys).union(seen.keys).filter { now[$0] != seen[$0] }
        let times = rows.filter { names.contains($0.name) }.compactMap(\.updatedAt)
        return (SettingKey.allCases.filter { names.contains($0.rawValue) }, times.max() ?? Date())
    }

    /// Records an outside change as a revision of its own, so history shows it
    /// and a save started before it conflicts.
    static func recordOutsideChange(_ tables: some StoreTables) throws -> HistoryEntry? {
        guard let change = try outsideChange(tables) else { return nil }
        let entry = HistoryEntry(
            revision: (try tables.latestRevision()?.entry.revision ?? 0) + 1, savedAt: change.at,
            savedBy: outsideUser, action: outsideAction, changedKeys: change.keys)
        try insertRevision(tables, entry, settings: try settings(tables))
        return entry
    }

    // MARK: Saving

    /// A save's transaction body: the outside-change check, the revision
    /// check, then the rows and the revision.
    static func save(
        _ settings: MailSettings, basedOn revision: Int, user: String, action: String, in tables: some StoreTables
    ) throws -> Outcome<HistoryEntry?> {
        if let outside = try recordOutsideChange(tables) { return .outsideChange(outside) }
        let current = try tables.latestRevision()?.entry
        if revision > (current?.revision ?? 0) || revision < 0 {
            throw StoreError.noSuchRevision(revision, latest: current?.revision ?? 0)
        }
        if let current, current.revision != revision {
            throw StoreError.conflict(expected: revision, current: current)
        }
        // The settings from before the first save (Forem's own admin form)
        // are a revision of their own, so that undoing that save brings them back.
        let found = current == nil ? try Self.settings(tables) : MailSettings()
        guard found.isEmpty else {
            return .done(try writeFirst(settings, over: found, tables, user: user, action: action))
        }
        return .done(try write(settings, tables, revision: revision + 1, user: user, action: action))
    }

    /// The first save over settings that were already there: those as
    /// revision 1 (when the save changes anything), the save as 2.
    static func writeFirst(
        _ settings: MailSettings, over found: MailSettings, _ tables: some StoreTables, user: String, action: String
    ) throws -> HistoryEntry? {
        let rowsBefore = try json(try rowsSeen(tables))
        let times = try tables.foremRows().compactMap(\.updatedAt)
        guard let entry = try write(settings, tables, revision: 2, user: user, action: action) else { return nil }
        let before = HistoryEntry(
            revision: 1, savedAt: times.max() ?? entry.savedAt, savedBy: outsideUser, action: foundAction,
            changedKeys: found.changedKeys(from: MailSettings()))
        try tables.insertRevision(
            RevisionRecord(
                entry: before, snapshot: try json(found.withoutSecrets.dictionary), passwordSet: found.hasPassword,
                rowsSeen: rowsBefore))
        return entry
    }

    /// A rollback's transaction body. History keeps no password: `password`
    /// supplies one, else the current one is kept.
    static func rollback(
        to target: Int, basedOn revision: Int, password: String?, user: String, in tables: some StoreTables
    ) throws -> Outcome<RollbackOutcome> {
        if let outside = try recordOutsideChange(tables) { return .outsideChange(outside) }
        let latest = try tables.latestRevision()?.entry
        let current = latest?.revision ?? 0
        if current != revision {
            guard let latest else { throw StoreError.noSuchRevision(revision, latest: 0) }
            throw StoreError.conflict(expected: revision, current: latest)
        }
        guard let record = try tables.revision(target) else { throw StoreError.noSuchRevision(target, latest: current) }
        var restored = try snapshot(record)
        let changedSince = try tables.revisions(after: target).contains { $0.entry.changedKeys.contains(.password) }
        let currentPassword = try settings(tables).password
        if record.passwordSet { restored[.password] = password ?? currentPassword }
        // Never restore something the application cannot use: history
        // keeps no password, so a reset in between can leave none.
        let problems = SettingsValidator.errors(in: restored)
        if !problems.isEmpty { throw StoreError.incompleteRevision(target, problems: problems.map(\.description)) }
        let entry =
            try write(restored, tables, revision: current + 1, user: user, action: "rollback to \(target)")
            ?? latest!
        return .done(
            RollbackOutcome(
                entry: entry,
                keptCurrentPassword: record.passwordSet && changedSince && password == nil && currentPassword != nil))
    }

    /// Writes the rows and the revision; nil when nothing changed. Every key
    /// the form holds is written, defaults included, so Forem reads what the
    /// wizard showed (port 587, not Forem's own 25).
    static func write(
        _ settings: MailSettings, _ tables: some StoreTables, revision: Int, user: String, action: String
    ) throws -> HistoryEntry? {
        // A reset (nothing at all) stays empty: Forem then sees SMTP as not configured.
        let settings = settings.isEmpty ? settings : settings.withDefaults
        let old = try Self.settings(tables)
        var rewrite = Set(settings.changedKeys(from: old))
        // Rows in the earlier raw format, or in a place this version no longer keeps them.
        for row in try tables.foremRows() {
            guard let key = SettingKey(rawValue: row.name) else { continue }
            if !key.isForemSetting || row.value != settings[key].map({ ForemYAML.encode($0, for: key) }) {
                rewrite.insert(key)
            }
        }
        if rewrite.isEmpty { return nil }
        let changed = SettingKey.allCases.filter { rewrite.contains($0) }
        let now = Date()
        for key in changed {
            let value = settings[key]
            if key.isForemSetting {
                if let value {
                    try tables.upsertForemRow(key.rawValue, value: ForemYAML.encode(value, for: key), at: now)
                } else {
                    try tables.deleteForemRow(key.rawValue)
                }
            } else {
                try tables.deleteForemRow(key.rawValue)
                if let value {
                    try tables.upsertToolRow(key.rawValue, value: value, at: now)
                } else {
                    try tables.deleteToolRow(key.rawValue)
                }
            }
        }
        let entry = HistoryEntry(revision: revision, savedAt: now, savedBy: user, action: action, changedKeys: changed)
        try insertRevision(tables, entry, settings: settings)
        return entry
    }

    /// One history row: never the password, and the rows as they now are.
    static func insertRevision(_ tables: some StoreTables, _ entry: HistoryEntry, settings: MailSettings) throws {
        try tables.insertRevision(
            RevisionRecord(
                entry: entry, snapshot: try json(settings.withoutSecrets.dictionary), passwordSet: settings.hasPassword,
                rowsSeen: try json(try rowsSeen(tables))))
    }

    static func changedKeys(json text: String) -> [SettingKey] {
        ((try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []).compactMap(SettingKey.init(rawValue:))
    }
}
