/// How one application keeps its SMTP settings in a text file of its own.
///
/// Pure text in, text out: each format is proven against the application's
/// own parser without touching the disk, and the one file store (atomic
/// replace, owner and mode, conflicts, history) serves every format.
public protocol ConfigFileFormat: Sendable {
    var application: Application { get }

    /// The form's fields this application has a setting for; the others are
    /// not asked, or shown as not used by it.
    var usedKeys: Set<SettingKey> { get }

    /// The SMTP settings as the application reads them from the file's text.
    /// Keys the file does not set are absent.
    func read(_ text: String) throws(ConfigFileError) -> MailSettings

    /// The file's text with the application's SMTP keys set from `settings`
    /// and every other byte kept as it was.
    func write(_ settings: MailSettings, into text: String) throws(ConfigFileError) -> String

    /// What the application could not read back exactly, or cannot do with
    /// these settings, each with the fix: refused before the test and the save.
    func problems(in settings: MailSettings) -> [SettingProblem]

    /// The text with the password's value replaced by `standIn`, for the
    /// digest history keeps (`HistoryDigest`). By default `write` sets it,
    /// which replaces only the assignment the application reads; a format
    /// that can find every assignment of its password key replaces them all.
    func maskingPassword(in text: String, with standIn: String) throws(ConfigFileError) -> String
}

extension ConfigFileFormat {
    public func maskingPassword(in text: String, with standIn: String) throws(ConfigFileError) -> String {
        var settings = try read(text)
        settings[.password] = standIn
        return try write(settings, into: text)
    }
}

/// A file that is not what its application writes, in words: which line,
/// what is wrong, and what to do about it.
public struct ConfigFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int?
    public var message: String
    public var fix: String

    public init(line: Int? = nil, _ message: String, fix: String) {
        self.line = line
        self.message = message
        self.fix = fix
    }

    public var description: String {
        (line.map { "line \($0): " } ?? "") + message + " " + fix
    }
}
