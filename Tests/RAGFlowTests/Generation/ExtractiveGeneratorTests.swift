import Foundation
import RAGFlow
import Testing

/// Questions as a user would ask them about the licenses, each with a phrase only the chunk
/// that answers it holds.
private let licenseQuestions: [(question: String, phrase: String)] = [
    ("Am I allowed to sell copies of GPL software?", "You may charge any price or no price for each copy"),
    ("What happens to my rights under the MPL if I break its terms?", "will terminate automatically"),
    ("Does the Apache license give me rights to the contributors' patents?", "Grant of Patent License"),
    ("Is Apache licensed software provided with any warranty?", "Disclaimer of Warranty"),
    ("When I redistribute an Apache licensed work, do recipients need to get a copy of the license?", "You must give any other recipients of the Work"),
    ("Can I offer support or warranty for a fee when I redistribute Apache software?", "Accepting Warranty or Additional Liability"),
    ("How long must a written offer for the source code stay valid under the GPL?", "valid for at least three years"),
    ("Does the Apache license let me use the licensor's trade names and marks?", "does not grant permission to use the trade"),
    ("What does the GPL say about laws against circumventing technological measures?", "Anti-Circumvention Law"),
    ("Under the MPL, may I license my executable under different terms?", "sublicense it under different terms"),
]

/// Every `[n]` of the answer, in order.
private func citedNumbers(_ answer: Answer) -> [Int] {
    CitationMarker.find(in: answer.text).flatMap(\.numbers)
}

/// What must hold of any extractive answer: its markers and citations agree, quotes are
/// verbatim, and the citation checker finds every sentence supported.
private func expectConsistent(_ answer: Answer, sources: [RetrievedChunk], sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(answer.generator == "extractive", sourceLocation: sourceLocation)
    #expect(citedNumbers(answer) == answer.citations.map(\.n), sourceLocation: sourceLocation)
    for citation in answer.citations {
        let source = sources[citation.n - 1]
        #expect(citation.supported && citation.chunkID == source.chunkID && citation.source == source.source, sourceLocation: sourceLocation)
        let quote = try #require(citation.quote, sourceLocation: sourceLocation)
        #expect(source.text.contains(quote), "quote is not verbatim: \(quote)", sourceLocation: sourceLocation)
    }
    #expect(Set(answer.citations.compactMap(\.quote)).count == answer.citations.count, sourceLocation: sourceLocation)
    let report = try CitationChecker().check(answer: answer.text, sources: sources)
    #expect(report.citations.allSatisfy { $0.supported }, "checker disagrees: \(answer.text)", sourceLocation: sourceLocation)
    #expect(report.unsupportedSentences.isEmpty, sourceLocation: sourceLocation)
    #expect(report.citations.map(\.n) == answer.citations.map(\.n), sourceLocation: sourceLocation)
}

@Test("extractive answers cite the chunk that answers the question for at least 80% of questions, first for 60%")
func extractiveCitesExpectedSource() throws {
    let all = try RealText.licenseChunks()
    var generator = SeededGenerator(seed: 8)
    var hits = 0
    var firstHits = 0
    for (question, phrase) in licenseQuestions {
        let expected = try #require(all.first { $0.text.contains(phrase) }, "no chunk holds \(phrase)")
        // The answering chunk among four others, at a random rank, as a retriever might return it.
        var retrieved = Array(all.filter { $0.chunkID != expected.chunkID }.shuffled(using: &generator).prefix(4))
        retrieved.insert(expected, at: Int.random(in: 0...4, using: &generator))
        let sources = RealText.ranked(retrieved)
        let answer = try ExtractiveGenerator().answer(question: question, sources: sources)
        try expectConsistent(answer, sources: sources)
        if answer.citations.contains(where: { $0.chunkID == expected.chunkID }) { hits += 1 }
        if answer.citations.first?.chunkID == expected.chunkID { firstHits += 1 }
    }
    // Words only, and distractors drawn at random: "sell" never meets "charge" without an
    // embedding, so the best sentence is not always first.
    #expect(hits * 10 >= licenseQuestions.count * 8, "expected source cited for \(hits) of \(licenseQuestions.count)")
    #expect(firstHits * 10 >= licenseQuestions.count * 6, "expected source cited first for \(firstHits) of \(licenseQuestions.count)")
}

@Test("any set of chunks and any question give a consistent extractive answer", arguments: [false, true])
func extractivePropertyOverRandomChunks(withEmbedding: Bool) throws {
    let all = try RealText.licenseChunks()
    var random = SeededGenerator(seed: withEmbedding ? 42 : 7)
    let generator = ExtractiveGenerator(embedding: withEmbedding ? TrigramEmbedding.embed : nil)
    for _ in 0..<25 {
        let sources = RealText.ranked(Array(all.shuffled(using: &random).prefix(Int.random(in: 1...8, using: &random))))
        let words = sources.randomElement(using: &random)!.text.split(whereSeparator: \.isWhitespace)
        let start = Int.random(in: 0..<words.count, using: &random)
        let question = words[start..<min(words.count, start + Int.random(in: 1...8, using: &random))].joined(separator: " ") + "?"
        let answer = try generator.answer(question: question, sources: sources)
        try expectConsistent(answer, sources: sources)
        #expect((1...3).contains(answer.citations.count))
    }
}

@Test("the same sentence retrieved twice is said once")
func extractiveSkipsDuplicates() throws {
    let chunk = try #require(try RealText.licenseChunks().first { $0.text.contains("Disclaimer of Warranty") })
    var copy = chunk
    copy.chunkID = 999
    copy.source = "mirror/Apache-2.0"
    let sources = RealText.ranked([chunk, copy])
    let answer = try ExtractiveGenerator().answer(question: "Is there a warranty?", sources: sources)
    try expectConsistent(answer, sources: sources)
    let quotes = answer.citations.compactMap(\.quote)
    #expect(Set(quotes).count == quotes.count)
    #expect(answer.citations.first?.n == 1)
}

@Test("with nothing retrieved the extractive generator says so and cites nothing")
func extractiveWithoutSources() throws {
    let answer = try ExtractiveGenerator().answer(question: "Can I sell it?", sources: [])
    #expect(answer.citations.isEmpty)
    #expect(citedNumbers(answer).isEmpty)
    #expect(answer.generator == ExtractiveGenerator.name)
}

@Test("a question sharing no word with the sources still gets the top source's first sentence")
func extractiveFallsBackToTopSource() throws {
    let sources = RealText.ranked(Array(try RealText.licenseChunks().prefix(3)))
    let answer = try ExtractiveGenerator().answer(question: "¿Qué?", sources: sources)
    try expectConsistent(answer, sources: sources)
    #expect(answer.citations.map(\.n) == [1])
}

@Test("answers encode to the documented JSON fields")
func answerJSON() throws {
    let sources = RealText.ranked(Array(try RealText.licenseChunks().prefix(3)))
    let answer = try ExtractiveGenerator().answer(question: "What is the license?", sources: sources)
    let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(answer)) as? [String: Any])
    #expect(Set(object.keys) == ["answer", "generator", "citations", "unsupported_sentences"])
    #expect(object["generator"] as? String == "extractive")
}
