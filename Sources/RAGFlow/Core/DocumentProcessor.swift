/// Turns one source file into a cleaned document and its chunks: the ingest half of a pipeline,
/// as the store and sync see it.
public protocol DocumentProcessor: Sendable {
    /// A stable digest of every setting that shapes documents and chunks (loaders, cleaners,
    /// chunker and their settings). When it changes, stored documents must be rebuilt.
    var fingerprint: String { get }

    /// Whether this pipeline reads the file at `relativePath` at all (by its extension).
    func accepts(relativePath: String) -> Bool

    /// Reads, cleans and chunks one file. Throws ``RAGFlowError`` naming the file (and page).
    func process(_ file: SourceFile) throws -> (document: Document, chunks: [Chunk])
}
