import Foundation
import GRDB

/// What BM25 needs from the whole FTS5 index, kept in the store so that a question does not
/// gather it again: rows per indexed term (`term_counts`) and tokens per chunk
/// (`chunk_lengths`, 512 chunk ids per blob).
///
/// FTS5's own bm25() walks every row of each of the question's words to count them, and reads
/// each scored row's size with one statement step; at 100,000 chunks that is most of a BM25
/// query. The snapshot is rebuilt after each ingest run's sync stage (``Store/refreshSearchStatistics()``)
/// and is stamped with the `fts_state` generation the triggers on `chunks` advance: a store
/// changed since (a run in progress, or one killed) ranks with bm25() itself until the next
/// refresh. Both ways give the same scores.
final class SearchStatistics: @unchecked Sendable {
    // @unchecked: the buffers are written once in init and only read afterwards.
    /// The `fts_state` generation the snapshot was built at.
    let generation: Int64
    private let blockTable: UnsafeMutablePointer<UnsafePointer<UInt32>?>
    private let blockCount: Int
    private let storage: UnsafeMutablePointer<UInt32>

    /// Token counts per block from `chunk_lengths` blobs (`blocks[b]`: ids `b << blockShift`
    /// and on, little-endian UInt32 each), sorted by block.
    private init(generation: Int64, blocks: [(index: Int, bytes: Data)]) {
        self.generation = generation
        let width = 1 << FullTextRanking.blockShift
        blockCount = (blocks.last?.index ?? -1) + 1
        blockTable = .allocate(capacity: max(blockCount, 1))
        blockTable.initialize(repeating: nil, count: max(blockCount, 1))
        storage = .allocate(capacity: max(blocks.count * width, 1))
        storage.initialize(repeating: 0, count: max(blocks.count * width, 1))
        for (slot, block) in blocks.enumerated() {
            let start = storage + slot * width
            for (offset, byte) in block.bytes.prefix(4 * width).enumerated() {
                start[offset / 4] |= UInt32(byte) << (8 * UInt32(offset % 4))
            }
            blockTable[block.index] = UnsafePointer(start)
        }
    }

    deinit {
        blockTable.deallocate()
        storage.deallocate()
    }

    func withBlocks<T>(_ body: (UnsafePointer<UnsafePointer<UInt32>?>, Int) throws -> T) rethrows -> T {
        try body(UnsafePointer(blockTable), blockCount)
    }

    /// The live generation and the one the stored snapshot was built at (nil: never built).
    static func generations(_ db: Database) throws -> (live: Int64, snapshot: Int64?) {
        guard let row = try Row.fetchOne(db, sql: "SELECT generation, statistics_generation FROM fts_state WHERE id = 1") else {
            return (0, nil)
        }
        return (row[0], row[1])
    }

    /// The stored snapshot's token counts, stamped `generation`.
    static func load(_ db: Database, generation: Int64) throws -> SearchStatistics {
        var blocks: [(index: Int, bytes: Data)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT block, lengths FROM chunk_lengths WHERE block >= 0 ORDER BY block")
        while let row = try rows.next() { blocks.append((row[0], row[1] as Data? ?? Data())) }
        return SearchStatistics(generation: generation, blocks: blocks)
    }

    /// Rebuilds the snapshot from the FTS5 index unless it is current. One pass over the
    /// index's term list (about 0.4 s per 100,000 chunks) and one over its row sizes.
    static func refresh(_ db: Database) throws {
        let (live, snapshot) = try generations(db)
        guard snapshot != live else { return }
        try db.execute(sql: """
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_fts_terms USING fts5vocab(main, 'chunks_fts', 'row');
            DELETE FROM term_counts;
            INSERT INTO term_counts (term, rows) SELECT term, doc FROM temp.chunks_fts_terms;
            DELETE FROM chunk_lengths;
            """)
        let width = 1 << FullTextRanking.blockShift
        let insert = try db.makeStatement(sql: "INSERT INTO chunk_lengths (block, lengths) VALUES (?, ?)")
        var block = -1
        var bytes = [UInt8]()
        func flush() throws {
            guard block >= 0 else { return }
            try insert.execute(arguments: [block, Data(bytes)])
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT id, sz FROM chunks_fts_docsize ORDER BY id")
        while let row = try rows.next() {
            let id: Int64 = row[0]
            guard id >= 0 else { continue }
            let index = Int(id >> Int64(FullTextRanking.blockShift))
            if index != block {
                try flush()
                block = index
                bytes = [UInt8](repeating: 0, count: 4 * width)
            }
            let tokens = FullTextRanking.tokenCount(docsize: row[1] as Data? ?? Data())
            let slot = 4 * Int(id & Int64(width - 1))
            for byte in 0..<4 { bytes[slot + byte] = UInt8(truncatingIfNeeded: tokens >> (8 * UInt32(byte))) }
        }
        try flush()
        try db.execute(sql: "UPDATE fts_state SET statistics_generation = generation WHERE id = 1")
    }
}
