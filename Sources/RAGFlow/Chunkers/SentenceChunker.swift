/// Packs whole sentences into chunks of at most `chunkSize` tokens, each repeating the last
/// sentences of the one before that fit in `chunkOverlap` tokens. A sentence longer than a
/// chunk is cut at words.
public struct SentenceChunker: DocumentChunker {
    public let settings: ChunkSizeSettings
    public let tokenCounter: any TokenCounter

    public init(settings: ChunkSizeSettings, tokenCounter: any TokenCounter = WordTokenCounter()) {
        self.settings = settings
        self.tokenCounter = tokenCounter
    }

    public func chunk(_ document: Document) throws -> [Chunk] {
        let assembler = ChunkAssembler(document)
        let packer = TokenPacker(text: assembler.text, counter: tokenCounter, limit: settings.chunkSize, overlap: settings.chunkOverlap)
        let pieces = Self.sentencePieces(in: 0..<assembler.text.count, packer: packer)
        return assembler.chunks(packer.pack(pieces).map { TokenPacker.range(of: $0, in: pieces) })
    }

    /// The sentences of `range` as pieces; one over the limit becomes windows of its words.
    static func sentencePieces(in range: Range<Int>, packer: TokenPacker) -> [TextPiece] {
        var pieces: [TextPiece] = []
        for sentence in SentenceSegmenter(text: packer.text).sentences(in: range) {
            let tokens = packer.count(sentence)
            if tokens <= packer.limit {
                pieces.append(TextPiece(range: sentence, tokens: tokens))
                continue
            }
            let words = packer.wordPieces(in: sentence)
            let whole = TokenPacker(text: packer.text, counter: packer.counter, limit: packer.limit, overlap: 0)
            for window in whole.pack(words) {
                let part = TokenPacker.range(of: window, in: words)
                pieces.append(TextPiece(range: part, tokens: packer.count(part)))
            }
        }
        return pieces
    }
}
