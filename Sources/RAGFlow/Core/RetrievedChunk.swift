/// One chunk a retriever returned for a question: what the prompt numbers as a source and what a
/// citation points back to.
///
/// Encodes to the shape `ragflow query --json` prints under `"retrieved"`:
/// `{"rank": 1, "source": path, "page": N or null, "chunk_id": ID, "score": S, "text": T}`.
public struct RetrievedChunk: Sendable, Hashable, Encodable {
    /// 1-based position in the retriever's ranking (1 is the best).
    public var rank: Int
    /// The store's id of the chunk (never reused, see the store schema).
    public var chunkID: Int64
    /// ``Document/path`` of the document the chunk comes from.
    public var source: String
    /// First and last page the chunk touches, for paged documents.
    public var pages: ClosedRange<Int>?
    /// Headings enclosing the chunk, outermost first.
    public var headingPath: [String]
    /// The retriever's score; higher is better, its scale depends on the retrieval mode.
    public var score: Double
    public var text: String

    /// The page the chunk starts on, for paged documents.
    public var page: Int? { pages?.lowerBound }

    /// A retrieved chunk; `page` stands for `pages: page...page` when only one page is known.
    public init(
        rank: Int, chunkID: Int64, source: String, page: Int? = nil, pages: ClosedRange<Int>? = nil,
        headingPath: [String] = [], score: Double, text: String
    ) {
        self.rank = rank
        self.chunkID = chunkID
        self.source = source
        self.pages = pages ?? page.map { $0...$0 }
        self.headingPath = headingPath
        self.score = score
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case rank, source, page, score, text
        case chunkID = "chunk_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rank, forKey: .rank)
        try container.encode(source, forKey: .source)
        // `null` rather than a missing key: the JSON shape always carries `page`.
        try container.encode(page, forKey: .page)
        try container.encode(chunkID, forKey: .chunkID)
        try container.encode(score, forKey: .score)
        try container.encode(text, forKey: .text)
    }
}
