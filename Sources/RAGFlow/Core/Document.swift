import Foundation

/// One source file as a loader read it: its identity on disk, its metadata and its text, with a
/// map from text ranges to pages or sections.
public struct Document: Sendable, Hashable {
    /// Path relative to the ingest root, with `/` separators.
    public var path: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    /// Size of the file in bytes.
    public var size: Int
    /// Modification time of the file.
    public var modified: Date
    public var mediaType: MediaType
    public var title: String?
    public var author: String?
    /// Creation date the document itself declares (PDF metadata), if any.
    public var created: Date?
    /// The document's text. Offsets elsewhere count Unicode scalars of this string.
    public var text: String
    /// Pages or sections, sorted, covering `text`.
    public var spans: [TextSpan]
    /// Things the loader or cleaners noticed but did not fail on ("decoded as Latin-1").
    public var warnings: [String]

    public init(
        path: String, sha256: String, size: Int, modified: Date, mediaType: MediaType,
        title: String? = nil, author: String? = nil, created: Date? = nil,
        text: String, spans: [TextSpan], warnings: [String] = []
    ) {
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.modified = modified
        self.mediaType = mediaType
        self.title = title
        self.author = author
        self.created = created
        self.text = text
        self.spans = spans
        self.warnings = warnings
    }
}
