import GRDB

extension Store {
    /// The `limit` chunks that best match `question` by BM25 over the FTS5 index, best first.
    /// A question without any word returns nothing.
    ///
    /// ```swift
    /// for hit in try store.searchBM25("how do I undo a commit", limit: 5) {
    ///     print(hit.source, hit.page ?? 0, hit.score)
    /// }
    /// ```
    public func searchBM25(_ question: String, limit: Int) throws -> [RetrievedChunk] {
        guard limit > 0 else { throw RAGFlowError(.invalidArgument, "the number of results must be at least 1") }
        return try read { db in
            guard let match = try Store.bm25Match(for: question, in: db) else { return [] }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, d.path, c.page_first, c.page_last, c.heading_path, c.text,
                           bm25(chunks_fts) AS score
                    FROM chunks_fts
                    JOIN chunks c ON c.id = chunks_fts.rowid
                    JOIN documents d ON d.id = c.document_id
                    WHERE chunks_fts MATCH ?
                    ORDER BY score, c.id
                    LIMIT ?
                    """,
                arguments: [match, limit])
            return rows.enumerated().map { index, row in
                let first: Int? = row[2]
                let last: Int? = row[3]
                let pages = first.map { $0...max($0, last ?? $0) }
                return RetrievedChunk(
                    rank: index + 1, chunkID: row[0], source: row[1], pages: pages,
                    headingPath: Store.decodeStringList(row[4]), score: -(row[6] as Double), text: row[5])
            }
        }
    }

    /// At most this many rows are scored for the rare words of a question (see
    /// ``FullTextQuery/match(terms:documentCounts:budget:)``).
    package static let bm25RowBudget = 2000

    /// The FTS5 expression for `question` in this store: each word's row count is read (capped
    /// just above the budget, so a common word costs no more than a rare one) and the words are
    /// split into the rare ones a row must hold and the common ones that only add to its score.
    static func bm25Match(for question: String, in db: Database) throws -> String? {
        let terms = FullTextQuery.terms(for: question)
        guard terms.count > 1 else { return terms.first }
        // A cached statement: preparing an FTS5 query costs as much as counting a rare word.
        let count = try db.cachedStatement(
            sql: "SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT \(bm25RowBudget + 1))")
        let counts = try terms.map { term in try Int.fetchOne(count, arguments: [term]) ?? 0 }
        return FullTextQuery.match(terms: terms, documentCounts: counts, budget: bm25RowBudget)
    }
}
