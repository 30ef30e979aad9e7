// `sf_rank`, the FTS5 ranking function the SQLite metadata store orders search results by.
//
//   sf_rank(videos_fts, w_title, w_tags, w_description, prefix_phrase)
//
// is BM25 (Robertson & Zaragoza) with two changes that keep its cost per matching video small
// when a short search-as-you-type prefix matches thousands of videos:
//  - no length normalisation (b = 0): FTS5's bm25() looks up each candidate's field lengths in
//    the docsize table, a B-tree seek per candidate; titles and tags are short, so length says
//    little here;
//  - the phrase at index `prefix_phrase` (the word being typed, matched as a prefix) gets no
//    document-frequency lookup: counting a 3-letter prefix's documents means walking tens of
//    thousands of postings before the first result. It weighs half as much as the rarest whole
//    word of the query (or 1 when it is the only word). -1: no prefix phrase.
// Whole words get the usual idf = ln((N - n + 0.5) / (n + 0.5)), floored at 1e-6, computed once
// per query. The score is positive and larger is better (unlike bm25(), which is negated).
#pragma once

#include "streamforge/core/status.h"

struct sqlite3;

namespace streamforge::metadata {

// Registers sf_rank on `db` (once per connection, before any search).
Status register_search_rank(sqlite3* db);

}  // namespace streamforge::metadata
