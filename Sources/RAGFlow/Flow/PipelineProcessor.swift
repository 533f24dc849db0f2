/// The ingest half of a pipeline: picks a loader by the file's extension, runs the cleaners in
/// order (those limited to other media types are skipped), then the chunker.
///
/// ```swift
/// let processor = try PipelineProcessor(spec: try PipelineSpec.builtInDefault())
/// if processor.accepts(relativePath: file.relativePath) {
///     let (document, chunks) = try processor.process(file)
/// }
/// ```
public struct PipelineProcessor: DocumentProcessor {
    public let spec: PipelineSpec
    public let fingerprint: String
    private let loaders: [String: any DocumentLoader]
    private let cleaners: [(stage: CleanerStage, cleaner: any DocumentCleaner)]
    private let chunker: any DocumentChunker

    /// Builds every ingest stage of `spec`; chunks are measured with `tokenCounter`, by default
    /// the embedder's own tokenizer (``PipelineSpec/chunkTokenCounter()``).
    public init(spec: PipelineSpec, tokenCounter: (any TokenCounter)? = nil) throws {
        self.spec = spec
        let tokenCounter = tokenCounter ?? spec.chunkTokenCounter()
        fingerprint = spec.ingestFingerprint(tokenCounter: tokenCounter)
        var loaders: [String: any DocumentLoader] = [:]
        for stage in spec.loaders {
            let loader = try stage.makeLoader()
            for ext in stage.extensions where loaders[ext] == nil { loaders[ext] = loader }
        }
        self.loaders = loaders
        cleaners = try spec.cleaners.map { ($0, try $0.makeCleaner()) }
        chunker = try spec.chunker.makeChunker(tokenCounter: tokenCounter)
    }

    public func accepts(relativePath: String) -> Bool { loader(for: relativePath) != nil }

    public func process(_ file: SourceFile) throws -> (document: Document, chunks: [Chunk]) {
        guard let loader = loader(for: file.relativePath) else {
            throw RAGFlowError(.unreadableFile, "no loader of pipeline \"\(spec.name)\" reads this kind of file", file: file.relativePath)
        }
        var document = try loader.load(file)
        for (stage, cleaner) in cleaners where stage.applies(to: document.mediaType) {
            document = try attributing(to: file) { try cleaner.clean(document) }
        }
        let cleaned = document
        let chunks = try attributing(to: file) { try chunker.chunk(cleaned) }
        return (document, chunks)
    }

    private func loader(for relativePath: String) -> (any DocumentLoader)? {
        let name = relativePath.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return loaders[name[name.index(after: dot)...].lowercased()]
    }

    /// Runs `body`, naming the file in any error that does not already name one.
    private func attributing<T>(to file: SourceFile, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as RAGFlowError {
            if error.file == nil { error.file = file.relativePath }
            throw error
        } catch {
            throw RAGFlowError(.unreadableFile, "\(error)", file: file.relativePath)
        }
    }
}
