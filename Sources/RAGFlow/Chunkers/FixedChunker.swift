/// Cuts a document into chunks of at most `chunkSize` tokens at word boundaries, each repeating
/// up to `chunkOverlap` tokens of the one before. Ignores sentences, pages and headings.
public struct FixedChunker: DocumentChunker {
    public let settings: ChunkSizeSettings
    public let tokenCounter: any TokenCounter

    public init(settings: ChunkSizeSettings, tokenCounter: any TokenCounter = WordTokenCounter()) {
        self.settings = settings
        self.tokenCounter = tokenCounter
    }

    public func chunk(_ document: Document) throws -> [Chunk] {
        let assembler = ChunkAssembler(document)
        let packer = TokenPacker(text: assembler.text, counter: tokenCounter, limit: settings.chunkSize, overlap: settings.chunkOverlap)
        let words = packer.wordPieces(in: 0..<assembler.text.count)
        return assembler.chunks(packer.pack(words).map { TokenPacker.range(of: $0, in: words) })
    }
}
