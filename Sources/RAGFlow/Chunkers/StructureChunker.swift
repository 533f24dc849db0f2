/// Follows the document's structure: packs sentences like ``SentenceChunker`` but never lets a
/// chunk cross a page or section (heading) boundary, unless a page or section has fewer than
/// `minChunkSize` tokens: then it joins the ones after it (the last one joins the one before),
/// so that a lone heading or a page with one line does not become a chunk of its own.
public struct StructureChunker: DocumentChunker {
    public let settings: StructureChunkerSettings
    public let tokenCounter: any TokenCounter

    public init(settings: StructureChunkerSettings, tokenCounter: any TokenCounter = WordTokenCounter()) {
        self.settings = settings
        self.tokenCounter = tokenCounter
    }

    public func chunk(_ document: Document) throws -> [Chunk] {
        let assembler = ChunkAssembler(document)
        let packer = TokenPacker(text: assembler.text, counter: tokenCounter, limit: settings.chunkSize, overlap: settings.chunkOverlap)
        var ranges: [Range<Int>] = []
        for group in groups(assembler.sections(), packer: packer) {
            let pieces = group.flatMap { SentenceChunker.sentencePieces(in: $0, packer: packer) }
            ranges += balancedWindows(pieces, packer: packer).map { TokenPacker.range(of: $0, in: pieces) }
        }
        return assembler.chunks(ranges)
    }

    /// Greedy windows, unless the last one would be tiny: then the smallest limit that needs no
    /// more windows, so that a section of 200 tokens makes two chunks of about 100 rather than
    /// one of 192 and one of 8.
    func balancedWindows(_ pieces: [TextPiece], packer: TokenPacker) -> [Range<Int>] {
        let greedy = packer.pack(pieces)
        func tokens(_ window: Range<Int>) -> Int { pieces[window].reduce(0) { $0 + $1.tokens } }
        guard greedy.count > 1, let last = greedy.last, tokens(last) < settings.minChunkSize else { return greedy }
        var low = 1, high = packer.limit, best = greedy
        while low < high {
            let limit = (low + high) / 2
            let trial = TokenPacker(text: packer.text, counter: packer.counter, limit: limit, overlap: min(packer.overlap, limit - 1))
                .pack(pieces)
            if trial.count <= greedy.count {
                best = trial
                high = limit
            } else {
                low = limit + 1
            }
        }
        return best
    }

    /// Consecutive sections chunked together: each group holds at least `minChunkSize` tokens
    /// where the document allows, and as few sections as that takes.
    func groups(_ sections: [Range<Int>], packer: TokenPacker) -> [[Range<Int>]] {
        var groups: [[Range<Int>]] = []
        var open: [Range<Int>] = [], openTokens = 0
        for section in sections {
            let count = packer.count(section)
            guard count > 0 else { continue }
            open.append(section)
            openTokens += count
            if openTokens >= settings.minChunkSize {
                groups.append(open)
                open = []
                openTokens = 0
            }
        }
        if !open.isEmpty {
            if groups.isEmpty {
                groups.append(open)
            } else {
                groups[groups.count - 1] += open
            }
        }
        return groups
    }
}
