import ArgumentParser
import Foundation
import RAGFlow

extension RetrievalMode: ExpressibleByArgument {}

/// `ragflow query QUESTION`: answers a question with cited sources from the chunks that best
/// match it, by vector, BM25 or hybrid retrieval as the store's pipeline sets it up
/// (overridable here); `--retrieve-only` lists the chunks.
struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Answer a question with cited sources from the store.")

    @Argument(help: "The question.")
    var question: String

    @Option(help: "The store directory.")
    var store = ".ragflow"

    @Option(help: "vector, bm25 or hybrid (default: the pipeline's retriever, hybrid by default).")
    var mode: RetrievalMode?

    @Option(name: .customLong("top-k"), help: "How many chunks to return (default: the pipeline's top_k).")
    var topK: Int?

    @Option(
        name: .customLong("filter"),
        help: "KEY=VALUE, repeatable: path=GLOB, type=pdf|html|markdown|text, modified_after=DATE, pages=N or N-M.")
    var filters: [String] = []

    @Flag(name: .customLong("retrieve-only"), help: "Only retrieve: print the chunks, no answer.")
    var retrieveOnly = false

    @Flag(help: "Print one JSON object with the retrieved chunks (and the answer).")
    var json = false

    @OptionGroup var answerOptions: AnswerOptions

    func validate() throws {
        if let topK, topK < 1 { throw ValidationError("--top-k must be at least 1") }
    }

    func run() async throws {
        let store = try Store(directory: URL(fileURLWithPath: store), create: false)
        let flow = try answerOptions.pipeline(store: store)
        let result = try flow.retrieve(question, mode: mode, topK: topK, filter: flow.filter(adding: filters))
        for note in result.notes { Console.error("note: \(note)") }
        let hits = result.chunks
        // Answer stage (AnswerOutput.swift): the answer and its checked citations follow retrieval.
        if !retrieveOnly {
            let writer = try flow.answerWriter(generatorModel: answerOptions.generatorModel)
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
            Console.out("\(index + 1). \(hit.source)\(page)  (\(result.mode.rawValue) score \(String(format: "%.3f", hit.score)))")
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
