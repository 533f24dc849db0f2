import GRDB

/// Everything a store holds about its documents and chunks, without ids or times: two stores
/// built from the same files by the same pipeline have equal snapshots, however their ingests
/// ran (clean, resumed after a kill, or incremental).
package struct StoreSnapshot: Sendable, Hashable {
    package struct Document: Sendable, Hashable {
        package var root: String
        package var path: String
        package var sha256: String?
        package var status: String
        package var error: String?
        package var chunks: [Chunk]
    }

    package struct Chunk: Sendable, Hashable {
        package var ordinal: Int
        package var text: String
        package var range: Range<Int>
        package var pages: [Int?]
        package var headingPath: String
    }

    package var documents: [Document]
}

extension Store {
    /// The store's documents and chunks, sorted, for comparing stores.
    package func snapshot() throws -> StoreSnapshot {
        try read { db in
            var documents: [StoreSnapshot.Document] = []
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, r.path, d.path, d.sha256, d.status, d.error
                    FROM documents d JOIN roots r ON r.id = d.root_id ORDER BY r.path, d.path
                    """)
            for row in rows {
                let chunks = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT ordinal, text, start_offset, end_offset, page_first, page_last, heading_path
                        FROM chunks WHERE document_id = ? ORDER BY ordinal
                        """,
                    arguments: [row[0] as Int64]
                ).map { chunk in
                    StoreSnapshot.Chunk(
                        ordinal: chunk[0], text: chunk[1], range: (chunk[2] as Int)..<(chunk[3] as Int),
                        pages: [chunk[4], chunk[5]], headingPath: chunk[6])
                }
                documents.append(
                    StoreSnapshot.Document(
                        root: row[1], path: row[2], sha256: row[3], status: row[4], error: row[5], chunks: chunks))
            }
            return StoreSnapshot(documents: documents)
        }
    }

    /// Runs SQLite's and FTS5's own consistency checks; throws ``RAGFlowError/Kind/store`` if
    /// either finds a fault.
    package func checkIntegrity() throws {
        try write { db in
            let result = try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? ""
            guard result == "ok" else { throw RAGFlowError(.store, "integrity check failed: \(result)") }
            // With rank 1, FTS5 also checks its index against the chunks table it indexes.
            try db.execute(sql: "INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('integrity-check', 1)")
        }
    }
}
