import Foundation

/// Metadata conditions a retrieved chunk must meet: all that are set must hold.
///
/// On the command line each is one `--filter KEY=VALUE`:
///
/// | key | value | holds when |
/// |---|---|---|
/// | `path` | a ``PathGlob`` | the document's relative path matches |
/// | `type` | `pdf`, `html`, `markdown`, `text`, `rst` or a media type | the document is of that type |
/// | `modified_after` | `2026-01-31` or an ISO 8601 time | the file changed after it |
/// | `pages` | `12` or `3-10` | the chunk touches one of those pages |
///
/// ```swift
/// var filter = RetrievalFilter()
/// try filter.add("path=man/*.pdf")
/// try filter.add("pages=1-3")
/// ```
public struct RetrievalFilter: Sendable, Hashable {
    public var path: PathGlob?
    public var mediaTypes: Set<MediaType>?
    public var modifiedAfter: Date?
    public var pages: ClosedRange<Int>?

    public init(path: PathGlob? = nil, mediaTypes: Set<MediaType>? = nil, modifiedAfter: Date? = nil, pages: ClosedRange<Int>? = nil) {
        self.path = path
        self.mediaTypes = mediaTypes
        self.modifiedAfter = modifiedAfter
        self.pages = pages
    }

    /// The keys `add(_:)` understands.
    public static let keys = ["path", "type", "modified_after", "pages"]

    /// Whether no condition is set.
    public var isEmpty: Bool { path == nil && mediaTypes == nil && modifiedAfter == nil && pages == nil }

    /// This filter with `conditions` (`KEY=VALUE` each, as ``add(_:)`` takes them) added.
    ///
    /// ```swift
    /// let filter = try settings.filters.retrievalFilter.adding(["type=pdf", "pages=2-5"])
    /// ```
    public func adding(_ conditions: [String]) throws -> RetrievalFilter {
        var filter = self
        for condition in conditions { try filter.add(condition) }
        return filter
    }

    /// Adds one `KEY=VALUE` condition. Throws ``RAGFlowError`` (`.invalidArgument`) for an unknown
    /// key or a value of the wrong form.
    public mutating func add(_ assignment: String) throws {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw RAGFlowError(.invalidArgument, "filter \"\(assignment)\" is not KEY=VALUE (keys: \(Self.keys.joined(separator: ", ")))")
        }
        let key = assignment[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        let value = assignment[assignment.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        switch key {
        case "path":
            path = PathGlob(value)
        case "type", "media_type":
            guard let type = Self.mediaType(named: value) else {
                throw RAGFlowError(.invalidArgument, "filter type=\(value): expected pdf, html, markdown, text, rst or a media type")
            }
            mediaTypes = (mediaTypes ?? []).union([type])
        case "modified_after":
            guard let date = Self.date(from: value) else {
                throw RAGFlowError(.invalidArgument, "filter modified_after=\(value): expected a date like 2026-01-31 or 2026-01-31T12:00:00Z")
            }
            modifiedAfter = date
        case "pages", "page":
            guard let range = Self.pageRange(from: value) else {
                throw RAGFlowError(.invalidArgument, "filter pages=\(value): expected a page (12) or a range (3-10)")
            }
            pages = range
        default:
            throw RAGFlowError(.invalidArgument, "unknown filter key \"\(key)\" (keys: \(Self.keys.joined(separator: ", ")))")
        }
    }

    /// Whether a chunk of a document with these facts passes.
    public func matches(path documentPath: String, mediaType: MediaType, modified: Date, pages chunkPages: ClosedRange<Int>?) -> Bool {
        if let path, !path.matches(documentPath) { return false }
        if let mediaTypes, !mediaTypes.contains(mediaType) { return false }
        if let modifiedAfter, modified <= modifiedAfter { return false }
        if let pages {
            guard let chunkPages, chunkPages.overlaps(pages) else { return false }
        }
        return true
    }

    static func mediaType(named name: String) -> MediaType? {
        switch name.lowercased() {
        case "pdf": return .pdf
        case "html", "htm": return .html
        case "markdown", "md": return .markdown
        case "text", "txt", "plain": return .plainText
        case "rst": return .restructuredText
        default: return MediaType(rawValue: name.lowercased())
        }
    }

    static func date(from text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }

    static func pageRange(from text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        switch parts.count {
        case 1: return parts[0].flatMap { $0 >= 1 ? $0...$0 : nil }
        case 2:
            guard let low = parts[0], let high = parts[1], low >= 1, low <= high else { return nil }
            return low...high
        default: return nil
        }
    }
}
