import Foundation
import GRDB

/// A RAGFlow store: a directory holding one SQLite database (WAL mode) with documents, chunks,
/// their FTS5 index and the history of ingest runs, plus, later, the vector index file.
///
/// Readers never wait for an ingest: each read sees the last committed state. Writes happen in
/// small transactions (one per file), so a process killed at any moment leaves a consistent
/// store that the next ingest completes.
///
/// ```swift
/// let store = try Store(directory: URL(fileURLWithPath: ".ragflow"))
/// let hits = try store.searchBM25("how do I rebase", limit: 5)
/// ```
public final class Store: Sendable {
    /// The store directory.
    public let directory: URL
    let pool: DatabasePool
    /// The BM25 statistics last loaded (see ``currentSearchStatistics(_:)``).
    let searchStatistics = LockedValue<SearchStatistics?>(nil)

    /// The database file inside the store directory.
    package static let databaseFileName = "store.sqlite"
    /// The newest schema version this build understands.
    public static var schemaVersion: Int { StoreSchema.currentVersion }

    /// Opens the store in `directory`, creating it when `create` is true, and migrates an older
    /// schema forward. Throws ``RAGFlowError/Kind/store`` when the store is missing (and `create`
    /// is false), unreadable, or written by a newer version of RAGFlow.
    public init(directory: URL, create: Bool = true) throws {
        self.directory = directory.standardizedFileURL
        let databaseURL = self.directory.appendingPathComponent(Store.databaseFileName)
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: databaseURL.path) {
            guard create else {
                throw RAGFlowError(
                    .store, "no store here; run `ragflow ingest PATH --store \(directory.path)` first",
                    file: directory.path)
            }
            do {
                try fileManager.createDirectory(at: self.directory, withIntermediateDirectories: true)
            } catch {
                throw RAGFlowError(.store, "cannot create the store directory: \(error.localizedDescription)", file: directory.path)
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // WAL makes `synchronous = NORMAL` crash-consistent: a power cut may lose the last
            // transactions but never corrupts the database.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try FullTextRanking.register(db)
        }
        do {
            pool = try DatabasePool(path: databaseURL.path, configuration: configuration)
        } catch {
            throw RAGFlowError(.store, "cannot open the store database: \(error)", file: databaseURL.path)
        }
        try migrate(databasePath: databaseURL.path)
    }

    private func migrate(databasePath: String) throws {
        let found: Int
        do {
            found = try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        } catch {
            throw RAGFlowError(.store, "not a RAGFlow store database: \(error)", file: databasePath)
        }
        guard found <= StoreSchema.currentVersion else {
            throw RAGFlowError(
                .store,
                "this store was written by a newer RAGFlow (schema version \(found); this build reads up to \(StoreSchema.currentVersion)); upgrade ragflow or use another --store",
                file: directory.path)
        }
        guard found < StoreSchema.currentVersion else { return }
        do {
            try pool.write { db in
                // Another process may have migrated while we waited for the write lock.
                var version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                while version < StoreSchema.currentVersion {
                    try StoreSchema.migrations[version](db)
                    version += 1
                    try db.execute(sql: "PRAGMA user_version = \(version)")
                }
            }
        } catch {
            throw RAGFlowError(.store, "cannot migrate the store to schema version \(StoreSchema.currentVersion): \(error)", file: databasePath)
        }
    }

    /// Creates an empty store in `directory` at the older schema `version`, as that version's
    /// build would have: opening it with ``init(directory:create:)`` then migrates it forward.
    package static func createEmpty(directory: URL, schemaVersion version: Int) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try StoreSchema.createDatabase(at: directory.appendingPathComponent(databaseFileName).path, version: version)
    }

    /// Runs `body` in one write transaction, turning database errors into ``RAGFlowError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as RAGFlowError {
            throw error
        } catch {
            throw RAGFlowError(.store, "write failed: \(error)", file: directory.path)
        }
    }

    /// Runs `body` on a snapshot of the last committed state.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as RAGFlowError {
            throw error
        } catch {
            throw RAGFlowError(.store, "read failed: \(error)", file: directory.path)
        }
    }
}
