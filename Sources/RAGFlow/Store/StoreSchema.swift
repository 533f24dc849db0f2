import GRDB

/// The store's tables, one migration per schema version, applied forward in order.
///
/// The schema version lives in SQLite's `user_version`, so that any SQLite tool shows it and a
/// newer store can be refused before anything is touched. A migration is never edited once
/// released: later versions append to ``migrations``.
enum StoreSchema {
    /// The newest schema this build reads and writes.
    static var currentVersion: Int { migrations.count }

    /// `migrations[i]` takes a store from version `i` to `i + 1`.
    static let migrations: [@Sendable (Database) throws -> Void] = [version1, version2, version3, version4]

    /// Documents, chunks and their FTS5 index, ingest runs with per-file outcomes, roots, and
    /// key-value facts about the store (pipeline fingerprint and source).
    private static func version1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            );
            CREATE TABLE roots (
                id INTEGER PRIMARY KEY,
                path TEXT NOT NULL UNIQUE,
                added_at REAL NOT NULL
            );
            CREATE TABLE documents (
                id INTEGER PRIMARY KEY,
                root_id INTEGER NOT NULL REFERENCES roots(id),
                path TEXT NOT NULL,
                sha256 TEXT,
                size INTEGER NOT NULL,
                mtime_ns INTEGER NOT NULL,
                media_type TEXT,
                title TEXT,
                author TEXT,
                status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
                error TEXT,
                fingerprint TEXT NOT NULL,
                chunk_count INTEGER NOT NULL DEFAULT 0,
                ingested_at REAL NOT NULL,
                UNIQUE (root_id, path)
            );
            -- AUTOINCREMENT: a chunk id is never reused, so an id held elsewhere (the vector
            -- index) can never come to name a different chunk.
            CREATE TABLE chunks (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                document_id INTEGER NOT NULL REFERENCES documents(id),
                ordinal INTEGER NOT NULL,
                text TEXT NOT NULL,
                text_sha256 TEXT NOT NULL,
                start_offset INTEGER NOT NULL,
                end_offset INTEGER NOT NULL,
                page_first INTEGER,
                page_last INTEGER,
                heading_path TEXT NOT NULL,
                UNIQUE (document_id, ordinal)
            );
            CREATE VIRTUAL TABLE chunks_fts USING fts5(
                text, content = 'chunks', content_rowid = 'id',
                tokenize = 'porter unicode61 remove_diacritics 2'
            );
            CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
                INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
                INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
            END;
            CREATE TRIGGER chunks_fts_update AFTER UPDATE OF text ON chunks BEGIN
                INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
                INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY,
                pid INTEGER NOT NULL,
                started_at REAL NOT NULL,
                finished_at REAL,
                status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
                roots TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                added INTEGER NOT NULL DEFAULT 0,
                updated INTEGER NOT NULL DEFAULT 0,
                unchanged INTEGER NOT NULL DEFAULT 0,
                removed INTEGER NOT NULL DEFAULT 0,
                failed INTEGER NOT NULL DEFAULT 0,
                notes TEXT NOT NULL DEFAULT '[]',
                error TEXT
            );
            CREATE TABLE run_files (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                path TEXT NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('added', 'updated', 'removed', 'failed')),
                error TEXT
            );
            CREATE INDEX run_files_by_run ON run_files (run_id);
            """)
    }

    /// The embedding cache: one vector per distinct chunk text and embedder, so that a
    /// re-chunked or re-ingested document only embeds text the embedder has not seen. Vectors
    /// are little-endian Float32 blobs.
    private static func version2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE embedding_cache (
                text_sha256 TEXT NOT NULL,
                embedder TEXT NOT NULL,
                vector BLOB NOT NULL,
                PRIMARY KEY (text_sha256, embedder)
            ) WITHOUT ROWID;
            """)
    }

    /// Writes the database of a store at schema `version` (older than the current one), as
    /// the build of that version created it: what tests of the migrations start from.
    static func createDatabase(at path: String, version: Int) throws {
        precondition(version >= 1 && version <= currentVersion, "no schema version \(version)")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for migration in migrations.prefix(version) { try migration(db) }
            try db.execute(sql: "PRAGMA user_version = \(version)")
        }
    }

    /// The pipeline JSON each completed ingest ran with, so that `ragflow reindex` can run it
    /// again when the recorded pipeline file is deleted or moved. `NULL` for the built-in
    /// default pipeline and for runs before this version.
    private static func version3(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE runs ADD COLUMN pipeline_json TEXT")
    }

    /// The statistics BM25 reads instead of walking the FTS5 index for every question (see
    /// ``SearchStatistics``): rows per term, tokens per chunk in blocks of 512 chunk ids, and the
    /// generation they were built at. Triggers advance `fts_state.generation` with every change
    /// to the indexed text, so statistics of an older generation are never used.
    private static func version4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE fts_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                generation INTEGER NOT NULL,
                statistics_generation INTEGER
            );
            INSERT INTO fts_state (id, generation, statistics_generation) VALUES (1, 1, NULL);
            CREATE TABLE term_counts (
                term TEXT PRIMARY KEY NOT NULL,
                rows INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE chunk_lengths (
                block INTEGER PRIMARY KEY,
                lengths BLOB NOT NULL
            );
            CREATE TRIGGER chunks_fts_generation_insert AFTER INSERT ON chunks BEGIN
                UPDATE fts_state SET generation = generation + 1 WHERE id = 1;
            END;
            CREATE TRIGGER chunks_fts_generation_delete AFTER DELETE ON chunks BEGIN
                UPDATE fts_state SET generation = generation + 1 WHERE id = 1;
            END;
            CREATE TRIGGER chunks_fts_generation_update AFTER UPDATE OF text ON chunks BEGIN
                UPDATE fts_state SET generation = generation + 1 WHERE id = 1;
            END;
            """)
    }
}
