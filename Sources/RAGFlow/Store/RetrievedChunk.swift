/// A chunk a retriever returned for a question, with where it came from and how well it
/// matched.
public struct RetrievedChunk: Sendable, Hashable {
    /// The chunk's id in the store; stable until its document changes.
    public var chunkID: Int64
    /// Path of the chunk's document, relative to its ingest root.
    public var source: String
    /// First and last page the chunk touches, for paged documents.
    public var pages: ClosedRange<Int>?
    /// Headings enclosing the chunk, outermost first.
    public var headingPath: [String]
    public var text: String
    /// Higher is better. For BM25 this is the negated FTS5 `bm25()` value.
    public var score: Double

    /// The page the chunk starts on, if the document has pages.
    public var page: Int? { pages?.lowerBound }
}
