/// Reads one kind of file into a ``Document``.
///
/// Loaders are cheap to construct and hold no open resources between calls; they may be called
/// from several tasks at once.
public protocol DocumentLoader: Sendable {
    /// Media types this loader reads.
    var mediaTypes: Set<MediaType> { get }
    /// Reads `file`. Throws ``RAGFlowError`` naming the file (and page) when it cannot.
    func load(_ file: SourceFile) throws -> Document
}
