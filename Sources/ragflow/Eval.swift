import ArgumentParser
import Foundation
import RAGFlow

/// `ragflow eval QUESTIONS.jsonl`: hit@1, hit@k and MRR of each retrieval mode on a question set.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score retrieval (vector, bm25, hybrid) on a question set.",
        discussion: """
            Each line of QUESTIONS.jsonl is {"q": question, "source": relative path, "pages": [numbers]} \
            ("pages" optional; other fields ignored). A question is a hit at k when one of the first k \
            chunks comes from its source (and, for the page metrics, touches one of its pages). \
            With --filter, questions whose source the path glob rejects are left out.
            """)

    @Argument(help: "The question set (JSON Lines).")
    var questions: String

    @Option(help: "The store directory.")
    var store = ".ragflow"

    @Option(help: "How many chunks count for hit@k.")
    var k = 5

    @Option(
        name: .customLong("mode"), parsing: .singleValue,
        help: "Only these modes (repeatable; default: vector, bm25 and hybrid).")
    var modes: [RetrievalMode] = []

    @Option(
        name: .customLong("filter"), parsing: .singleValue,
        help: "Only chunks passing KEY=VALUE (path, type, modified_after, pages; repeatable); questions whose source the path glob rejects are left out.")
    var filters: [String] = []

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1") }
    }

    func run() async throws {
        let questionSet = try EvaluationQuestion.load(contentsOf: URL(fileURLWithPath: questions))
        let store = try Store(directory: URL(fileURLWithPath: store), create: false)
        let retriever = Retriever(store: store, pipeline: try Retriever.pipeline(of: store))
        let filter = try retriever.settings.filters.retrievalFilter.adding(filters)
        let rows = try RetrievalEvaluation.run(
            questionSet, retriever: retriever, k: k, modes: modes.isEmpty ? [.vector, .bm25, .hybrid] : modes,
            filter: filter)
        let asked = rows.compactMap(\.metrics).first?.questions ?? questionSet.count
        if json {
            Console.out(JSONText.render(Eval.report(rows, questions: asked, k: k)))
        } else {
            Eval.printTable(rows, questions: asked, k: k)
        }
    }

    /// `{"questions": N, "k": K, "modes": [{"mode": M, "hit_at_1": …, "hit_at_k": …, "mrr": …,
    /// "page_questions": N, "page_hit_at_1": … or null, "page_hit_at_k": …, "page_mrr": …}
    /// or {"mode": M, "unavailable": reason}]}`
    static func report(_ rows: [RetrievalEvaluation.ModeResult], questions: Int, k: Int) -> JSONText.Value {
        func number(_ value: Double?) -> JSONText.Value { value.map { .double(($0 * 10000).rounded() / 10000) } ?? .null }
        let modes = rows.map { row -> JSONText.Value in
            guard let metrics = row.metrics else {
                return .object([("mode", .string(row.mode.rawValue)), ("unavailable", .string(row.unavailable ?? ""))])
            }
            return .object([
                ("mode", .string(row.mode.rawValue)),
                ("hit_at_1", number(metrics.hitAt1)),
                ("hit_at_k", number(metrics.hitAtK)),
                ("mrr", number(metrics.mrr)),
                ("page_questions", .int(metrics.pageQuestions)),
                ("page_hit_at_1", number(metrics.pageHitAt1)),
                ("page_hit_at_k", number(metrics.pageHitAtK)),
                ("page_mrr", number(metrics.pageMRR)),
            ])
        }
        return .object([("questions", .int(questions)), ("k", .int(k)), ("modes", .array(modes))])
    }

    static func printTable(_ rows: [RetrievalEvaluation.ModeResult], questions: Int, k: Int) {
        func cell(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "    -" }
        let pageQuestions = rows.compactMap(\.metrics).first?.pageQuestions ?? 0
        Console.out("\(questions) questions, k = \(k); page metrics over the \(pageQuestions) questions that give pages")
        Console.out("mode    hit@1  hit@\(k)  MRR    page hit@1  page hit@\(k)  page MRR")
        for row in rows {
            let name = row.mode.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            guard let m = row.metrics else {
                Console.out("\(name) unavailable: \(row.unavailable ?? "")")
                continue
            }
            Console.out(
                "\(name) \(cell(m.hitAt1))  \(cell(m.hitAtK))  \(cell(m.mrr))  \(cell(m.pageHitAt1))       \(cell(m.pageHitAtK))       \(cell(m.pageMRR))")
        }
    }
}
