import Foundation
import GRDB

/// What happened to one file in an ingest run. Unchanged files are only counted.
package enum RunOutcome: String, Sendable {
    case added, updated, removed, failed
}

/// The history of ingest runs, and facts about the store kept in its `meta` table.
extension Store {
    /// Starts a run record. Runs still marked `running` are marked `interrupted`: the caller
    /// holds the writer lock, so their process is gone.
    package func beginRun(roots: [String], fingerprint: String) throws -> Int64 {
        try write { db in
            try db.execute(sql: "UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            try db.execute(
                sql: "INSERT INTO runs (pid, started_at, status, roots, fingerprint) VALUES (?, ?, 'running', ?, ?)",
                arguments: [Int(getpid()), Date().timeIntervalSince1970, Store.encodeStringList(roots), fingerprint])
            return db.lastInsertedRowID
        }
    }

    /// Closes a run record with its counts, and records the pipeline that built the store: its
    /// file (`pipelineSource`, `nil` for the built-in default) and its JSON text.
    package func finishRun(
        id: Int64, report: IngestReport, fingerprint: String, pipelineSource: String?, pipelineJSON: String? = nil
    ) throws {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE runs SET finished_at = ?, status = 'completed', added = ?, updated = ?, unchanged = ?,
                        removed = ?, failed = ?, notes = ?, pipeline_json = ?
                    WHERE id = ?
                    """,
                arguments: [
                    Date().timeIntervalSince1970, report.added.count, report.updated.count, report.unchanged,
                    report.removed.count, report.failed.count, Store.encodeStringList(report.notes), pipelineJSON, id,
                ])
            try setMeta(db, key: MetaKey.pipelineFingerprint, value: fingerprint)
            if let pipelineSource {
                try setMeta(db, key: MetaKey.pipelineSource, value: pipelineSource)
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [MetaKey.pipelineSource])
            }
        }
    }

    /// Closes a run record that stopped on an error, or was `interrupted` (cancelled).
    package func failRun(id: Int64, error: String, interrupted: Bool = false) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE runs SET finished_at = ?, status = ?, error = ? WHERE id = ?",
                arguments: [Date().timeIntervalSince1970, interrupted ? "interrupted" : "failed", error, id])
        }
    }

    /// Number of documents stored successfully, and their chunks.
    package func totals() throws -> (documents: Int, chunks: Int) {
        try read { db in
            let documents = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents WHERE status = 'ok'") ?? 0
            let chunks = try Int.fetchOne(db, sql: "SELECT count(*) FROM chunks") ?? 0
            return (documents, chunks)
        }
    }

    /// Keys of the `meta` table.
    enum MetaKey {
        /// Fingerprint of the pipeline of the last completed ingest.
        static let pipelineFingerprint = "pipeline_fingerprint"
        /// The pipeline file (absolute path) of the last completed ingest; absent for the default.
        static let pipelineSource = "pipeline_source"
    }

    /// The pipeline file the last completed ingest used (absolute path), or `nil` for the
    /// built-in default: what `ragflow reindex` runs again.
    public func recordedPipelineSource() throws -> String? {
        try read { db in try meta(db, key: MetaKey.pipelineSource) }
    }

    /// The pipeline JSON text the last completed ingest ran with, if it recorded one (it does
    /// not for the built-in default pipeline, nor for runs of stores before schema version 3).
    package func recordedPipelineJSON() throws -> String? {
        try read { db in
            try String.fetchOne(
                db, sql: "SELECT pipeline_json FROM runs WHERE status = 'completed' ORDER BY id DESC LIMIT 1")
        }
    }

    func meta(_ db: Database, key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    func setMeta(_ db: Database, key: String, value: String) throws {
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            arguments: [key, value])
    }
}
