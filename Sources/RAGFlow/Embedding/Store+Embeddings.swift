import Foundation
import GRDB
import VectorIndex

/// What the embedding stage and the retriever read and write in the store's database: the
/// embedding cache, the live chunk ids, and which embedder the vector index holds.
extension Store {
    /// The vector index directory inside the store.
    package var vectorDirectory: URL { directory.appendingPathComponent("vectors", isDirectory: true) }

    /// `meta` key naming the embedder fingerprint of the vectors in the index.
    static let vectorEmbedderKey = "vector_embedder"

    /// Fingerprint of the embedder whose vectors the index holds, if one was recorded.
    package func vectorEmbedder() throws -> String? {
        try read { db in try meta(db, key: Store.vectorEmbedderKey) }
    }

    package func setVectorEmbedder(_ fingerprint: String) throws {
        try write { db in try setMeta(db, key: Store.vectorEmbedderKey, value: fingerprint) }
    }

    /// Ids of the chunks the vector index holds a vector for, read as another process would;
    /// empty when there is no index yet.
    package func indexedChunkIDs() throws -> Set<Int64> {
        guard FileManager.default.fileExists(atPath: vectorDirectory.path) else { return [] }
        do {
            let index = try VectorIndex.open(at: vectorDirectory.path, mode: .readOnly)
            return Set(index.allIDs.map { Int64(bitPattern: $0) })
        } catch {
            throw RAGFlowError(.store, "cannot open the vector index: \(error)", file: vectorDirectory.path)
        }
    }

    /// Ids of every chunk in the store.
    package func liveChunkIDs() throws -> Set<Int64> {
        try read { db in Set(try Int64.fetchAll(db, sql: "SELECT id FROM chunks")) }
    }

    /// Text and text hash of the chunks with these ids that still exist.
    package func chunkTexts(ids: [Int64]) throws -> [(id: Int64, text: String, sha256: String)] {
        try read { db in
            var result: [(id: Int64, text: String, sha256: String)] = []
            for part in ids.chunked(by: 500) {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT id, text, text_sha256 FROM chunks WHERE id IN (\(Store.placeholders(part.count)))",
                    arguments: StatementArguments(part))
                result += rows.map { row -> (id: Int64, text: String, sha256: String) in (row[0], row[1], row[2]) }
            }
            return result
        }
    }

    /// Cached vectors of these text hashes for `embedder`, by hash.
    package func cachedEmbeddings(textHashes: [String], embedder: String) throws -> [String: [Float]] {
        try read { db in
            var result: [String: [Float]] = [:]
            for part in textHashes.chunked(by: 500) {
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT text_sha256, vector FROM embedding_cache WHERE embedder = ? AND text_sha256 IN (\(Store.placeholders(part.count)))",
                    arguments: StatementArguments([embedder] + part))
                for row in rows { result[row[0]] = Store.floats(from: row[1]) }
            }
            return result
        }
    }

    /// Adds vectors to the cache in one transaction.
    package func cacheEmbeddings(_ entries: [(textHash: String, vector: [Float])], embedder: String) throws {
        guard !entries.isEmpty else { return }
        try write { db in
            for entry in entries {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO embedding_cache (text_sha256, embedder, vector) VALUES (?, ?, ?)",
                    arguments: [entry.textHash, embedder, Store.blob(from: entry.vector)])
            }
        }
    }

    /// Deletes the cache entries no chunk uses any more, and every entry of another embedder
    /// than `embedder`; returns how many went. Run at the end of each embedding run, it bounds
    /// the cache by the distinct chunk texts of the store, however much the documents churn.
    /// Texts of the chunks a sync just replaced are still cached when the embedding run that
    /// follows looks for them, which is when the cache pays.
    package func pruneEmbeddingCache(keeping embedder: String) throws -> Int {
        try write { db in
            try db.execute(
                sql: """
                    DELETE FROM embedding_cache
                    WHERE embedder <> ? OR text_sha256 NOT IN (SELECT text_sha256 FROM chunks)
                    """,
                arguments: [embedder])
            return db.changesCount
        }
    }

    /// Number of cached vectors of all embedders.
    package func embeddingCacheCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM embedding_cache") ?? 0 }
    }

    /// Number of cached vectors per embedder fingerprint.
    package func embeddingCacheCount(embedder: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM embedding_cache WHERE embedder = ?", arguments: [embedder]) ?? 0
        }
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }

    /// Float32 values as little-endian bytes (every platform we build for is little-endian).
    static func blob(from vector: [Float]) -> Data {
        vector.withUnsafeBytes { Data($0) }
    }

    static func floats(from data: Data) -> [Float] {
        var vector = [Float](repeating: 0, count: data.count / MemoryLayout<Float>.size)
        _ = vector.withUnsafeMutableBytes { data.copyBytes(to: $0) }
        return vector
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(by size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
