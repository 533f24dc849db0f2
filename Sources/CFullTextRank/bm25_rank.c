// ragflow_bm25: FTS5's bm25() with the two costly reads replaced by statistics the store keeps.
// bm25() learns each phrase's IDF by walking every row that holds the phrase, once per query,
// and reads each scored row's token count from the index's docsize table, one statement step
// per row; at 100,000 chunks those two reads are most of a question's cost. Here the rows per
// phrase and the tokens per row come from the caller (rft_query); the arithmetic is bm25()'s,
// in the same order, so the scores are the same numbers.
#include "CFullTextRank.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

static const char *const query_pointer_type = "ragflow_bm25_query";

/// Per-statement values computed at the first row: IDF per phrase and the average row size.
typedef struct bm25_data {
    int phrase_count;
    double average_length;
    double *idf;
    double *frequency;
} bm25_data;

static int bm25_data_for(const Fts5ExtensionApi *api, Fts5Context *fts, const rft_query *query, bm25_data **out) {
    bm25_data *data = api->xGetAuxdata(fts, 0);
    if (data) {
        *out = data;
        return SQLITE_OK;
    }
    const int phrases = api->xPhraseCount(fts);
    if (phrases != query->phrase_count) return SQLITE_MISMATCH;
    data = sqlite3_malloc64(sizeof(bm25_data) + 2 * sizeof(double) * (sqlite3_uint64)(phrases > 0 ? phrases : 1));
    if (!data) return SQLITE_NOMEM;
    data->phrase_count = phrases;
    data->idf = (double *)&data[1];
    data->frequency = data->idf + phrases;
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rc != SQLITE_OK) {
        sqlite3_free(data);
        return rc;
    }
    data->average_length = (double)tokens / (double)rows;
    for (int i = 0; i < phrases; i++) {
        const sqlite3_int64 hits = query->phrase_rows[i];
        double idf = log((rows - hits + 0.5) / (hits + 0.5));
        if (idf <= 0.0) idf = 1e-6;
        data->idf[i] = idf;
    }
    rc = api->xSetAuxdata(fts, data, sqlite3_free);
    if (rc != SQLITE_OK) return rc;
    *out = data;
    return SQLITE_OK;
}

/// The row's token count from the caller's blocks, or from the index when a block is missing
/// (statistics older than the row cannot happen while the caller checks their generation, but
/// the index is the truth).
static int row_length(const Fts5ExtensionApi *api, Fts5Context *fts, const rft_query *query, double *length) {
    const sqlite3_int64 rowid = api->xRowid(fts);
    const sqlite3_int64 block = rowid >> RFT_BLOCK_SHIFT;
    if (rowid >= 0 && block < query->block_count && query->length_blocks[block]) {
        const uint32_t tokens = query->length_blocks[block][rowid & ((1 << RFT_BLOCK_SHIFT) - 1)];
        if (tokens > 0) {
            *length = (double)tokens;
            return SQLITE_OK;
        }
    }
    int tokens = 0;
    const int rc = api->xColumnSize(fts, -1, &tokens);
    *length = (double)tokens;
    return rc;
}

static void ragflow_bm25(
    const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *result, int argc, sqlite3_value **argv) {
    const double k1 = 1.2, b = 0.75;
    const rft_query *query = argc >= 1 ? sqlite3_value_pointer(argv[0], query_pointer_type) : NULL;
    if (!query) {
        sqlite3_result_error(result, "ragflow_bm25: no query statistics bound", -1);
        return;
    }
    bm25_data *data = NULL;
    int rc = bm25_data_for(api, fts, query, &data);
    if (rc == SQLITE_MISMATCH) {
        sqlite3_result_error(result, "ragflow_bm25: the statistics do not fit the expression's phrases", -1);
        return;
    }
    double length = 0;
    if (rc == SQLITE_OK) rc = row_length(api, fts, query, &length);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(result, rc);
        return;
    }
    // A phrase's instances in this row, over every column (bm25()'s weights are all 1).
    for (int i = 0; i < data->phrase_count; i++) {
        Fts5PhraseIter iterator;
        int column = 0, offset = 0, count = 0;
        for (api->xPhraseFirst(fts, i, &iterator, &column, &offset); column >= 0;
             api->xPhraseNext(fts, &iterator, &column, &offset)) {
            count++;
        }
        data->frequency[i] = count;
    }
    double score = 0.0;
    for (int i = 0; i < data->phrase_count; i++) {
        const double f = data->frequency[i];
        score += data->idf[i] * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * length / data->average_length)));
    }
    sqlite3_result_double(result, -1.0 * score);
}

static fts5_api *fts5_api_of(sqlite3 *db) {
    fts5_api *api = NULL;
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    return api;
}

int rft_register(void *db) {
    fts5_api *api = fts5_api_of(db);
    if (!api) return SQLITE_ERROR;
    return api->xCreateFunction(api, "ragflow_bm25", NULL, ragflow_bm25, NULL);
}

int rft_bind_query(void *statement, int index, const rft_query *query) {
    return sqlite3_bind_pointer(statement, index, (void *)query, query_pointer_type, NULL);
}

typedef struct token_sink {
    void *context;
    void (*on_token)(void *context, const char *token, int length, int start);
} token_sink;

static int collect_token(void *context, int flags, const char *token, int length, int start, int end) {
    (void)flags, (void)end;
    const token_sink *sink = context;
    sink->on_token(sink->context, token, length, start);
    return SQLITE_OK;
}

int rft_tokenize(
    void *db, const char *name, const char *const *arguments, int argument_count, const char *text, int text_length,
    void *context, void (*on_token)(void *context, const char *token, int length, int start)) {
    fts5_api *api = fts5_api_of(db);
    if (!api) return SQLITE_ERROR;
    void *user = NULL;
    fts5_tokenizer tokenizer;
    memset(&tokenizer, 0, sizeof tokenizer);
    int rc = api->xFindTokenizer(api, name, &user, &tokenizer);
    if (rc != SQLITE_OK) return rc;
    Fts5Tokenizer *instance = NULL;
    rc = tokenizer.xCreate(user, (const char **)arguments, argument_count, &instance);
    if (rc != SQLITE_OK) return rc;
    token_sink sink = {context, on_token};
    rc = tokenizer.xTokenize(instance, &sink, FTS5_TOKENIZE_QUERY, text, text_length, collect_token);
    tokenizer.xDelete(instance);
    return rc;
}
