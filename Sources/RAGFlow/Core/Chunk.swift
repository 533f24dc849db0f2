/// A piece of a document small enough to embed and to quote, with where it came from.
public struct Chunk: Sendable, Hashable, Codable {
    /// ``Document/path`` of the document the chunk belongs to.
    public var documentPath: String
    /// 0-based position of the chunk within its document.
    public var ordinal: Int
    public var text: String
    /// Unicode-scalar offsets into the cleaned document text, half-open.
    public var range: Range<Int>
    /// First and last page the chunk touches, for paged documents.
    public var pages: ClosedRange<Int>?
    /// Headings enclosing the chunk's start, outermost first.
    public var headingPath: [String]

    public init(
        documentPath: String, ordinal: Int, text: String, range: Range<Int>,
        pages: ClosedRange<Int>? = nil, headingPath: [String] = []
    ) {
        self.documentPath = documentPath
        self.ordinal = ordinal
        self.text = text
        self.range = range
        self.pages = pages
        self.headingPath = headingPath
    }
}
