import ArgumentParser
import Foundation
import RAGFlow

extension RetrievalMode: ExpressibleByArgument {}

/// `ragflow query QUESTION`: the chunks that best match a question, by vector, BM25 or hybrid
/// retrieval as the store's pipeline sets it up (overridable here).
struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Find the chunks that best match a question.")

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

    @Flag(help: "Print one JSON object with the retrieved chunks.")
    var json = false

    func validate() throws {
        if let topK, topK < 1 { throw ValidationError("--top-k must be at least 1") }
    }

    func run() async throws {
        let store = try Store(directory: URL(fileURLWithPath: store), create: false)
        let retriever = Retriever(store: store, pipeline: try Retriever.pipeline(of: store))
        let filter = try Query.filter(retriever.settings, adding: filters)
        let result = try retriever.retrieve(question, mode: mode, topK: topK, filter: filter)
        for note in result.notes { Console.error("note: \(note)") }
        let hits = result.chunks
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

    /// The pipeline's filters with the command line's `KEY=VALUE` conditions added.
    static func filter(_ settings: RetrieverSettings, adding assignments: [String]) throws -> RetrievalFilter {
        var filter = settings.filters.retrievalFilter
        for assignment in assignments { try filter.add(assignment) }
        return filter
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
