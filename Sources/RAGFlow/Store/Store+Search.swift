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
            guard let query = try bm25Query(for: question, in: db) else { return [] }
            return try query.withRows(
                db,
                sql: { rank in
                    """
                    SELECT c.id, d.path, c.page_first, c.page_last, c.heading_path, c.text, \(rank) AS score
                    FROM chunks_fts
                    JOIN chunks c ON c.id = chunks_fts.rowid
                    JOIN documents d ON d.id = c.document_id
                    WHERE chunks_fts MATCH ?
                    ORDER BY score, c.id
                    LIMIT ?
                    """
                }, arguments: [query.match, limit]
            ) { rows in
                var hits: [RetrievedChunk] = []
                while let row = try rows.next() {
                    let first: Int? = row[2]
                    let last: Int? = row[3]
                    hits.append(
                        RetrievedChunk(
                            rank: hits.count + 1, chunkID: row[0], source: row[1], pages: first.map { $0...max($0, last ?? $0) },
                            headingPath: Store.decodeStringList(row[4]), score: -(row[6] as Double), text: row[5]))
                }
                return hits
            }
        }
    }

    /// At most this many rows are scored for the rare words of a question (see
    /// ``FullTextQuery/match(terms:documentCounts:budget:)``).
    package static let bm25RowBudget = 2000

    /// The FTS5 query for `question` in this store, or nil when it has no word. Each word's
    /// row count comes from the search statistics when they are current (one lookup), or is
    /// counted in the index; the words are then split into the rare ones a row must hold and
    /// the common ones that only add to its score.
    /// `usingStatistics: false` ranks with FTS5's bm25() and counts words in the index even
    /// when the statistics are current: the reference the statistics are checked against.
    func bm25Query(
        for question: String, in db: Database, usingStatistics: Bool = true, rowBudget: Int = Store.bm25RowBudget
    ) throws -> BM25Query? {
        let terms = FullTextQuery.terms(for: question)
        guard !terms.isEmpty else { return nil }
        let statistics = usingStatistics ? try currentSearchStatistics(db) : nil
        let counts = try Store.rowCounts(of: terms, in: db, usingTermCounts: statistics != nil)
        guard let match = FullTextQuery.match(terms: terms, documentCounts: counts, budget: rowBudget) else {
            return nil
        }
        return BM25Query(match: match.expression, ranking: statistics.map { ($0, match.phrases.map { Int64(counts[$0]) }) })
    }

    /// Rows of the index holding each of `terms` (quoted FTS5 strings): from `term_counts` when
    /// it is current (a word's FTS5 term, one lookup), else counted in the index.
    private static func rowCounts(of terms: [String], in db: Database, usingTermCounts: Bool) throws -> [Int] {
        let indexed = usingTermCounts
            ? FullTextRanking.indexedTerms(
                of: terms.map { String($0.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") }, in: db)
            : Array(repeating: [], count: terms.count)
        return try zip(terms, indexed).map { term, indexed in
            if indexed.count == 1 {
                let lookup = try db.cachedStatement(sql: "SELECT rows FROM term_counts WHERE term = ?")
                return try Int.fetchOne(lookup, arguments: [indexed[0]]) ?? 0
            }
            let count = try db.cachedStatement(sql: "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?")
            return try Int.fetchOne(count, arguments: [term]) ?? 0
        }
    }

    /// The search statistics when they describe the index as it is in `db`'s snapshot, nil
    /// when the store changed since they were built. Loaded once per generation.
    func currentSearchStatistics(_ db: Database) throws -> SearchStatistics? {
        let (live, snapshot) = try SearchStatistics.generations(db)
        guard snapshot == live else { return nil }
        if let cached = searchStatistics.withValue({ $0 }), cached.generation == live { return cached }
        let loaded = try SearchStatistics.load(db, generation: live)
        searchStatistics.withValue { $0 = loaded }
        return loaded
    }

    /// Whether the search statistics describe the index as it is now.
    package func searchStatisticsAreCurrent() throws -> Bool {
        try read { db in
            let (live, snapshot) = try SearchStatistics.generations(db)
            return live == snapshot
        }
    }

    /// Rebuilds the search statistics BM25 reads if the index changed since they were built.
    /// Every ingest run does this itself once its sync stage is done.
    package func refreshSearchStatistics() throws {
        try write { db in try SearchStatistics.refresh(db) }
    }
}

/// A question's BM25 query: its FTS5 expression and how its rows are ranked.
struct BM25Query {
    var match: String
    /// The statistics and the rows per phrase of `match` when they are current: rows are ranked
    /// by `ragflow_bm25`. Nil: by FTS5's bm25(). The scores are the same.
    var ranking: (statistics: SearchStatistics, phraseRows: [Int64])?

    /// Runs `sql(rank)`, where `rank` is the SQL expression of a row's score (lower is better,
    /// as bm25()) and comes before the `arguments`' placeholders, and hands its rows to `body`.
    func withRows<T>(
        _ db: Database, sql: (String) -> String, arguments: [any DatabaseValueConvertible],
        _ body: (RowCursor) throws -> T
    ) throws -> T {
        guard let ranking else {
            let statement = try db.cachedStatement(sql: sql("bm25(chunks_fts)"))
            return try body(Row.fetchCursor(statement, arguments: StatementArguments(arguments)))
        }
        let statement = try db.cachedStatement(sql: sql("ragflow_bm25(chunks_fts, ?)"))
        try statement.setArguments(StatementArguments([DatabaseValue.null] + arguments))
        return try FullTextRanking.withQuery(ranking.statistics, phraseRows: ranking.phraseRows, boundTo: statement, index: 1) {
            try body(Row.fetchCursor(statement))
        }
    }
}
