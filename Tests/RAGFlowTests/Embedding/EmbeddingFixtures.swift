import Foundation
import RAGFlow

/// The real default embedding model (`make models` writes it), and helpers to look inside a
/// store's vector index.
enum EmbeddingFixtures {
    static var modelPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("models/all-MiniLM-L6-v2.Q8_0.gguf").path
    }

    static var modelExists: Bool { FileManager.default.fileExists(atPath: modelPath) }

    /// MiniLM with two threads; `documentPrefix` (and the fingerprint naming it) make a
    /// different embedder out of the same weights.
    static func model(documentPrefix: String = "") throws -> EmbeddingModel {
        try EmbeddingModel(
            settings: EmbedderSettings(model: modelPath, batchSize: 16, documentPrefix: documentPrefix, threads: 2),
            fingerprint: "minilm-test[\(documentPrefix)]")
    }

    /// Ids in the store's vector index, read as another process would.
    static func indexedIDs(_ store: Store) throws -> Set<Int64> {
        try store.indexedChunkIDs()
    }

    /// Ids of every chunk in the store, by a full-text-free read of the chunks table.
    static func liveIDs(_ store: Store) throws -> Set<Int64> {
        try store.liveChunkIDs()
    }
}
