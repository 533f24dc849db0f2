import ArgumentParser
import Foundation
import RAGFlow

/// `ragflow query QUESTION`: the chunks that best match a question (BM25 for now).
struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Find the chunks that best match a question.")

    @Argument(help: "The question.")
    var question: String

    @Option(help: "The store directory.")
    var store = ".ragflow"

    @Option(name: .customLong("top-k"), help: "How many chunks to return.")
    var topK = 5

    @Flag(help: "Print one JSON object with the retrieved chunks.")
    var json = false

    func validate() throws {
        guard topK >= 1 else { throw ValidationError("--top-k must be at least 1") }
    }

    func run() async throws {
        let store = try Store(directory: URL(fileURLWithPath: store), create: false)
        let hits = try store.searchBM25(question, limit: topK)
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
