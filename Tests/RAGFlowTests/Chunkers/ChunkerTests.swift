import RAGFlow
import Testing

@Suite("Chunkers on known text")
struct ChunkerTests {
    @Test("fixed chunks hold N tokens and repeat M of the previous chunk")
    func fixedWindows() throws {
        let document = ChunkerFixtures.document("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10")
        let chunks = try FixedChunker(settings: ChunkSizeSettings(chunkSize: 4, chunkOverlap: 1)).chunk(document)
        #expect(chunks.map(\.text) == ["w1 w2 w3 w4", "w4 w5 w6 w7", "w7 w8 w9 w10"])
        #expect(chunks.map(\.range) == [0..<11, 9..<20, 18..<30])
    }

    @Test("a word longer than a chunk is cut into pieces that fit")
    func longWordIsCut() throws {
        let word = String(repeating: "a", count: 40)
        let chunks = try FixedChunker(settings: ChunkSizeSettings(chunkSize: 2)).chunk(ChunkerFixtures.document("x \(word) y"))
        #expect(chunks.allSatisfy { WordTokenCounter().countTokens(in: Substring($0.text)) <= 2 })
        #expect(chunks.map(\.text).joined().filter { $0 == "a" }.count == 40)
    }

    @Test("sentences are packed whole, with whole sentences as overlap")
    func sentencesPackWhole() throws {
        let text = "One two three. Four five six! Seven eight nine? Ten eleven twelve."
        let chunks = try SentenceChunker(settings: ChunkSizeSettings(chunkSize: 8, chunkOverlap: 4)).chunk(ChunkerFixtures.document(text))
        #expect(chunks.map(\.text) == [
            "One two three. Four five six!", "Four five six! Seven eight nine?", "Seven eight nine? Ten eleven twelve.",
        ])
    }

    @Test("abbreviations, initials, decimals and lower-case continuations do not end sentences")
    func sentenceBoundaries() throws {
        let text = "Use e.g. the flag. Dr. Smith wrote it. Pi is 3.14 today. See p. 4 here. J. R. Tolkien wrote. 漢字です。次の文。"
        let chunks = try SentenceChunker(settings: ChunkSizeSettings(chunkSize: 1000)).chunk(ChunkerFixtures.document(text))
        #expect(chunks.count == 1)
        let split = try SentenceChunker(settings: ChunkSizeSettings(chunkSize: 8)).chunk(ChunkerFixtures.document(text))
        #expect(split.map(\.text) == [
            "Use e.g. the flag.", "Dr. Smith wrote it.", "Pi is 3.14 today.", "See p. 4 here.", "J. R. Tolkien wrote.", "漢字です。次の文。",
        ])
    }

    @Test("blank lines and Markdown blocks end sentences")
    func blocksEndSentences() throws {
        let text = "# Title\nIntro line without stop\n\nNext paragraph\n- item one\n- item two"
        let chunks = try SentenceChunker(settings: ChunkSizeSettings(chunkSize: 4)).chunk(ChunkerFixtures.document(text))
        #expect(chunks.map(\.text) == ["# Title", "Intro line without stop", "Next paragraph", "- item one", "- item two"])
    }

    @Test("the structure chunker keeps pages apart and knows each chunk's page")
    func structureFollowsPages() throws {
        let first = "Alpha beta gamma delta. Epsilon zeta eta theta."
        let second = "Iota kappa lambda mu. Nu xi omicron pi."
        let document = ChunkerFixtures.pagedDocument([first, second])
        let settings = StructureChunkerSettings(chunkSize: 100, chunkOverlap: 0, minChunkSize: 4)
        let chunks = try StructureChunker(settings: settings).chunk(document)
        #expect(chunks.map(\.text) == [first, second])
        #expect(chunks.map(\.pages) == [1...1, 2...2])
        let sentence = try SentenceChunker(settings: ChunkSizeSettings(chunkSize: 100)).chunk(document)
        #expect(sentence.count == 1)
        #expect(sentence[0].pages == 1...2)
    }

    @Test("a tiny page or a lone heading joins what follows it")
    func tinyPiecesJoin() throws {
        let document = ChunkerFixtures.pagedDocument(["Page 7", "A whole page of text that is long enough. It has two sentences."])
        let chunks = try StructureChunker(settings: StructureChunkerSettings(chunkSize: 100, minChunkSize: 5)).chunk(document)
        #expect(chunks.count == 1)
        #expect(chunks[0].pages == 1...2)

        let text = "## Options\n-v prints more. It helps.\n## Exit status\n0 on success, 1 on failure."
        let headingEnd = "## Options\n".unicodeScalars.count
        let secondStart = "## Options\n-v prints more. It helps.\n".unicodeScalars.count
        let spans = [
            TextSpan(range: 0..<headingEnd, headingPath: ["Options"]),
            TextSpan(range: headingEnd..<secondStart, headingPath: ["Options", "Details"]),
            TextSpan(range: secondStart..<text.unicodeScalars.count, headingPath: ["Exit status"]),
        ]
        let sections = try StructureChunker(settings: StructureChunkerSettings(chunkSize: 100, minChunkSize: 4))
            .chunk(ChunkerFixtures.document(text, spans: spans))
        #expect(sections.map(\.text) == ["## Options\n-v prints more. It helps.", "## Exit status\n0 on success, 1 on failure."])
        #expect(sections.map(\.headingPath) == [["Options"], ["Exit status"]])
    }

    @Test("the structure chunker balances a section rather than leaving a tiny last chunk")
    func balancedSections() throws {
        let text = (1...25).map { "Sentence number \($0) is here." }.joined(separator: " ")
        let total = WordTokenCounter().countTokens(in: Substring(text))
        let settings = StructureChunkerSettings(chunkSize: total - 6, chunkOverlap: 0, minChunkSize: 20)
        let chunks = try StructureChunker(settings: settings).chunk(ChunkerFixtures.document(text))
        let sizes = chunks.map { WordTokenCounter().countTokens(in: Substring($0.text)) }
        #expect(sizes.count == 2)
        #expect(sizes.allSatisfy { $0 >= 20 && $0 <= total - 6 })
        let greedy = try SentenceChunker(settings: ChunkSizeSettings(chunkSize: total - 6)).chunk(ChunkerFixtures.document(text))
        #expect(greedy.count == 2)
        #expect(WordTokenCounter().countTokens(in: Substring(greedy[1].text)) < 20)
    }

    @Test("an empty or blank document has no chunks")
    func emptyDocument() throws {
        for text in ["", " \n\t "] {
            let document = ChunkerFixtures.document(text)
            #expect(try FixedChunker(settings: ChunkSizeSettings(chunkSize: 4)).chunk(document).isEmpty)
            #expect(try SentenceChunker(settings: ChunkSizeSettings(chunkSize: 4)).chunk(document).isEmpty)
            #expect(try StructureChunker(settings: StructureChunkerSettings(chunkSize: 4)).chunk(document).isEmpty)
        }
    }
}
