import Foundation
import GRDB

/// The store reads the retriever needs beyond ``Store/searchBM25(_:limit:)``: filtered BM25
/// candidates, the chunks a filter allows, and chunks by id.
extension Store {
    /// Ids of the chunks that pass `filter` (documents' path, media type and time; chunks' pages).
    package func chunkIDs(matching filter: RetrievalFilter) throws -> Set<Int64> {
        try read { db in
            var allowed = Set<Int64>()
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT c.id, d.path, d.media_type, d.mtime_ns, c.page_first, c.page_last
                    FROM chunks c JOIN documents d ON d.id = c.document_id
                    """)
            while let row = try rows.next() {
                let type = (row[2] as String?).flatMap(MediaType.init(rawValue:)) ?? .plainText
                let modified = Date(timeIntervalSince1970: Double(row[3] as Int64) / 1e9)
                if filter.matches(path: row[1], mediaType: type, modified: modified, pages: Store.pages(row[4], row[5])) {
                    allowed.insert(row[0])
                }
            }
            return allowed
        }
    }

    /// The `limit` best chunk ids by BM25 (score: higher is better), only from `allowed` when given.
    /// `usingStatistics: false` ranks with FTS5's own bm25(); `rowBudget` is the rare words' row
    /// budget (see ``bm25Query(for:in:usingStatistics:rowBudget:)``).
    package func bm25Candidates(
        _ question: String, limit: Int, allowed: Set<Int64>? = nil, usingStatistics: Bool = true,
        rowBudget: Int = Store.bm25RowBudget
    ) throws -> [(id: Int64, score: Double)] {
        guard limit > 0 else { return [] }
        return try read { db in
            guard let query = try bm25Query(for: question, in: db, usingStatistics: usingStatistics, rowBudget: rowBudget) else { return [] }
            // Without a filter SQLite stops at the limit; with one, rows stream until enough pass.
            let arguments: [any DatabaseValueConvertible] = allowed == nil ? [query.match, limit] : [query.match]
            return try query.withRows(
                db,
                sql: { rank in
                    "SELECT rowid, \(rank) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score, rowid \(allowed == nil ? "LIMIT ?" : "")"
                }, arguments: arguments
            ) { rows in
                var result: [(id: Int64, score: Double)] = []
                while result.count < limit, let row = try rows.next() {
                    let id: Int64 = row[0]
                    if let allowed, !allowed.contains(id) { continue }
                    result.append((id, -(row[1] as Double)))
                }
                return result
            }
        }
    }

    /// The chunks with these ids that still exist, by id (rank and score left at 0).
    package func retrievedChunks(ids: [Int64]) throws -> [Int64: RetrievedChunk] {
        try read { db in
            var result: [Int64: RetrievedChunk] = [:]
            for part in ids.chunked(by: 500) {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT c.id, d.path, c.page_first, c.page_last, c.heading_path, c.text
                        FROM chunks c JOIN documents d ON d.id = c.document_id
                        WHERE c.id IN (\(Store.placeholders(part.count)))
                        """,
                    arguments: StatementArguments(part))
                for row in rows {
                    let id: Int64 = row[0]
                    result[id] = RetrievedChunk(
                        rank: 0, chunkID: id, source: row[1], pages: Store.pages(row[2], row[3]),
                        headingPath: Store.decodeStringList(row[4]), score: 0, text: row[5])
                }
            }
            return result
        }
    }

    static func pages(_ first: Int?, _ last: Int?) -> ClosedRange<Int>? {
        first.map { $0...max($0, last ?? $0) }
    }
}
