// sf_rank: see sqlite_search_rank.h for what it computes and why it differs from bm25().
// Written against SQLite's FTS5 extension API (sqlite.org/fts5.html §7, "Extending FTS5").
#include "metadata/sqlite_search_rank.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace streamforge::metadata {
namespace {

constexpr double kTermSaturation = 1.2;  // BM25's k1: a second hit of a word in a field adds less
constexpr double kMinIdf = 1e-6;         // bm25()'s floor for words in more than half the videos

// Per-query state, kept by FTS5 between rows (xSetAuxdata): one weight per phrase.
struct RankQueryState {
  std::vector<double> idf;
};

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* user_data) {
  ++*static_cast<sqlite3_int64*>(user_data);
  return SQLITE_OK;
}

void delete_query_state(void* p) { delete static_cast<RankQueryState*>(p); }

// Computes the phrases' weights once per query. Returns nullptr (an error set on ctx) on failure.
RankQueryState* query_state(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx,
                            int prefix_phrase) {
  if (auto* s = static_cast<RankQueryState*>(api->xGetAuxdata(fts, 0))) return s;
  auto state = std::make_unique<RankQueryState>();
  sqlite3_int64 rows = 0;
  int rc = api->xRowCount(fts, &rows);
  int phrases = api->xPhraseCount(fts);
  state->idf.assign(static_cast<size_t>(std::max(phrases, 0)), 0.0);
  double rarest_word = 0;
  for (int p = 0; rc == SQLITE_OK && p < phrases; ++p) {
    if (p == prefix_phrase) continue;
    sqlite3_int64 with_word = 0;
    rc = api->xQueryPhrase(fts, p, &with_word, count_row);
    double n = static_cast<double>(with_word);
    double idf = std::max(kMinIdf, std::log((static_cast<double>(rows) - n + 0.5) / (n + 0.5)));
    state->idf[static_cast<size_t>(p)] = idf;
    rarest_word = std::max(rarest_word, idf);
  }
  if (prefix_phrase >= 0 && prefix_phrase < phrases) {
    state->idf[static_cast<size_t>(prefix_phrase)] = rarest_word > 0 ? rarest_word / 2 : 1.0;
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return nullptr;
  }
  RankQueryState* raw = state.release();
  rc = api->xSetAuxdata(fts, raw, delete_query_state);  // frees raw itself on failure
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return nullptr;
  }
  return raw;
}

void sf_rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  int columns = api->xColumnCount(fts);
  if (argc != columns + 1) {
    std::string msg = "sf_rank takes one weight per column and the prefix phrase index";
    sqlite3_result_error(ctx, msg.c_str(), static_cast<int>(msg.size()));
    return;
  }
  int prefix_phrase = sqlite3_value_int(argv[columns]);
  RankQueryState* state = query_state(api, fts, ctx, prefix_phrase);
  if (!state) return;

  // Hits of each phrase in each column of this row, from its position lists.
  int instances = 0;
  int rc = api->xInstCount(fts, &instances);
  size_t phrases = state->idf.size();
  std::vector<int> hits(phrases * static_cast<size_t>(columns), 0);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && phrase >= 0 && static_cast<size_t>(phrase) < phrases && column >= 0 && column < columns) {
      ++hits[static_cast<size_t>(phrase) * static_cast<size_t>(columns) + static_cast<size_t>(column)];
    }
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double score = 0;
  for (size_t p = 0; p < phrases; ++p) {
    for (int c = 0; c < columns; ++c) {
      double tf = hits[p * static_cast<size_t>(columns) + static_cast<size_t>(c)];
      if (tf == 0) continue;
      double weight = sqlite3_value_double(argv[c]);
      score += state->idf[p] * weight * tf * (kTermSaturation + 1) / (tf + kTermSaturation);
    }
  }
  sqlite3_result_double(ctx, score);
}

// The documented way to reach the FTS5 API of a connection: "SELECT fts5(?1)" with a pointer
// bound under the type "fts5_api_ptr" (sqlite.org/fts5.html §7.1).
fts5_api* fts5_api_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

Status register_search_rank(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (!api || api->iVersion < 2) return UnavailableError("this SQLite library has no FTS5 (needed for search)");
  int rc = api->xCreateFunction(api, "sf_rank", nullptr, sf_rank, nullptr);
  if (rc != SQLITE_OK) return InternalError(std::string("registering sf_rank: ") + sqlite3_errstr(rc));
  return OkStatus();
}

}  // namespace streamforge::metadata
