import Foundation
import GRDB

/// Writes of documents and chunks. Each method is one transaction, which records the file's
/// outcome in the run log too, so that a killed ingest leaves every file either wholly old or
/// wholly new.
extension Store {
    /// The id of the ingest root at `path` (absolute, canonical), recording it if it is new.
    package func rootID(path: String) throws -> Int64 {
        try write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM roots WHERE path = ?", arguments: [path]) {
                return id
            }
            try db.execute(
                sql: "INSERT INTO roots (path, added_at) VALUES (?, ?)",
                arguments: [path, Date().timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    /// Forgets a root that holds no documents any more.
    package func forgetRoot(path: String) throws {
        try write { db in
            try db.execute(
                sql: """
                    DELETE FROM roots WHERE path = ?
                    AND NOT EXISTS (SELECT 1 FROM documents WHERE documents.root_id = roots.id)
                    """,
                arguments: [path])
        }
    }

    /// The absolute paths of every root ingested into this store, in the order they were added.
    public func recordedRoots() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT path FROM roots ORDER BY id") }
    }

    /// Every document recorded under a root, by relative path.
    package func documents(rootID: Int64) throws -> [String: StoredDocument] {
        try read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, path, sha256, size, mtime_ns, status, error, fingerprint
                    FROM documents WHERE root_id = ?
                    """,
                arguments: [rootID])
            var result: [String: StoredDocument] = [:]
            while let row = try rows.next() {
                let document = StoredDocument(
                    id: row[0], path: row[1], sha256: row[2], size: row[3], mtimeNanoseconds: row[4],
                    status: StoredDocument.Status(rawValue: row[5]) ?? .failed, error: row[6], fingerprint: row[7])
                result[document.path] = document
            }
            return result
        }
    }

    /// Replaces (or adds) the document at `path` under `rootID` and all of its chunks.
    package func replaceDocument(
        rootID: Int64, path: String, mtimeNanoseconds: Int64, document: Document, chunks: [Chunk],
        fingerprint: String, runID: Int64, outcome: RunOutcome
    ) throws {
        try write { db in
            let id = try upsertDocument(
                db, rootID: rootID, path: path,
                fields: [
                    document.sha256, document.size, mtimeNanoseconds, document.mediaType.rawValue,
                    document.title, document.author, StoredDocument.Status.ok.rawValue, nil, fingerprint,
                    chunks.count, Date().timeIntervalSince1970,
                ])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO chunks (document_id, ordinal, text, text_sha256, start_offset, end_offset,
                                    page_first, page_last, heading_path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (ordinal, chunk) in chunks.enumerated() {
                try insert.execute(arguments: [
                    id, ordinal, chunk.text, SHA256.hex(of: Data(chunk.text.utf8)),
                    chunk.range.lowerBound, chunk.range.upperBound,
                    chunk.pages?.lowerBound, chunk.pages?.upperBound, Store.encodeStringList(chunk.headingPath),
                ])
            }
            try logOutcome(db, runID: runID, path: path, outcome: outcome, error: nil)
        }
    }

    /// Records that the pipeline failed on the file at `path`, dropping any chunks an earlier
    /// version of it had: the store then holds what a clean ingest of the same files would.
    package func recordFailure(
        rootID: Int64, path: String, size: Int, mtimeNanoseconds: Int64, sha256: String?, error: String,
        fingerprint: String, runID: Int64
    ) throws {
        try write { db in
            _ = try upsertDocument(
                db, rootID: rootID, path: path,
                fields: [
                    sha256, size, mtimeNanoseconds, nil, nil, nil, StoredDocument.Status.failed.rawValue, error,
                    fingerprint, 0, Date().timeIntervalSince1970,
                ])
            try logOutcome(db, runID: runID, path: path, outcome: .failed, error: error)
        }
    }

    /// Removes a document and its chunks.
    package func removeDocument(id: Int64, path: String, runID: Int64) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM chunks WHERE document_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM documents WHERE id = ?", arguments: [id])
            try logOutcome(db, runID: runID, path: path, outcome: .removed, error: nil)
        }
    }

    /// Records a new modification time for a document whose bytes did not change, so that the
    /// next ingest skips it without reading it.
    package func updateModificationTime(documentID: Int64, mtimeNanoseconds: Int64) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE documents SET mtime_ns = ? WHERE id = ?", arguments: [mtimeNanoseconds, documentID])
        }
    }

    /// Writes the document row (keeping its id when it exists) and deletes its old chunks.
    /// `fields` follow the column order of the statements below.
    private func upsertDocument(
        _ db: Database, rootID: Int64, path: String, fields: StatementArguments
    ) throws -> Int64 {
        if let id = try Int64.fetchOne(
            db, sql: "SELECT id FROM documents WHERE root_id = ? AND path = ?", arguments: [rootID, path])
        {
            try db.execute(sql: "DELETE FROM chunks WHERE document_id = ?", arguments: [id])
            try db.execute(
                sql: """
                    UPDATE documents SET sha256 = ?, size = ?, mtime_ns = ?, media_type = ?, title = ?,
                        author = ?, status = ?, error = ?, fingerprint = ?, chunk_count = ?, ingested_at = ?
                    WHERE id = ?
                    """,
                arguments: fields + [id])
            return id
        }
        try db.execute(
            sql: """
                INSERT INTO documents (root_id, path, sha256, size, mtime_ns, media_type, title, author,
                                       status, error, fingerprint, chunk_count, ingested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [rootID, path] + fields)
        return db.lastInsertedRowID
    }

    private func logOutcome(_ db: Database, runID: Int64, path: String, outcome: RunOutcome, error: String?) throws {
        try db.execute(
            sql: "INSERT INTO run_files (run_id, path, outcome, error) VALUES (?, ?, ?, ?)",
            arguments: [runID, path, outcome.rawValue, error])
    }

    static func encodeStringList(_ headings: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(headings), as: UTF8.self)) ?? "[]"
    }

    static func decodeStringList(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
