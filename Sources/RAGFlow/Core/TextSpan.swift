/// A stretch of a document's text that lies on one page (PDF) or under one heading path
/// (HTML, Markdown).
///
/// Offsets count Unicode scalars from the start of ``Document/text`` (the same unit as a Python
/// `str` index), half-open. A document's spans are sorted, do not overlap and cover its text.
public struct TextSpan: Sendable, Hashable, Codable {
    /// Unicode-scalar offsets into the document text, half-open.
    public var range: Range<Int>
    /// 1-based physical page number, for paged documents.
    public var page: Int?
    /// The page label the PDF gives this page ("iv", "A-3"), when it differs from the number.
    public var pageLabel: String?
    /// Headings enclosing this stretch, outermost first.
    public var headingPath: [String]

    public init(range: Range<Int>, page: Int? = nil, pageLabel: String? = nil, headingPath: [String] = []) {
        self.range = range
        self.page = page
        self.pageLabel = pageLabel
        self.headingPath = headingPath
    }
}
