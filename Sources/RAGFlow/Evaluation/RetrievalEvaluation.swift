/// Runs a question set through a retriever in each mode and scores the results.
///
/// ```swift
/// let questions = try EvaluationQuestion.load(contentsOf: URL(fileURLWithPath: "eval/questions.jsonl"))
/// let retriever = Retriever(store: store, pipeline: try Retriever.pipeline(of: store))
/// for row in try RetrievalEvaluation.run(questions, retriever: retriever, k: 5) {
///     print(row.mode, row.metrics?.hitAtK ?? .nan)
/// }
/// ```
public enum RetrievalEvaluation {
    /// The scores of one retrieval mode, or why the mode could not run.
    public struct ModeResult: Sendable, Hashable {
        public var mode: RetrievalMode
        /// `nil` when the mode is unavailable (vector search without a model or index).
        public var metrics: RetrievalMetrics?
        public var unavailable: String?
    }

    /// Each mode's metrics at `k` (results beyond `k` are not fetched). Vector and hybrid are
    /// reported as unavailable, not as BM25 in disguise, when the retriever cannot search vectors.
    ///
    /// Every question is retrieved with `filter`; questions whose source its path glob rejects
    /// are left out (they could never be hit), and ``RetrievalMetrics/questions`` counts the rest.
    public static func run(
        _ questions: [EvaluationQuestion], retriever: Retriever, k: Int,
        modes: [RetrievalMode] = [.vector, .bm25, .hybrid], filter: RetrievalFilter = RetrievalFilter()
    ) throws -> [ModeResult] {
        guard k >= 1 else { throw RAGFlowError(.invalidArgument, "k must be at least 1") }
        let questions = filter.path.map { glob in questions.filter { glob.matches($0.source) } } ?? questions
        guard !questions.isEmpty else {
            throw RAGFlowError(.invalidArgument, filter.path == nil ? "the question set is empty" : "no question's source passes the path filter")
        }
        return try modes.map { mode in
            if mode != .bm25, let problem = retriever.vectorProblem {
                return ModeResult(mode: mode, metrics: nil, unavailable: problem)
            }
            let results = try questions.map { question in
                try retriever.retrieve(question.question, mode: mode, topK: k, filter: filter).chunks.map {
                    RetrievalMetrics.Result(source: $0.source, pages: $0.pages)
                }
            }
            return ModeResult(mode: mode, metrics: RetrievalMetrics(questions: questions, results: results, k: k), unavailable: nil)
        }
    }
}
