import Foundation
import RAGFlow
import Testing

/// The embedding stage against a real store, the real MiniLM model and the real HNSW index.
@Suite("EmbeddingIndexer")
struct EmbeddingIndexerTests {
    let corpus: TemporaryCorpus

    init() throws {
        corpus = try TemporaryCorpus()
        try corpus.write("birds.md", "Penguins cannot fly.\n\nThey swim in cold seas.")
        try corpus.write("tools.txt", "The tar program packs files into one archive.\n\nGzip makes files smaller.")
    }

    func sync(_ store: Store) throws {
        _ = try Synchronizer(store: store, processor: PlainTextProcessor()).ingest([corpus.root])
    }

    @Test("a first run embeds every chunk; a re-ingest with nothing changed embeds nothing")
    func reingestEmbedsNothing() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let store = try Store(directory: corpus.store)
        let model = try EmbeddingFixtures.model()
        try sync(store)
        let first = try EmbeddingIndexer(store: store, model: model, threads: 2).run()
        #expect(first.embedded == 4 && first.fromCache == 0 && first.removed == 0 && !first.rebuilt)
        #expect(first.vectors == 4)
        try sync(store)
        let second = try EmbeddingIndexer(store: store, model: model, threads: 2).run()
        #expect(second.embedded == 0 && second.fromCache == 0 && second.removed == 0)
        #expect(try EmbeddingFixtures.indexedIDs(store) == store.liveChunkIDs())
    }

    @Test("a changed file only embeds its new text; its old chunks leave the index")
    func changedFileUsesCache() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let store = try Store(directory: corpus.store)
        let model = try EmbeddingFixtures.model()
        try sync(store)
        _ = try EmbeddingIndexer(store: store, model: model, threads: 2).run()
        try corpus.write("birds.md", "Penguins cannot fly.\n\nThey swim in cold seas.\n\nPuffins nest on cliffs.")
        try corpus.touch("birds.md", by: 5)
        try sync(store)
        let report = try EmbeddingIndexer(store: store, model: model, threads: 2).run()
        // The document's chunks were replaced (new ids): two texts come from the cache, one is new.
        #expect(report.removed == 2)
        #expect(report.fromCache == 2)
        #expect(report.embedded == 1)
        #expect(try EmbeddingFixtures.indexedIDs(store) == store.liveChunkIDs())
    }

    @Test("another embedding model rebuilds the index and says so, and its vectors replace the old ones in the cache")
    func modelChangeRebuilds() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let store = try Store(directory: corpus.store)
        try sync(store)
        let plain = try EmbeddingFixtures.model()
        let prefixed = try EmbeddingFixtures.model(documentPrefix: "passage: ")
        _ = try EmbeddingIndexer(store: store, model: plain, threads: 2).run()
        let changed = try EmbeddingIndexer(store: store, model: prefixed, threads: 2).run()
        #expect(changed.rebuilt)
        #expect(changed.notes.contains { $0.contains("embedding model changed") && $0.contains("rebuilding the vector index") })
        #expect(changed.embedded == 4 && changed.vectors == 4)
        #expect(try store.vectorEmbedder() == prefixed.fingerprint)
        #expect(changed.prunedFromCache == 4)
        #expect(try store.embeddingCacheCount() == 4 && store.embeddingCacheCount(embedder: prefixed.fingerprint) == 4)
        let back = try EmbeddingIndexer(store: store, model: plain, threads: 2).run()
        #expect(back.rebuilt && back.embedded == 4 && back.fromCache == 0)
        #expect(try EmbeddingFixtures.indexedIDs(store) == store.liveChunkIDs())
    }

    @Test("the cache keeps only the texts of live chunks: a deleted file's vectors leave it at the end of the run")
    func cacheIsPruned() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let store = try Store(directory: corpus.store)
        let model = try EmbeddingFixtures.model()
        try sync(store)
        _ = try EmbeddingIndexer(store: store, model: model, threads: 2).run()
        #expect(try store.embeddingCacheCount() == 4)
        try corpus.remove("tools.txt")
        try sync(store)
        let report = try EmbeddingIndexer(store: store, model: model, threads: 2).run()
        #expect(report.removed == 2 && report.prunedFromCache == 2)
        #expect(try store.embeddingCacheCount() == 2)
        // Text shared with a live chunk stays: a copy of birds.md under another name.
        try corpus.write("copy.md", "Penguins cannot fly.")
        try sync(store)
        #expect(try EmbeddingIndexer(store: store, model: model, threads: 2).run().fromCache == 1)
        try corpus.remove("copy.md")
        try sync(store)
        #expect(try EmbeddingIndexer(store: store, model: model, threads: 2).run().prunedFromCache == 0)
        #expect(try store.embeddingCacheCount() == 2)
    }

    @Test("after a seeded random sequence of adds, edits and deletes, the index holds exactly the live chunks")
    func randomChangesKeepIndexExact() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let store = try Store(directory: corpus.store)
        let model = try EmbeddingFixtures.model()
        // Paragraphs drawn from a small pool keep the model's work (and the test) short.
        let pool = [
            "Rivers carry silt to the sea.", "A lantern lights the harbor.", "Quartz is a hard mineral.",
            "The falcon hunts at dawn.", "Ledgers record every sale.", "Meadows flower in spring.",
            "Signals cross the socket.", "Glaciers carve deep valleys.",
        ]
        var random = SeededGenerator(seed: 7)
        var files: Set<String> = ["birds.md", "tools.txt"]
        for step in 0..<14 {
            let action = Int.random(in: 0..<3, using: &random)
            if action == 0 || files.count < 2 {
                let name = "file\(step).txt"
                try corpus.write(name, (0..<Int.random(in: 1...3, using: &random)).map { _ in pool.randomElement(using: &random)! }.joined(separator: "\n\n"))
                files.insert(name)
            } else if action == 1 {
                let name = files.sorted().randomElement(using: &random)!
                try corpus.write(name, pool.shuffled(using: &random).prefix(2).joined(separator: "\n\n"))
                try corpus.touch(name, by: step + 1)
            } else {
                let name = files.sorted().randomElement(using: &random)!
                try corpus.remove(name)
                files.remove(name)
            }
            try sync(store)
            // Every third step the embedding run is skipped, as if the process died after the
            // sync committed: the next run must catch up both ways.
            if step % 3 == 2 { continue }
            _ = try EmbeddingIndexer(store: store, model: model, threads: 2).run()
            let live = try store.liveChunkIDs()
            #expect(try EmbeddingFixtures.indexedIDs(store) == live, "seed 7, step \(step)")
            // Churn never grows the cache past the distinct texts of the live chunks.
            let texts = Set(try store.chunkTexts(ids: Array(live)).map(\.sha256))
            #expect(try store.embeddingCacheCount() == texts.count, "seed 7, step \(step)")
        }
    }
}
