// The PostgreSQL backend of Store (libpq), selected by Store::Open for
// "postgresql://user@host:port/dbname", "postgres://..." or a libpq keyword
// string ("host=/run/postgresql dbname=dyad").
//
// Same contract as the SQLite store (include/dyad/store.h): the same rows,
// the same query results, idempotent writes. What differs, and why:
// - Writes take transaction-scoped advisory locks on the batch's document ids
//   and content hashes, so many processes (dyad cluster workers) can write at
//   once and the same content is still stored once; documents are staged with
//   COPY and inserted with INSERT ... ON CONFLICT (id) DO NOTHING; sentences,
//   mentions, events and unknown names are written with COPY.
// - Full-text search is a tsvector over the title and the first 100,000
//   characters of the text ('simple' configuration: lower-cased words, no
//   stemming, as FTS5's default tokenizer) with a GIN index; `text` filters
//   take the same FTS5 syntax as on SQLite, translated to a tsquery.
// - Every text column is COLLATE "C", so ordering and code-prefix ranges are
//   byte-wise as in SQLite whatever the database's locale.
// - NUL bytes (which PostgreSQL text cannot hold) are stored as spaces, which
//   keeps every byte offset; invalid UTF-8 is repaired before it is sent.
// The write path uses no session state across transactions (no prepared
// statements, temporary tables live for one transaction), so it works behind
// pgbouncer in transaction pooling mode.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/store.h"

namespace dyad {

// True when `location` names a PostgreSQL database rather than a SQLite file.
bool IsPostgresLocation(std::string_view location);

// `location` with any password replaced by "***" (for messages).
std::string RedactConninfo(std::string_view location);

// An FTS5 query (the SQLite store's `text` syntax: words, "phrases", word*,
// AND / OR / NOT, parentheses) as a to_tsquery expression; InvalidArgument
// ("bad full-text query: ...") for what FTS5 would refuse too.
Result<std::string> Fts5ToTsquery(std::string_view query);

// What the store holds for one (id, content hash), as PutDocuments would see it.
enum class KeyState { kNew, kUnchanged, kChanged, kDuplicate };

// Counts of one finished `dyad cluster` task, kept in the task ledger.
struct TaskRecord {
  int64_t documents = 0;
  int64_t written = 0;
  int64_t unchanged = 0;
  int64_t duplicates = 0;
  int64_t errors = 0;
  int64_t events = 0;
};

// Store::Open's PostgreSQL branch.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& location, const StoreOptions& options);

class PostgresStore : public Store {
 public:
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& location, const StoreOptions& options = {});

  // The state of each (ids[i], hashes[i]) in one round trip, so a retried
  // cluster task skips the pipeline for what an earlier attempt committed.
  virtual Result<std::vector<KeyState>> LookupKeys(const std::vector<std::string>& ids,
                                                   const std::vector<std::string>& hashes) = 0;

  // The task ledger (schema version 2): a cluster run records each finished
  // task so a re-run skips it without reading its input again.
  virtual Result<bool> TaskDone(const std::string& key, TaskRecord* record = nullptr) = 0;
  virtual Status RecordTask(const std::string& key, const TaskRecord& record) = 0;
};

}  // namespace dyad
