// BM25 over an FTS5 table from statistics the caller keeps (rows per term, tokens per row), and
// the FTS5 tokenizer run on a question's words. See Sources/RAGFlow/Store/SearchStatistics.swift.
#ifndef CFULLTEXTRANK_H
#define CFULLTEXTRANK_H

#include <stdint.h>

/// Token counts are held in blocks of 2^RFT_BLOCK_SHIFT rowids: block b covers rowids
/// b << RFT_BLOCK_SHIFT ... ((b + 1) << RFT_BLOCK_SHIFT) - 1.
#define RFT_BLOCK_SHIFT 9

/// What `ragflow_bm25(table, ?)` needs for one query, bound to `?` with rft_bind_query.
typedef struct rft_query {
    /// Rows holding each phrase of the MATCH expression, in the expression's phrase order.
    const int64_t *phrase_rows;
    int32_t phrase_count;
    /// Tokens of each row (0 for none), by block; a NULL block holds no row.
    const uint32_t *const *length_blocks;
    int64_t block_count;
} rft_query;

/// Registers the FTS5 auxiliary function `ragflow_bm25` on a connection (a `sqlite3 *`).
/// It scores as FTS5's bm25() does (k1 1.2, b 0.75, the same IDF), bit for bit, without
/// walking each phrase's rows for its IDF or reading each row's size from the index.
/// Returns an SQLite result code.
int rft_register(void *db);

/// Binds `query` to parameter `index` (1-based) of a prepared statement (a `sqlite3_stmt *`).
/// `query` must outlive the statement's steps.
int rft_bind_query(void *statement, int index, const rft_query *query);

/// Splits `text` into the terms the FTS5 tokenizer `name` with `arguments` indexes (for
/// example "porter" with {"unicode61", "remove_diacritics", "2"}), calling `on_token` for
/// each with the byte offset in `text` where the token's text starts. Returns an SQLite result code.
int rft_tokenize(
    void *db, const char *name, const char *const *arguments, int argument_count, const char *text, int text_length,
    void *context, void (*on_token)(void *context, const char *token, int length, int start));

#endif
