import Foundation
import GRDB

/// What a store holds and how its last ingest went: what `ragflow status` prints.
public struct StoreStatus: Sendable, Hashable {
    public var schemaVersion: Int
    /// Documents stored successfully, and their chunks.
    public var documents: Int
    public var chunks: Int
    /// Files the pipeline failed on, with their errors, by path.
    public var failed: [IngestReport.Failure]
    /// Absolute paths of the ingested roots.
    public var roots: [String]
    /// Fingerprint of the pipeline of the last completed ingest.
    public var pipelineFingerprint: String?
    public var lastRun: Run?

    /// One ingest run as the store recorded it.
    public struct Run: Sendable, Hashable {
        public enum State: String, Sendable {
            case running, completed, interrupted, failed
        }
        public var id: Int64
        public var pid: Int32
        public var state: State
        public var startedAt: Date
        public var finishedAt: Date?
        public var added: Int
        public var updated: Int
        public var unchanged: Int
        public var removed: Int
        public var failed: Int
        public var notes: [String]
        /// Why the run stopped, for a failed run.
        public var error: String?
    }
}

extension Store {
    /// A snapshot of the store's contents and history.
    public func status() throws -> StoreStatus {
        try read { db in
            let documents = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents WHERE status = 'ok'") ?? 0
            let chunks = try Int.fetchOne(db, sql: "SELECT count(*) FROM chunks") ?? 0
            let failed = try Row.fetchAll(
                db, sql: "SELECT path, error FROM documents WHERE status = 'failed' ORDER BY path"
            ).map { IngestReport.Failure(path: $0[0], error: $0[1] ?? "") }
            let roots = try String.fetchAll(db, sql: "SELECT path FROM roots ORDER BY id")
            let lastRun = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, pid, status, started_at, finished_at, added, updated, unchanged, removed, failed,
                           notes, error
                    FROM runs ORDER BY id DESC LIMIT 1
                    """
            ).map { row in
                StoreStatus.Run(
                    id: row[0], pid: row[1], state: StoreStatus.Run.State(rawValue: row[2]) ?? .failed,
                    startedAt: Date(timeIntervalSince1970: row[3]),
                    finishedAt: (row[4] as Double?).map { Date(timeIntervalSince1970: $0) },
                    added: row[5], updated: row[6], unchanged: row[7], removed: row[8], failed: row[9],
                    notes: Store.decodeStringList(row[10]), error: row[11])
            }
            return StoreStatus(
                schemaVersion: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                documents: documents, chunks: chunks, failed: failed, roots: roots,
                pipelineFingerprint: try meta(db, key: MetaKey.pipelineFingerprint), lastRun: lastRun)
        }
    }
}
