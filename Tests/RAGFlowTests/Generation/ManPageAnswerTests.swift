import Foundation
import RAGFlow
import Testing

/// The bash manual, cut into chunks, numbered as one document with pages of 10 chunks.
private func bashChunks() throws -> [RetrievedChunk] {
    RealText.chunks(of: try RealText.bashManual(), size: 1200).enumerated().map { index, text in
        RetrievedChunk(rank: index + 1, chunkID: Int64(index + 1), source: "man/bash.1", page: index / 10 + 1, score: 0, text: text)
    }
}

private func normalized(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

@Test("answers from the bash manual cite the chunk that answers, with verbatim quotes", .enabled(if: RealText.hasManPages))
func extractiveOnBashManual() throws {
    let chunks = try bashChunks()
    #expect(chunks.count > 100)
    let questions: [(question: String, phrase: String)] = [
        ("Which startup file does an interactive non-login shell read?", "interactive shell that is not a login shell is started"),
        ("What does the PIPESTATUS array contain?", "containing a list of exit status values"),
        ("How many commands does the history list remember?", "The number of commands to remember in the command history"),
        ("How do I make a script stop as soon as a command fails?", "Exit immediately if a pipeline"),
        ("What does the shell do with the ENV variable when started as sh?", "bash looks for the variable ENV, expands its value"),
    ]
    var random = SeededGenerator(seed: 1)
    var hits = 0
    for (question, phrase) in questions {
        let expected = try #require(chunks.first { normalized($0.text).contains(phrase) }, "no chunk holds \(phrase)")
        var retrieved = Array(chunks.filter { $0.chunkID != expected.chunkID }.shuffled(using: &random).prefix(4))
        retrieved.insert(expected, at: Int.random(in: 0...4, using: &random))
        let sources = RealText.ranked(retrieved)
        let answer = try ExtractiveGenerator().answer(question: question, sources: sources)
        #expect(CitationMarker.find(in: answer.text).flatMap(\.numbers) == answer.citations.map(\.n))
        for citation in answer.citations {
            #expect(sources[citation.n - 1].text.contains(citation.quote ?? "\u{0}"))
        }
        let report = try CitationChecker().check(answer: answer.text, sources: sources)
        #expect(report.citations.allSatisfy { $0.supported }, "\(answer.text)")
        if answer.citations.contains(where: { $0.chunkID == expected.chunkID }) { hits += 1 }
    }
    #expect(hits >= 4, "expected chunk cited for \(hits) of \(questions.count)")
}
