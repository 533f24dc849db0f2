import ArgumentParser
import Foundation
import RAGFlow

/// `ragflow query QUESTION`: answers a question with cited sources from the chunks that best
/// match it (BM25 for now); `--retrieve-only` lists the chunks.
struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Answer a question with cited sources from the store.")

    @Argument(help: "The question.")
    var question: String

    @Option(help: "The store directory.")
    var store = ".ragflow"

    @Option(name: .customLong("top-k"), help: "How many chunks to return.")
    var topK = 5

    @Flag(help: "Print one JSON object with the retrieved chunks (and the answer).")
    var json = false

    @Flag(name: .customLong("retrieve-only"), help: "Only retrieve: no answer.")
    var retrieveOnly = false

    @OptionGroup var answerOptions: AnswerOptions

    func validate() throws {
        guard topK >= 1 else { throw ValidationError("--top-k must be at least 1") }
    }

    func run() async throws {
        let store = try Store(directory: URL(fileURLWithPath: store), create: false)
        let hits = try store.searchBM25(question, limit: topK)
        // Answer stage (AnswerOutput.swift): the answer and its checked citations follow retrieval.
        if !retrieveOnly {
            let writer = try answerOptions.writer(store: store)
            if json {
                let answer = try await writer.answer(question: question, sources: hits)
                Console.out(JSONText.render(AnswerOutput.json(answer, adding: Query.json(question: question, hits: hits))))
            } else {
                try await AnswerOutput.printAnswer(question: question, hits: hits, writer: writer)
            }
            return
        }
        if json {
            Console.out(JSONText.render(Query.json(question: question, hits: hits)))
            return
        }
        if hits.isEmpty { Console.out("no chunk matches the question") }
        for (index, hit) in hits.enumerated() {
            let page = hit.page.map { ", page \($0)" } ?? ""
            Console.out("\(index + 1). \(hit.source)\(page)  (score \(String(format: "%.3f", hit.score)))")
            Console.out("   \(Query.snippet(hit.text))")
        }
    }

    /// `{"question": Q, "retrieved": [{"rank": 1, "source": path, "page": N or null,
    /// "chunk_id": ID, "score": S, "text": T}]}`
    static func json(question: String, hits: [RetrievedChunk]) -> JSONText.Value {
        .object([
            ("question", .string(question)),
            (
                "retrieved",
                .array(
                    hits.map { hit in
                        .object([
                            ("rank", .int(hit.rank)),
                            ("source", .string(hit.source)),
                            ("page", hit.page.map { .int($0) } ?? .null),
                            ("chunk_id", .int(Int(hit.chunkID))),
                            ("score", .double(hit.score)),
                            ("text", .string(hit.text)),
                        ])
                    })
            ),
        ])
    }

    /// The chunk's text on one line, cut at a word near 200 characters.
    static func snippet(_ text: String, length: Int = 200) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > length else { return flat }
        let cut = flat.prefix(length)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + " …"
    }
}
