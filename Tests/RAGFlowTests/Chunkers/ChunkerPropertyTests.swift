import RAGFlow
import Testing

/// Invariants every chunker keeps on random documents (seeded: a failure names its seed).
@Suite("Chunker properties")
struct ChunkerPropertyTests {
    static let seeds: [UInt64] = Array(1...40)
    let counter = WordTokenCounter()

    private func chunkers(_ generator: inout SeededGenerator) -> [(String, any DocumentChunker, Int, Int)] {
        let size = [1, 2, 3, 8, 17, 64, 200].randomElement(using: &generator)!
        let overlap = Int.random(in: 0..<size, using: &generator)
        let minimum = Int.random(in: 0...size, using: &generator)
        let sizes = ChunkSizeSettings(chunkSize: size, chunkOverlap: overlap)
        return [
            ("fixed", FixedChunker(settings: sizes), size, overlap),
            ("sentence", SentenceChunker(settings: sizes), size, overlap),
            ("structure", StructureChunker(settings: StructureChunkerSettings(chunkSize: size, chunkOverlap: overlap, minChunkSize: minimum)), size, overlap),
        ]
    }

    @Test("chunks are the document's text at their ranges, in order, within bounds and the token limit", arguments: seeds)
    func rangesAndText(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let document = ChunkerFixtures.randomDocument(&generator)
        let scalars = Array(document.text.unicodeScalars)
        for (name, chunker, size, overlap) in chunkers(&generator) {
            let chunks = try chunker.chunk(document)
            let context = "seed \(seed), \(name), size \(size), overlap \(overlap)"
            #expect(chunks.map(\.ordinal) == Array(chunks.indices), "\(context)")
            for (index, chunk) in chunks.enumerated() {
                #expect(chunk.range.lowerBound >= 0 && chunk.range.upperBound <= scalars.count, "\(context)")
                #expect(!chunk.range.isEmpty, "\(context)")
                #expect(chunk.text == String(String.UnicodeScalarView(scalars[chunk.range])), "\(context)")
                #expect(chunk.documentPath == document.path)
                #expect(chunk.text.unicodeScalars.first?.properties.isWhitespace == false, "\(context)")
                #expect(chunk.text.unicodeScalars.last?.properties.isWhitespace == false, "\(context)")
                #expect(counter.countTokens(in: Substring(chunk.text)) <= size, "\(context): \(chunk.text)")
                if index > 0 {
                    let previous = chunks[index - 1].range
                    #expect(chunk.range.lowerBound > previous.lowerBound, "\(context)")
                    #expect(chunk.range.upperBound > previous.upperBound, "\(context)")
                    if overlap == 0 { #expect(chunk.range.lowerBound >= previous.upperBound, "\(context)") }
                }
            }
        }
    }

    @Test("every visible character lands in a chunk", arguments: seeds)
    func coverage(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let document = ChunkerFixtures.randomDocument(&generator)
        let scalars = Array(document.text.unicodeScalars)
        for (name, chunker, _, _) in chunkers(&generator) {
            var covered = [Bool](repeating: false, count: scalars.count)
            for chunk in try chunker.chunk(document) { for index in chunk.range { covered[index] = true } }
            let missed = scalars.indices.filter { !covered[$0] && !scalars[$0].properties.isWhitespace }
            #expect(missed.isEmpty, "seed \(seed), \(name): missed offsets \(missed.prefix(5))")
        }
    }

    @Test("pages and heading paths match the document's spans", arguments: seeds)
    func pagesAndHeadings(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let document = ChunkerFixtures.randomDocument(&generator)
        for (name, chunker, _, _) in chunkers(&generator) {
            for chunk in try chunker.chunk(document) {
                let touched = document.spans.filter { $0.range.overlaps(chunk.range) }.compactMap(\.page)
                let expected = touched.isEmpty ? nil : touched.min()!...touched.max()!
                #expect(chunk.pages == expected, "seed \(seed), \(name)")
                let start = document.spans.first { $0.range.contains(chunk.range.lowerBound) }
                #expect(chunk.headingPath == (start?.headingPath ?? []), "seed \(seed), \(name)")
            }
        }
    }

    @Test("the structure chunker crosses a page or section boundary only next to a tiny piece", arguments: seeds)
    func structureKeepsBoundaries(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let document = ChunkerFixtures.randomDocument(&generator)
        let minimum = Int.random(in: 0...20, using: &generator)
        let settings = StructureChunkerSettings(chunkSize: 24, chunkOverlap: 4, minChunkSize: minimum)
        let chunks = try StructureChunker(settings: settings).chunk(document)
        // Sections as the chunker sees them: neighbouring spans with the same page and headings join.
        var sections: [TextSpan] = []
        for span in document.spans {
            if let last = sections.last, last.page == span.page, last.headingPath == span.headingPath {
                sections[sections.count - 1].range = last.range.lowerBound..<span.range.upperBound
            } else {
                sections.append(span)
            }
        }
        let scalars = Array(document.text.unicodeScalars)
        func tokens(_ range: Range<Int>) -> Int { counter.countTokens(in: Substring(String(String.UnicodeScalarView(scalars[range])))) }
        for chunk in chunks {
            for (index, section) in sections.enumerated().dropLast() {
                let boundary = section.range.upperBound
                guard chunk.range.lowerBound < boundary, chunk.range.upperBound > boundary else { continue }
                let rest = boundary..<scalars.count
                #expect(tokens(section.range) < minimum || tokens(rest) < minimum, "seed \(seed): chunk \(chunk.ordinal) crosses section \(index)")
            }
        }
    }
}
