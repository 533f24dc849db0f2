import Foundation
import RAGFlow
import Testing

/// Five chunks of the GPL-3 preamble and terms, numbered [1]...[5] as a prompt would.
private func gplSources() throws -> [RetrievedChunk] {
    let chunks = RealText.chunks(of: try RealText.license("GPL-3"))
    return RealText.ranked(chunks[1..<6].enumerated().map { offset, text in
        RetrievedChunk(rank: 0, chunkID: Int64(100 + offset), source: "licenses/GPL-3", page: offset % 2 == 0 ? offset + 1 : nil, score: 0, text: text)
    })
}

@Test("a sentence copied from its source is supported and quoted verbatim")
func checkerVerbatim() throws {
    let sources = try gplSources()
    let sentence = "You must make sure that they, too, receive or can get the source code"
    let n = try #require(sources.firstIndex { $0.text.contains("You must make sure that they, too, receive") }) + 1
    let report = try CitationChecker().check(answer: "\(sentence) [\(n)].", sources: sources)
    let citation = try #require(report.citations.first)
    #expect(citation.supported)
    #expect(citation.n == n)
    #expect(citation.chunkID == sources[n - 1].chunkID)
    let quote = try #require(citation.quote)
    #expect(sources[n - 1].text.contains(quote))
    #expect(quote.contains("You must make sure that they, too, receive"))
    #expect(report.unsupportedSentences.isEmpty)
}

@Test("a paraphrase keeping the key terms is supported; a sentence about something else is not")
func checkerParaphraseAndUnrelated() throws {
    let sources = try gplSources()
    let n = try #require(sources.firstIndex { $0.text.contains("gratis or for a fee") }) + 1
    let answer = """
        Whether you distribute copies of such a program gratis or for a fee, you must pass on to the recipients the same freedoms you received [\(n)]. \
        The license requires every user to register the software online within thirty days [\(n)].
        """
    let report = try CitationChecker().check(answer: answer, sources: sources)
    #expect(report.citations.map(\.supported) == [true, false])
    #expect(report.citations[1].problem == .notSupported)
    #expect(report.citations[1].quote == nil)
    #expect(report.unsupportedSentences == [report.sentences[1].text])
    #expect(report.sentences[1].text.hasPrefix("The license requires every user"))
}

@Test("citations to sources that do not exist are flagged, never a crash")
func checkerInventedCitations() throws {
    let sources = try gplSources()
    let answer = "The GPL is a copyleft license [7]. It protects your freedom [0][2]. Nothing here [12345]."
    let report = try CitationChecker().check(answer: answer, sources: sources)
    let invented = report.citations.filter { $0.problem == .noSuchSource }
    #expect(invented.map(\.n) == [7, 0, 12345])
    #expect(invented.allSatisfy { !$0.supported && $0.source == nil && $0.chunkID == nil && $0.quote == nil })
    #expect(report.sentences[0].supported == false)

    let none = try CitationChecker().check(answer: answer, sources: [])
    #expect(none.citations.count == 4)
    #expect(none.citations.allSatisfy { $0.problem == .noSuchSource })
}

@Test("a quoted span found in the cited source supports the sentence")
func checkerQuotedSpan() throws {
    let sources = try gplSources()
    let n = try #require(sources.firstIndex { $0.text.contains("the same\nfreedoms that you received") }) + 1
    let report = try CitationChecker().check(
        answer: "In short, distributors \"must pass on to the recipients the same freedoms\" [\(n)].", sources: sources)
    #expect(report.citations.first?.supported == true)
    let other = n == 1 ? 2 : 1
    let wrong = try CitationChecker().check(
        answer: "In short, distributors \"must pass on to the recipients the same freedoms\" [\(other)].", sources: sources)
    #expect(wrong.citations.first?.supported == false)
}

@Test("a sentence drawing on two sources is supported by both together")
func checkerTwoSources() throws {
    let apache = RealText.chunks(of: try RealText.license("Apache-2.0"))
    let grant = try #require(apache.first { $0.contains("Grant of Copyright License") })
    let patent = try #require(apache.first { $0.contains("Grant of Patent License") })
    let sources = RealText.ranked([grant, patent].enumerated().map { index, text in
        RetrievedChunk(rank: 0, chunkID: Int64(index + 1), source: "licenses/Apache-2.0", score: 0, text: text)
    })
    let answer = "Each Contributor grants a perpetual, worldwide, royalty-free copyright license to reproduce the Work and a patent license to make, use, sell and import it [1][2]."
    let report = try CitationChecker().check(answer: answer, sources: sources)
    #expect(report.citations.map(\.supported) == [true, true])
    #expect(report.citations.allSatisfy { citation in sources[citation.n - 1].text.contains(citation.quote ?? "\u{0}") })
}

