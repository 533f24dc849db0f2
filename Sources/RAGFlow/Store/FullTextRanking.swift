internal import CFullTextRank
import Foundation
import GRDB

/// The store's bridge to CFullTextRank: the `ragflow_bm25` ranking function on every
/// connection, the FTS5 tokenizer on a question's words, and a ``SearchStatistics`` snapshot
/// bound to a statement for one query.
enum FullTextRanking {
    /// The tokenizer `chunks_fts` was created with (StoreSchema version 1), as name and arguments.
    static let tokenizer = (name: "porter", arguments: ["unicode61", "remove_diacritics", "2"])

    /// Registers `ragflow_bm25` on `db` (each connection, as it opens).
    static func register(_ db: Database) throws {
        let code = rft_register(UnsafeMutableRawPointer(db.sqliteConnection))
        guard code == 0 else { throw RAGFlowError(.store, "cannot register the BM25 ranking function (SQLite code \(code))") }
    }

    /// The terms FTS5 indexes for each of `words`, in one pass of the tokenizer: one for an
    /// ordinary word (stemmed, lower case, no diacritics), none or several for text the
    /// tokenizer splits differently. Empty lists when the tokenizer cannot run.
    static func indexedTerms(of words: [String], in db: Database) -> [[String]] {
        // The words joined by spaces; a token belongs to the word its first byte falls in.
        var ends: [Int] = []
        var text = ""
        for word in words {
            if !text.isEmpty { text += " " }
            text += word
            ends.append(text.utf8.count)
        }
        final class Collected {
            var terms: [[String]]
            let ends: [Int]
            init(_ ends: [Int]) { (self.ends, terms) = (ends, Array(repeating: [], count: ends.count)) }
        }
        let collected = Collected(ends)
        let arguments = tokenizer.arguments.map { UnsafePointer(strdup($0)) }
        defer { arguments.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        let code = arguments.withUnsafeBufferPointer { argumentPointers in
            text.withCString { bytes in
                rft_tokenize(
                    UnsafeMutableRawPointer(db.sqliteConnection), tokenizer.name, argumentPointers.baseAddress,
                    Int32(argumentPointers.count), bytes, Int32(strlen(bytes)),
                    Unmanaged.passUnretained(collected).toOpaque()
                ) { context, token, length, start in
                    guard let context, let token else { return }
                    let collected = Unmanaged<Collected>.fromOpaque(context).takeUnretainedValue()
                    guard let word = collected.ends.firstIndex(where: { Int(start) < $0 }) else { return }
                    let bytes = UnsafeRawBufferPointer(start: token, count: Int(length))
                    collected.terms[word].append(String(decoding: bytes, as: UTF8.self))
                }
            }
        }
        return code == 0 ? collected.terms : Array(repeating: [], count: words.count)
    }

    /// Runs `body` while `statistics` and the rows per phrase are bound to `statement`'s
    /// parameter `index`, as `ragflow_bm25(chunks_fts, ?)` reads them.
    static func withQuery<T>(
        _ statistics: SearchStatistics, phraseRows: [Int64], boundTo statement: Statement, index: Int32,
        _ body: () throws -> T
    ) throws -> T {
        try phraseRows.withUnsafeBufferPointer { rows in
            try statistics.withBlocks { blocks, blockCount in
                var query = rft_query(
                    phrase_rows: rows.baseAddress, phrase_count: Int32(rows.count), length_blocks: blocks,
                    block_count: Int64(blockCount))
                return try withUnsafePointer(to: &query) { pointer in
                    let code = rft_bind_query(UnsafeMutableRawPointer(statement.sqliteStatement), index, pointer)
                    guard code == 0 else { throw RAGFlowError(.store, "cannot bind the BM25 statistics (SQLite code \(code))") }
                    // The statement is cached: it must not keep a pointer to this stack frame.
                    defer { rft_bind_query(UnsafeMutableRawPointer(statement.sqliteStatement), index, nil) }
                    return try body()
                }
            }
        }
    }

    /// Tokens per row in `chunks_fts_docsize`'s `sz` blob: FTS5 writes one SQLite varint per
    /// column, and `chunks_fts` has one column.
    static func tokenCount(docsize: Data) -> UInt32 {
        var value: UInt64 = 0
        for (index, byte) in docsize.prefix(9).enumerated() {
            if index == 8 { return UInt32(clamping: value << 8 | UInt64(byte)) }
            value = value << 7 | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { break }
        }
        return UInt32(clamping: value)
    }

    /// Rowids per block of ``SearchStatistics`` token counts.
    static var blockShift: Int { Int(RFT_BLOCK_SHIFT) }
}
