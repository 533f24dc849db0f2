import Foundation
import RAGFlow
import Testing

@Test("the demo's question about samples/ is answered from the treatment table's August row")
func demoQuestionCitesTableRow() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("samples-answer-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let store = try Store(directory: root)
    _ = try Synchronizer(store: store, processor: try PipelineProcessor(spec: try PipelineSpec.builtInDefault()))
        .ingest([LoaderFixtures.samples])
    // The question scripts/demo.sh asks.
    let question = "At what mite count should we treat for varroa in August, and with what?"
    let sources = try store.searchBM25(question, limit: 5)
    let answer = try ExtractiveGenerator().answer(question: question, sources: sources)
    let row = try #require(answer.citations.first { $0.quote == "August | 3 | Formic acid strips, after the honey supers are off" },
                           "\(answer.text)")
    #expect(row.source == "varroa-mites.html")
    #expect(answer.text.contains("Month of count: August; Treat when mites per 100 bees exceed: 3; Approved treatment: Formic acid strips"))
    for citation in answer.citations {
        #expect(sources[citation.n - 1].text.contains(citation.quote ?? "\u{0}"))
    }
}

@Test("the demo's question, asked as `make demo` asks it (hybrid retrieval, the embedder), cites the August row first")
func demoQuestionCitesTableRowWithEmbedder() async throws {
    try #require(EmbeddingFixtures.modelExists, "run make models first")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("samples-hybrid-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    // The default pipeline with the model named by absolute path.
    let pipelineURL = root.appendingPathComponent("pipeline.json")
    try Data(PipelineSpec.defaultJSON.replacingOccurrences(
        of: "models/all-MiniLM-L6-v2.Q8_0.gguf", with: EmbeddingFixtures.modelPath).utf8).write(to: pipelineURL)
    let flow = try Pipeline(contentsOf: pipelineURL, store: try Store(directory: root.appendingPathComponent("store")))
    _ = try await flow.ingest([LoaderFixtures.samples])
    let question = "At what mite count should we treat for varroa in August, and with what?"
    let retrieval = try flow.retrieve(question)
    #expect(retrieval.mode == .hybrid && retrieval.notes.isEmpty, "\(retrieval.notes)")
    let answer = try await flow.query(question)
    let first = try #require(answer.citations.first, "\(answer.text)")
    #expect(first.quote == "August | 3 | Formic acid strips, after the honey supers are off", "\(answer.text)")
    #expect(first.source == "varroa-mites.html" && first.supported)
    #expect(answer.text.hasPrefix("Month of count: August; Treat when mites per 100 bees exceed: 3"))
}
