import Foundation
import RAGFlow
import Testing
import VectorIndex

/// The retriever over a real store, the real MiniLM model and the real HNSW index.
@Suite("Retriever")
struct RetrieverTests {
    let corpus: TemporaryCorpus

    init() throws {
        corpus = try TemporaryCorpus()
        try corpus.write("birds.md", "Penguins cannot fly.\n\nThey swim in cold seas.")
        try corpus.write("tools.txt", "The tar program packs files into one archive.\n\nGzip makes files smaller.")
        try corpus.write("notes/cooking.txt", "Boil pasta in salted water.\n\nBake bread at a high heat.")
    }

    /// A store of the corpus with vectors, and a retriever with these settings.
    func retriever(_ settings: RetrieverSettings = RetrieverSettings()) throws -> Retriever {
        let store = try Store(directory: corpus.store)
        _ = try Synchronizer(store: store, processor: PlainTextProcessor()).ingest([corpus.root])
        let model = try EmbeddingFixtures.model()
        _ = try EmbeddingIndexer(store: store, model: model, threads: 2).run()
        return Retriever(store: store, settings: settings, model: .success(model))
    }

    @Test("vector search finds a chunk that shares no word with the question; BM25 cannot")
    func vectorFindsByMeaning() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let retriever = try retriever()
        let question = "which birds are unable to take to the air"
        let vector = try retriever.retrieve(question, mode: .vector, topK: 2)
        #expect(vector.mode == .vector && vector.notes.isEmpty)
        #expect(vector.chunks.first?.text == "Penguins cannot fly.")
        #expect(vector.chunks.map(\.rank) == [1, 2])
        #expect(try retriever.retrieve(question, mode: .bm25).chunks.isEmpty)
        let hybrid = try retriever.retrieve(question, mode: .hybrid, topK: 3)
        #expect(hybrid.chunks.first?.text == "Penguins cannot fly.")
        // Weighted RRF scores: vector_weight (0.7 by default)/(60+1) for a chunk first in the
        // vector list only.
        #expect(abs((hybrid.chunks.first?.score ?? 0) - 0.7 / 61) < 1e-9)
    }

    @Test("hybrid ranks first a chunk that both retrievers rank high")
    func hybridFuses() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let retriever = try retriever()
        let result = try retriever.retrieve("how do I pack files into an archive with tar", mode: .hybrid, topK: 3)
        #expect(result.chunks.first?.text == "The tar program packs files into one archive.")
        // First in both lists: 0.7/61 + 0.3/61.
        #expect(abs((result.chunks.first?.score ?? 0) - 1.0 / 61) < 1e-9)
        var weighted = RetrieverSettings(fusion: .weighted)
        weighted.vectorWeight = 0.5
        let store = retriever.store
        let other = Retriever(store: store, settings: weighted, model: .success(try EmbeddingFixtures.model()))
        let fused = try other.retrieve("how do I pack files into an archive with tar", mode: .hybrid, topK: 3)
        #expect(fused.chunks.first?.text == "The tar program packs files into one archive.")
        #expect(abs((fused.chunks.first?.score ?? 0) - 1) < 1e-9)
    }

    @Test("vector search embeds the question with the pipeline's query prefix")
    func queryPrefix() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let plain = try retriever(RetrieverSettings(mode: .vector))
        let prefix = "Represent this sentence for searching relevant passages: "
        // Same weights and fingerprint as the indexed vectors; only questions get the prefix.
        let prefixed = try EmbeddingModel(
            settings: EmbedderSettings(model: EmbeddingFixtures.modelPath, batchSize: 16, queryPrefix: prefix, threads: 2),
            fingerprint: try EmbeddingFixtures.model().fingerprint)
        let retriever = Retriever(store: plain.store, settings: RetrieverSettings(mode: .vector), model: .success(prefixed))
        let question = "which birds are unable to take to the air"
        let top = try #require(try retriever.retrieve(question, topK: 1).chunks.first)
        let index = try VectorIndex.open(at: plain.store.directory.appendingPathComponent("vectors").path, mode: .readOnly)
        let chunk = try #require(index.vector(for: UInt64(bitPattern: top.chunkID)))
        let model = try EmbeddingFixtures.model()
        let withPrefix = try model.embedQuery(prefix + question), without = try model.embedQuery(question)
        // Cosine similarity of unit vectors: the score is that of the prefixed question.
        let cosine = { (a: [Float], b: [Float]) in Double(zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 }) }
        #expect(abs(top.score - cosine(withPrefix, chunk)) < 1e-4)
        #expect(abs(top.score - cosine(without, chunk)) > 1e-3)
    }

    @Test("path, type and time filters hold in every mode")
    func filters() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let retriever = try retriever()
        for mode in [RetrievalMode.vector, .bm25, .hybrid] {
            var path = RetrievalFilter()
            try path.add("path=notes/**")
            let inNotes = try retriever.retrieve("files and water", mode: mode, topK: 5, filter: path).chunks
            #expect(!inNotes.isEmpty && inNotes.allSatisfy { $0.source == "notes/cooking.txt" }, "\(mode)")
            var type = RetrievalFilter()
            try type.add("type=markdown")
            let markdown = try retriever.retrieve("penguins swim", mode: mode, topK: 5, filter: type).chunks
            #expect(!markdown.isEmpty && markdown.allSatisfy { $0.source == "birds.md" }, "\(mode)")
            var future = RetrievalFilter()
            try future.add("modified_after=2999-01-01")
            #expect(try retriever.retrieve("penguins", mode: mode, filter: future).chunks.isEmpty)
            var past = RetrievalFilter()
            try past.add("modified_after=2001-01-01")
            #expect(try !retriever.retrieve("penguins", mode: mode, filter: past).chunks.isEmpty)
        }
    }

    @Test("a minimum score drops weak chunks; MMR returns distinct chunks")
    func minScoreAndMMR() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let base = try retriever()
        var strict = RetrieverSettings(minScore: 0.99)
        strict.mode = .vector
        let none = Retriever(store: base.store, settings: strict, model: .success(try EmbeddingFixtures.model()))
        #expect(try none.retrieve("penguins").chunks.isEmpty)
        let diverse = Retriever(
            store: base.store, settings: RetrieverSettings(topK: 4, mmr: true, mmrLambda: 0.5),
            model: .success(try EmbeddingFixtures.model()))
        let chunks = try diverse.retrieve("files").chunks
        #expect(chunks.count == 4)
        #expect(Set(chunks.map(\.chunkID)).count == 4)
        #expect(chunks.map(\.rank) == [1, 2, 3, 4])
    }

    @Test("without a model, vector and hybrid fall back to BM25 and say why")
    func fallsBackWithoutModel() throws {
        let store = try Store(directory: corpus.store)
        _ = try Synchronizer(store: store, processor: PlainTextProcessor()).ingest([corpus.root])
        let missing = EmbeddingModel.load(for: try Self.pipeline(model: "/nonexistent/model.gguf"))
        let retriever = Retriever(store: store, settings: RetrieverSettings(), model: missing)
        let result = try retriever.retrieve("penguins", mode: .hybrid)
        #expect(result.mode == .bm25)
        #expect(result.notes.count == 1 && result.notes[0].contains("hybrid retrieval is unavailable, using bm25"))
        #expect(result.chunks.first?.text == "Penguins cannot fly.")
        let report = try EmbeddingIndexer.run(pipeline: try Self.pipeline(model: "/nonexistent/model.gguf"), store: store)
        #expect(report.vectors == 0 && report.warnings.count == 1)
    }

    @Test("the pages filter keeps chunks touching the pages, on a real PDF")
    func pagesFilter() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")
        let store = try Store(directory: corpus.store)
        let spec = try Self.pipeline(model: "/nonexistent/model.gguf")
        _ = try Synchronizer(store: store, processor: try PipelineProcessor(spec: spec)).ingest([samples])
        let retriever = Retriever(store: store, pipeline: spec)
        var filter = RetrievalFilter()
        try filter.add("pages=2")
        let chunks = try retriever.retrieve("hive frames brood queen", mode: .bm25, topK: 10, filter: filter).chunks
        #expect(!chunks.isEmpty)
        #expect(chunks.allSatisfy { $0.source == "hive-inspection-guide.pdf" && ($0.pages?.contains(2) ?? false) })
    }

    /// The default pipeline with another model path.
    static func pipeline(model: String) throws -> PipelineSpec {
        let json = PipelineSpec.defaultJSON.replacingOccurrences(of: EmbedderSettings.defaultModel, with: model)
        return try PipelineSpec(json: Data(json.utf8))
    }
}