@Test("with an embedding function, close meaning lifts a middling lexical match, and only then")
func checkerEmbedding() throws {
    let source = RetrievedChunk(
        rank: 1, chunkID: 1, source: "licenses/GPL-3", score: 1,
        text: "The precise terms and conditions for copying, distribution and modification follow.")
    let answer = "The precise conditions of copying and distributing are described below [1]."
    var thresholds = CitationChecker.Thresholds()
    thresholds.lexical = 0.95
    thresholds.lexicalWithEmbedding = 0.3
    thresholds.embedding = 0.5
    let withoutEmbedding = try CitationChecker(thresholds: thresholds).check(answer: answer, sources: [source])
    #expect(withoutEmbedding.citations.first?.supported == false)
    let withEmbedding = try CitationChecker(thresholds: thresholds, embedding: TrigramEmbedding.embed)
        .check(answer: answer, sources: [source])
    #expect(withEmbedding.citations.first?.supported == true)
    thresholds.embedding = 0.99
    let strict = try CitationChecker(thresholds: thresholds, embedding: TrigramEmbedding.embed)
        .check(answer: answer, sources: [source])
    #expect(strict.citations.first?.supported == false)
}

@Test("an embedder that breaks its contract is an error, not a crash")
func checkerBadEmbedder() throws {
    let sources = try gplSources()
    let broken: TextEmbedding = { texts in texts.dropLast().map { _ in [1, 0] } }
    #expect(throws: RAGFlowError.self) {
        try CitationChecker(embedding: broken).check(answer: "Free software is free [1].", sources: sources)
    }
}

@Test("uncited claims are unsupported; lead-ins, questions and code blocks are not checked")
func checkerUncited() throws {
    let sources = try gplSources()
    let answer = "Here is what the license says:\nCopyleft keeps software free forever. Why? Because it does.\n```\ncp COPYING dist/\n```"
    let report = try CitationChecker().check(answer: answer, sources: sources)
    #expect(report.unsupportedSentences == ["Copyleft keeps software free forever."])
    #expect(report.citations.isEmpty)
}

@Test("citations encode to the documented JSON shape")
func citationJSON() throws {
    let sources = try gplSources()
    let report = try CitationChecker().check(answer: "Free as in freedom [9].", sources: sources)
    let data = try JSONEncoder().encode(report.citations)
    let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    let first = try #require(objects.first)
    #expect(Set(first.keys) == ["n", "source", "page", "chunk_id", "quote", "supported", "sentence", "problem"])
    #expect(first["source"] is NSNull)
    #expect(first["supported"] as? Bool == false)
    #expect(first["problem"] as? String == "no_such_source")
}

@Test("the light stemmer joins inflections and leaves other words alone")
func lightStemmer() {
    #expect(LightStemmer.stem("uses") == LightStemmer.stem("use"))
    #expect(LightStemmer.stem("used") == LightStemmer.stem("use"))
    #expect(LightStemmer.stem("matches") == LightStemmer.stem("match"))
    #expect(LightStemmer.stem("running") == "run")
    #expect(LightStemmer.stem("caresses") == "caress")
    #expect(LightStemmer.stem("licenses") == LightStemmer.stem("license"))
    #expect(LightStemmer.stem("copying") == LightStemmer.stem("copy"))
    #expect(LightStemmer.stem("café") == "café")
}

@Test("any sentence cited to its own chunk is supported with a verbatim quote holding it; invented numbers are flagged")
func checkerPropertyOverRandomChunks() throws {
    let all = try RealText.licenseChunks()
    var random = SeededGenerator(seed: 2026)
    for _ in 0..<40 {
        let sources = RealText.ranked(Array(all.shuffled(using: &random).prefix(Int.random(in: 1...6, using: &random))))
        let k = Int.random(in: 1...sources.count, using: &random)
        let text = sources[k - 1].text
        let candidates = SentenceSplitter.sentences(in: text).map { text[$0] }.filter {
            TextTerms.words($0).count >= 6 && !$0.contains("`") && CitationMarker.find(in: String($0)).isEmpty
        }
        guard let sentence = candidates.randomElement(using: &random) else { continue }
        let invented = sources.count + Int.random(in: 1...5, using: &random)
        let claim = sentence.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let answer = "\(claim) [\(k)]\n\nThat is all there is to it [\(invented)]."
        let report = try CitationChecker().check(answer: answer, sources: sources)
        let own = try #require(report.citations.first { $0.n == k })
        #expect(own.supported, "\(claim)")
        let quote = try #require(own.quote)
        #expect(text.contains(quote))
        #expect(TextTerms.words(quote).count >= TextTerms.words(sentence).count)
        #expect(report.citations.last?.n == invented)
        #expect(report.citations.last?.problem == .noSuchSource)
    }
}
