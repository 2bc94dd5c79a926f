import Foundation

/// One `settings_smtp` row as stored: the YAML text and `updated_at`, as
/// text (compared as it is) and as a date (the time shown to the admin).
struct ForemRow: Equatable, Sendable {
    var name: String
    var value: String?
    var updatedText: String
    var updatedAt: Date?
}

/// One history row as stored.
struct RevisionRecord: Equatable, Sendable {
    var entry: HistoryEntry
    /// The settings without the password, as JSON.
    var snapshot: String
    var passwordSet: Bool
    /// The settings_smtp rows as this revision left them (JSON), so that a
    /// change by another program shows; nil in stores from before rows were kept.
    var rowsSeen: String?
}

/// What a store's open transaction can do with its rows. Each backend says
/// only how (SQL dialect, driver); what is read, written and checked is
/// `StoreLedger`'s, the same for every backend.
protocol StoreTables {
    /// Every `settings_smtp` row this store reads (for PostgreSQL: the global ones).
    func foremRows() throws -> [ForemRow]
    /// The keys Forem does not know, kept in the tool's own table.
    func toolRows() throws -> [(name: String, value: String)]
    func latestRevision() throws -> RevisionRecord?
    func revision(_ number: Int) throws -> RevisionRecord?
    func revisions(after number: Int) throws -> [RevisionRecord]
    func upsertForemRow(_ name: String, value: String, at date: Date) throws
    func deleteForemRow(_ name: String) throws
    func upsertToolRow(_ name: String, value: String, at date: Date) throws
    func deleteToolRow(_ name: String) throws
    func insertRevision(_ record: RevisionRecord) throws
}
