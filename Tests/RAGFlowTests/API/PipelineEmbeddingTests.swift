import Foundation
import RAGFlow
import Testing

/// The library API with the real MiniLM embedder: ingest and reindex embed what they add,
/// queries retrieve by meaning, and a store re-indexes even when its pipeline file is gone.
@Suite("Pipeline with embeddings")
struct PipelineEmbeddingTests {
    let corpus: TemporaryCorpus
    var pipelineURL: URL { corpus.directory.appendingPathComponent("pipeline.json") }

    init() throws {
        corpus = try TemporaryCorpus()
        try corpus.write("birds.md", "# Birds\n\nPenguins cannot fly, but they swim fast in cold seas.")
        try corpus.write("tools.txt", "The tar program packs many files into one archive.")
        try corpus.write("bees/varroa.md", "# Mites\n\nVarroa mites weaken honey bee colonies in late summer.")
    }

    /// The default pipeline with the model named by absolute path (and `chunkSize` words per chunk).
    private func writePipeline(chunkSize: Int = 192) throws {
        let json = PipelineSpec.defaultJSON
            .replacingOccurrences(of: "models/all-MiniLM-L6-v2.Q8_0.gguf", with: EmbeddingFixtures.modelPath)
            .replacingOccurrences(of: "\"chunk_size\": 192", with: "\"chunk_size\": \(chunkSize)")
            .replacingOccurrences(of: "\"threads\": 0", with: "\"threads\": 2")
        try Data(json.utf8).write(to: pipelineURL)
    }

    @Test("an ingest embeds every chunk, reports its progress, completes its run after the embedding, and hybrid retrieval finds text by meaning")
    func ingestThenHybridRetrieve() async throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        try writePipeline()
        let flow = try Pipeline(contentsOf: pipelineURL, store: corpus.store)
        let seen = ProgressLog()
        // The run is completed only when its embedding is: until then status says running.
        let runWhileEmbedding = LockedBox<StoreStatus.Run.State?>(nil)
        let report = try await flow.ingest([corpus.root]) { event in
            seen.append(event)
            if event.phase == .embedding, runWhileEmbedding.get() == nil {
                runWhileEmbedding.set(try? flow.store.status().lastRun?.state)
            }
        }
        #expect(runWhileEmbedding.get() == .running)
        #expect(try flow.store.status().lastRun?.state == .completed)
        let embedding = try #require(report.embedding)
        #expect(embedding.embedded == report.chunks && embedding.warnings.isEmpty)
        #expect(try flow.store.indexedChunkIDs() == flow.store.liveChunkIDs())
        let embedded = seen.events.filter { $0.phase == .embedding }
        #expect(embedded.last.map { $0.done == $0.total && $0.total == report.chunks } == true)
        #expect(seen.events.firstIndex { $0.phase == .embedding }! > seen.events.lastIndex { $0.phase == .files }!)
        // No word of the question is in the document: only the vectors can find it.
        let question = "which insects suffer from parasites"
        let hybrid = try flow.retrieve(question)
        #expect(hybrid.mode == .hybrid && hybrid.notes.isEmpty, "\(hybrid.notes)")
        #expect(hybrid.chunks.first?.source == "bees/varroa.md")
        #expect(try flow.retrieve(question, mode: .vector, topK: 1).chunks.first?.source == "bees/varroa.md")
        let filtered = try flow.retrieve(question, filter: try flow.filter(adding: ["path=*.txt"]))
        #expect(filtered.chunks.map(\.source) == ["tools.txt"])
        // The citation check compares meaning too: the writer carries the pipeline's embedder.
        #expect(try flow.answerWriter().embedding != nil)
        let answer = try await flow.query("Do varroa mites harm honey bee colonies?")
        #expect(answer.citations.contains { $0.source == "bees/varroa.md" && $0.supported })
    }

    @Test("reindex after a file changes embeds its new chunks, and a vector query finds the new text")
    func reindexEmbedsChanges() async throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        try writePipeline()
        _ = try await Pipeline(contentsOf: pipelineURL, store: corpus.store).ingest([corpus.root])
        try corpus.write("tools.txt", "The tar program packs many files into one archive.\n\nA zeppelin is moored in its hangar.")
        try corpus.touch("tools.txt", by: 5)
        let flow = try Pipeline(recordedIn: corpus.store)
        let report = try await flow.reindex()
        #expect(report.updated == ["tools.txt"])
        let embedding = try #require(report.embedding)
        #expect(embedding.embedded >= 1 && embedding.removed >= 1)
        #expect(try flow.store.indexedChunkIDs() == flow.store.liveChunkIDs())
        let hit = try #require(try flow.retrieve("where is the airship kept", mode: .vector, topK: 1).chunks.first)
        #expect(hit.source == "tools.txt" && hit.text.contains("zeppelin"))
    }

    @Test("reindex runs the pipeline copy the store kept when the file is gone, and the edited file when it is back")
    func reindexWithoutPipelineFile() async throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        try writePipeline()
        let first = try await Pipeline(contentsOf: pipelineURL, store: corpus.store).ingest([corpus.root])
        let fingerprint = try Store(directory: corpus.store).status().pipelineFingerprint
        try FileManager.default.removeItem(at: pipelineURL)
        try corpus.write("birds.md", "# Birds\n\nPuffins nest on sea cliffs.")
        try corpus.touch("birds.md", by: 5)
        let kept = try Pipeline(recordedIn: corpus.store)
        #expect(kept.spec.embedder?.model == EmbeddingFixtures.modelPath)
        let report = try await kept.reindex()
        #expect(report.updated == ["birds.md"] && report.notes.isEmpty, "\(report.notes)")
        #expect(report.embedding?.embedded == 1)
        #expect(try kept.store.recordedPipelineSource() == pipelineURL.standardizedFileURL.path)
        #expect(try kept.store.status().pipelineFingerprint == fingerprint)
        // Edits to a file that is there again take effect: other chunks rebuild every document.
        try writePipeline(chunkSize: 64)
        let edited = try await Pipeline(recordedIn: corpus.store).reindex()
        #expect(edited.updated.count == 3)
        #expect(edited.notes.contains { $0.contains("the pipeline changed") })
        #expect(first.documents == edited.documents)
    }

    @Test("reindex refuses a store whose pipeline file is gone when the store keeps no copy of it")
    func noStoredCopy() async throws {
        try writePipeline()
        let spec = try PipelineSpec(contentsOf: pipelineURL)
        // A bare sync records the file but not its text, as stores before schema version 3 did.
        let store = try Store(directory: corpus.store)
        let options = IngestOptions(pipelineSource: pipelineURL.path)
        _ = try Synchronizer(store: store, processor: try PipelineProcessor(spec: spec), options: options).ingest([corpus.root])
        #expect(try store.recordedPipelineJSON() == nil)
        try FileManager.default.removeItem(at: pipelineURL)
        #expect {
            try Pipeline(recordedIn: corpus.store)
        } throws: { error in
            (error as? RAGFlowError)?.kind == .invalidPipeline && "\(error)".contains("keeps no copy")
        }
    }
}
