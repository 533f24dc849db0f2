import Foundation
import RAGFlow
import Testing

/// `RetrievalEvaluation.run` over a real store (BM25 only: no model is needed).
@Test("a path filter scores only the questions whose source it lets through; vector modes without a model are unavailable")
func evaluationWithPathFilter() throws {
    let corpus = try TemporaryCorpus()
    try corpus.write("birds.md", "Penguins cannot fly.\n\nThey swim in cold seas.")
    try corpus.write("tools/tar.txt", "The tar program packs files into one archive.")
    let store = try Store(directory: corpus.store)
    _ = try Synchronizer(store: store, processor: PlainTextProcessor()).ingest([corpus.root])
    let retriever = Retriever(store: store, settings: RetrieverSettings(), model: .failure(RAGFlowError(.model, "no model here")))
    let questions = [
        EvaluationQuestion(question: "penguins swim", source: "birds.md"),
        EvaluationQuestion(question: "tar archive", source: "tools/tar.txt"),
        EvaluationQuestion(question: "penguins fly", source: "tools/tar.txt"),
    ]
    var filter = RetrievalFilter()
    try filter.add("path=tools/**")
    let rows = try RetrievalEvaluation.run(questions, retriever: retriever, k: 1, filter: filter)
    #expect(rows.map(\.mode) == [.vector, .bm25, .hybrid])
    #expect(rows[0].metrics == nil && rows[0].unavailable?.contains("no model here") == true)
    let bm25 = try #require(rows[1].metrics)
    // birds.md is filtered out; of the two tar questions only "tar archive" can find its chunk.
    #expect(bm25.questions == 2)
    #expect(bm25.hitAt1 == 0.5)
    var nowhere = RetrievalFilter()
    try nowhere.add("path=docs/**")
    #expect(throws: RAGFlowError.self) { try RetrievalEvaluation.run(questions, retriever: retriever, k: 1, filter: nowhere) }
}
