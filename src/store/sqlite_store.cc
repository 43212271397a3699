// The SQLite backend of Store.
//
// SQL here is written to be portable (bound parameters, ON CONFLICT, standard
// aggregates, no date functions: periods are computed in C++). What is
// SQLite-only is marked "SQLite:" — the pragmas, the FTS5 table and its
// triggers, byte-wise substr over CAST(... AS BLOB), group_concat — so a
// PostgreSQL backend knows what to translate (tsvector, substring on bytea,
// string_agg).
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <unordered_map>
#include <variant>

#include "dyad/store.h"
#include "pgstore/postgres_store.h"

namespace dyad {

namespace {

// Strings are bound without a copy (SQLITE_STATIC): the arguments outlive the
// statement's step, and Stmt clears the bindings when it is done. string_view
// lets the writer bind a document's texts without copying them first.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string, std::string_view>;
std::string_view SV(const std::string& s) { return s; }

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Ordered schema migrations. Never edit an applied step; add a new one.
const Migration kMigrations[] = {
    {1, "documents, sentences, mentions, events, unknown actors, full-text index", R"SQL(
CREATE TABLE documents (
  num INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  site TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  genre TEXT NOT NULL DEFAULT '',
  published TEXT,
  language TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT '',
  num_events INTEGER NOT NULL DEFAULT 0,
  ingested_at TEXT NOT NULL,
  -- Large columns last: reading metadata or text never walks raw's overflow pages.
  text TEXT NOT NULL,
  raw TEXT NOT NULL
);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE INDEX documents_site ON documents(site);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE sentences (
  doc_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;  -- SQLite: one b-tree lookup per sentence (PostgreSQL: drop the clause)

CREATE TABLE mentions (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  sentence INTEGER NOT NULL,
  kind TEXT NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  code TEXT NOT NULL,
  country TEXT NOT NULL,
  sector TEXT NOT NULL,
  entry TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  sentence INTEGER NOT NULL,
  date TEXT,
  date_rule TEXT NOT NULL,
  source_code TEXT NOT NULL,
  source_root TEXT NOT NULL,
  source_country TEXT NOT NULL,
  source_sector TEXT NOT NULL,
  source_text TEXT NOT NULL,
  source_begin INTEGER NOT NULL,
  source_end INTEGER NOT NULL,
  source_entry TEXT NOT NULL,
  target_code TEXT NOT NULL,
  target_root TEXT NOT NULL,
  target_country TEXT NOT NULL,
  target_sector TEXT NOT NULL,
  target_text TEXT NOT NULL,
  target_begin INTEGER NOT NULL,
  target_end INTEGER NOT NULL,
  target_entry TEXT NOT NULL,
  cameo TEXT NOT NULL,
  cameo_root TEXT NOT NULL,
  plover TEXT NOT NULL,
  plover_mode TEXT NOT NULL,
  quad_class INTEGER NOT NULL,
  goldstein REAL NOT NULL,
  polarity TEXT NOT NULL,
  modality TEXT NOT NULL,
  modality_cue TEXT NOT NULL,
  asserted INTEGER NOT NULL,
  trigger_begin INTEGER NOT NULL,
  trigger_end INTEGER NOT NULL,
  pattern_id TEXT NOT NULL,
  pattern_text TEXT NOT NULL,
  confidence REAL NOT NULL,
  UNIQUE (doc_id, seq)
);
-- Covering indexes for actor/dyad queries with date ranges, code filters and timelines.
CREATE INDEX events_dyad ON events(source_root, target_root, date, asserted, goldstein, cameo);
CREATE INDEX events_target ON events(target_root, date, asserted, goldstein, cameo);
CREATE INDEX events_date ON events(date, asserted);
CREATE INDEX events_cameo ON events(cameo, date);

CREATE TABLE unknown_actors (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  name TEXT NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end INTEGER NOT NULL
);
CREATE INDEX unknown_actors_doc ON unknown_actors(doc_id);

-- GDELT-like merged events: one row per (date, source, target, CAMEO code).
CREATE VIEW event_groups AS
  SELECT date, source_code, target_code, cameo, min(id) AS first_id,
         count(*) AS num_mentions, count(DISTINCT doc_id) AS num_sources, avg(goldstein) AS goldstein
  FROM events WHERE asserted = 1
  GROUP BY date, source_code, target_code, cameo;

-- SQLite: FTS5 external-content index over titles and texts, kept in step by triggers.
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='num');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, title, text) VALUES (new.num, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.num, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.num, old.title, old.text);
  INSERT INTO documents_fts(rowid, title, text) VALUES (new.num, new.title, new.text);
END;
)SQL"},
    {2, "summary tables for the dashboard's aggregations; wider covering indexes", R"SQL(
-- Asserted events counted per day and type, and per month and directed pair of
-- actor roots, kept in step by triggers (events are only ever inserted and
-- deleted). Whole-store timelines, networks and maps read these instead of
-- every event row. Goldstein sums are kept in tenths as integers, so adding
-- and removing rows never drifts.
CREATE TABLE rollup_day (
  day TEXT NOT NULL,          -- '' for events without a date
  quad_class INTEGER NOT NULL,
  cameo_root TEXT NOT NULL,
  plover TEXT NOT NULL,
  n INTEGER NOT NULL,
  g10 INTEGER NOT NULL,
  PRIMARY KEY (day, quad_class, cameo_root, plover)
) WITHOUT ROWID;
CREATE TABLE rollup_month_dyad (
  month TEXT NOT NULL,        -- 'YYYY-MM'; '' for events without a date
  source_root TEXT NOT NULL,
  target_root TEXT NOT NULL,
  quad_class INTEGER NOT NULL,
  n INTEGER NOT NULL,
  g10 INTEGER NOT NULL,
  PRIMARY KEY (source_root, target_root, month, quad_class)  -- grouped by pair without a sort
) WITHOUT ROWID;
INSERT INTO rollup_day
  SELECT coalesce(date, ''), quad_class, cameo_root, plover, count(*), sum(CAST(round(goldstein * 10) AS INTEGER))
  FROM events WHERE asserted = 1 GROUP BY 1, 2, 3, 4;
INSERT INTO rollup_month_dyad
  SELECT coalesce(substr(date, 1, 7), ''), source_root, target_root, quad_class, count(*),
         sum(CAST(round(goldstein * 10) AS INTEGER))
  FROM events WHERE asserted = 1 GROUP BY 1, 2, 3, 4;
-- SQLite: trigger and UPSERT syntax (PostgreSQL: plpgsql triggers, the same ON CONFLICT).
CREATE TRIGGER events_rollup_insert AFTER INSERT ON events WHEN new.asserted = 1 BEGIN
  INSERT INTO rollup_day (day, quad_class, cameo_root, plover, n, g10)
    VALUES (coalesce(new.date, ''), new.quad_class, new.cameo_root, new.plover, 1,
            CAST(round(new.goldstein * 10) AS INTEGER))
    ON CONFLICT (day, quad_class, cameo_root, plover) DO UPDATE SET n = n + 1, g10 = g10 + excluded.g10;
  INSERT INTO rollup_month_dyad (month, source_root, target_root, quad_class, n, g10)
    VALUES (coalesce(substr(new.date, 1, 7), ''), new.source_root, new.target_root, new.quad_class, 1,
            CAST(round(new.goldstein * 10) AS INTEGER))
    ON CONFLICT (source_root, target_root, month, quad_class) DO UPDATE SET n = n + 1, g10 = g10 + excluded.g10;
END;
CREATE TRIGGER events_rollup_delete AFTER DELETE ON events WHEN old.asserted = 1 BEGIN
  UPDATE rollup_day SET n = n - 1, g10 = g10 - CAST(round(old.goldstein * 10) AS INTEGER)
    WHERE day = coalesce(old.date, '') AND quad_class = old.quad_class AND cameo_root = old.cameo_root
      AND plover = old.plover;
  DELETE FROM rollup_day WHERE day = coalesce(old.date, '') AND quad_class = old.quad_class
    AND cameo_root = old.cameo_root AND plover = old.plover AND n <= 0;
  UPDATE rollup_month_dyad SET n = n - 1, g10 = g10 - CAST(round(old.goldstein * 10) AS INTEGER)
    WHERE month = coalesce(substr(old.date, 1, 7), '') AND source_root = old.source_root
      AND target_root = old.target_root AND quad_class = old.quad_class;
  DELETE FROM rollup_month_dyad WHERE month = coalesce(substr(old.date, 1, 7), '')
    AND source_root = old.source_root AND target_root = old.target_root AND quad_class = old.quad_class AND n <= 0;
END;
-- Aggregations filtered by actor or date read only these indexes (quad class
-- and Goldstein value included), never the table rows.
DROP INDEX events_dyad;
DROP INDEX events_target;
DROP INDEX events_date;
CREATE INDEX events_dyad ON events(source_root, target_root, date, asserted, quad_class, goldstein, cameo);
CREATE INDEX events_target ON events(target_root, date, asserted, quad_class, goldstein, cameo, source_root);
CREATE INDEX events_date ON events(date, asserted, quad_class, source_root, target_root, goldstein, cameo);
)SQL"},
    {3, "statements (who said what) and their full-text index", R"SQL(
CREATE TABLE statements (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  date TEXT,
  speaker_code TEXT NOT NULL,
  speaker_root TEXT NOT NULL,     -- the code's first three letters; the country when there is no code
  speaker_country TEXT NOT NULL,
  kind TEXT NOT NULL,
  content TEXT NOT NULL,
  record TEXT NOT NULL,  -- the statement JSONL object (docs/formats.md)
  UNIQUE (doc_id, seq)
);
CREATE INDEX statements_speaker ON statements(speaker_root, date);
CREATE INDEX statements_country ON statements(speaker_country, date);
CREATE INDEX statements_date ON statements(date);

-- SQLite: FTS5 external-content index over what was said, kept in step by triggers.
CREATE VIRTUAL TABLE statements_fts USING fts5(content, content='statements', content_rowid='id');
CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
  INSERT INTO statements_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
  INSERT INTO statements_fts(statements_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
)SQL"},
};

constexpr int kLatestVersion = 3;

// Tables and views the code reads and writes, with the version that made
// them: a store whose schema_version claims more than its tables hold is
// refused before a statement fails half-way. (Add new ones here with their
// migration.)
struct SchemaObject {
  int version;
  const char* name;
};
const SchemaObject kSchemaObjects[] = {
    {1, "documents"}, {1, "sentences"},    {1, "mentions"},     {1, "events"},
    {1, "unknown_actors"}, {1, "event_groups"}, {1, "documents_fts"},
    {2, "rollup_day"}, {2, "rollup_month_dyad"},
    {3, "statements"}, {3, "statements_fts"},
};

// How the file is opened. kImmutable reads a store in a read-only directory,
// where SQLite cannot create the -shm index of the write-ahead log.
enum class OpenMode { kReadWrite, kReadOnly, kImmutable };

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Root(const std::string& code) { return code.substr(0, std::min<size_t>(3, code.size())); }

Polarity PolarityFrom(std::string_view s) { return s == "negated" ? Polarity::kNegated : Polarity::kAsserted; }
Modality ModalityFrom(std::string_view s) {
  if (s == "future") return Modality::kFuture;
  if (s == "hypothetical") return Modality::kHypothetical;
  if (s == "question") return Modality::kQuestion;
  if (s == "reported") return Modality::kReported;
  return Modality::kActual;
}
MentionKind KindFrom(std::string_view s) {
  if (s == "agent") return MentionKind::kAgent;
  if (s == "place") return MentionKind::kPlace;
  if (s == "time") return MentionKind::kTime;
  return MentionKind::kActor;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

// "2024-01-27" -> "2024-W04" (ISO 8601 week).
std::string IsoWeek(const std::string& day) {
  int y = std::stoi(day.substr(0, 4));
  unsigned m = std::stoul(day.substr(5, 2)), d = std::stoul(day.substr(8, 2));
  int64_t days = DaysFromCivil(y, m, d);
  int wd = static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;  // 1 = Monday (1970-01-01 was a Thursday)
  int64_t thursday = days - wd + 4;
  // The ISO year is the year of that Thursday.
  int iso_year = y;
  if (thursday < DaysFromCivil(y, 1, 1)) iso_year = y - 1;
  else if (thursday >= DaysFromCivil(y + 1, 1, 1)) iso_year = y + 1;
  int week = static_cast<int>((thursday - DaysFromCivil(iso_year, 1, 1)) / 7) + 1;
  return fmt::format("{:04d}-W{:02d}", iso_year, week);
}

class SqliteStore : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path, StoreOptions options, OpenMode mode)
      : db_(db), path_(std::move(path)), options_(options), mode_(mode) {
    if (mode_ != OpenMode::kReadWrite) options_.read_only = true;
  }
  ~SqliteStore() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Status Init();
  // The SQLite result code of the last failure (to tell a read-only file
  // from other failures when opening).
  int last_error() const { return last_rc_; }
  void set_read_only_reason(std::string reason) { read_only_reason_ = std::move(reason); }

  int SchemaVersion() override { return version_; }
  Result<std::vector<PutResult>> PutDocuments(const std::vector<const Document*>& docs, bool reanalyse) override;
  Status ForEachDocumentKey(const std::function<void(const std::string&, const std::string&)>& fn) override;
  Result<std::optional<StoredDocument>> GetDocument(const std::string& id, bool annotations) override;
  Status QueryEvents(const EventQuery& q, const std::function<bool(const StoredEvent&)>& fn) override;
  Status QueryGroupedEvents(const EventQuery& q, bool with_mentions,
                            const std::function<bool(const GroupedEvent&)>& fn) override;
  Result<int64_t> CountEvents(const EventQuery& q) override;
  Result<std::vector<TimelinePoint>> Timeline(const std::string& a, const std::string& b, Interval interval,
                                              const EventQuery& extra) override;
  Result<std::vector<PeriodCount>> CountByPeriod(const EventQuery& q, Interval interval) override;
  Result<std::vector<DyadCount>> CountByDyad(const EventQuery& q) override;
  Result<std::vector<CountRow>> CountByFacet(const EventQuery& q, Facet facet) override;
  Result<std::vector<CountRow>> Sites() override;
  Result<std::optional<StoredEvent>> GetEvent(int64_t id) override;
  Status QueryEventGroup(int64_t id, const std::function<bool(const StoredEvent&)>& fn) override;
  Result<StoreStats> Stats(size_t top_dyads) override;
  Result<std::vector<UnknownActor>> UnknownActors(size_t limit, int64_t min_count) override;
  Result<std::vector<std::string>> ExplainEventsQuery(const EventQuery& q) override;
  Status QueryStatements(const StatementQuery& q, const std::function<bool(const StatementRecord&)>& fn) override;

 private:
  // A prepared statement from the cache, reset and unbound on scope exit.
  class Stmt {
   public:
    explicit Stmt(sqlite3_stmt* s) : s_(s) {}
    Stmt(const Stmt&) = delete;
    ~Stmt() {
      if (s_) {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
      }
    }
    sqlite3_stmt* get() const { return s_; }
    int64_t Int(int i) const { return sqlite3_column_int64(s_, i); }
    double Real(int i) const { return sqlite3_column_double(s_, i); }
    bool Null(int i) const { return sqlite3_column_type(s_, i) == SQLITE_NULL; }
    std::string Text(int i) const {
      const void* p = sqlite3_column_blob(s_, i);
      int n = sqlite3_column_bytes(s_, i);
      return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
    }

   private:
    sqlite3_stmt* s_;
  };

  Status Error(int rc, std::string_view what) const;
  Status Exec(const char* sql, std::string_view what);
  Result<sqlite3_stmt*> Prepare(const std::string& sql, std::string_view what);
  Status Bind(sqlite3_stmt* s, const std::vector<Value>& args);
  // Runs a statement to completion, calling row(stmt) per row; row returns false to stop.
  Status Run(const std::string& sql, const std::vector<Value>& args, const std::function<bool(Stmt&)>& row,
             std::string_view what);
  Status Migrate();
  Status CheckIntegrity();
  Status CheckSchemaObjects();

  Status PutOne(const Document& doc, bool reanalyse, PutResult& out);
  Status InsertAnalysis(const Document& doc, size_t& events);
  Status DeleteAnalysis(const std::string& doc_id);

  void Where(const EventQuery& q, std::string& sql, std::vector<Value>& args) const;
  void ActorCondition(const char* column_prefix, const std::string& code, std::string& sql,
                      std::vector<Value>& args) const;
  static std::string EventColumns();
  static StoredEvent ReadEvent(Stmt& s);
  // Conditions on the actor filters of q (3-letter codes only) over two root columns.
  static void RootConditions(const EventQuery& q, const char* source_col, const char* target_col,
                             std::string& sql, std::vector<Value>& args);

  sqlite3* db_;
  std::string path_;
  StoreOptions options_;
  OpenMode mode_;
  std::string read_only_reason_;  // why a writer was opened read-only (fallback)
  mutable int last_rc_ = SQLITE_OK;
  int version_ = 0;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Why a write failed for lack of room, from errno, the process's file-size
// limit and the sizes of the store's files. The unix VFS reports a short
// write as SQLITE_FULL and a refused one (EFBIG under `ulimit -f`, SIGXFSZ
// ignored) as an I/O error whose errno may be gone by the time it surfaces.
std::string NoSpaceReason(const std::string& path, int primary, int sys_errno) {
  struct rlimit limit {};
  if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    bool at_limit = sys_errno == EFBIG;
    for (const char* suffix : {"", "-wal", "-journal"}) {
      std::error_code ec;
      auto size = std::filesystem::file_size(path + suffix, ec);
      // Within two WAL frames of the limit: the next frame could not fit.
      if (!ec && size + 2 * (65536 + 24) > limit.rlim_cur) at_limit = true;
    }
    if (at_limit)
      return fmt::format("the file-size limit was reached (ulimit -f: {} bytes)", uint64_t(limit.rlim_cur));
  }
  if (sys_errno == EFBIG) return "the file-size limit was reached (EFBIG)";
  if (sys_errno == EDQUOT) return "the disk quota is exhausted";
  if (sys_errno == ENOSPC || primary == SQLITE_FULL) return "disk full";
  return "";
}

Status SqliteStore::Error(int rc, std::string_view what) const {
  last_rc_ = rc;
  int primary = rc & 0xff;
  std::string msg = sqlite3_errmsg(db_) ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  std::string where = fmt::format("{}: {}", path_, what);
  if (primary == SQLITE_FULL || primary == SQLITE_IOERR) {
    int sys_errno = primary == SQLITE_IOERR ? sqlite3_system_errno(db_) : 0;
    if (sys_errno > 0) msg += fmt::format(": {}", std::strerror(sys_errno));
    std::string reason = NoSpaceReason(path_, primary, sys_errno);
    if (!reason.empty())
      return Status::ResourceExhausted(fmt::format(
          "{}: {} ({}); this transaction was rolled back, what was committed before is intact. Free space (or "
          "raise the limit) and run the same command again: it resumes where it stopped",
          where, reason, msg));
  }
  if (rc == SQLITE_READONLY_ROLLBACK || rc == SQLITE_READONLY_RECOVERY || rc == SQLITE_READONLY_CANTINIT)
    return Status::FailedPrecondition(fmt::format(
        "{}: an interrupted write left {} to be {} first, which a read-only connection cannot do; run a writing "
        "command (dyad ingest) on the store once, where it is writable",
        where, rc == SQLITE_READONLY_ROLLBACK ? path_ + "-journal" : path_ + "-wal",
        rc == SQLITE_READONLY_ROLLBACK ? "rolled back" : "recovered"));
  if (rc == SQLITE_READONLY_DIRECTORY)
    return Status::FailedPrecondition(fmt::format(
        "{}: the store's directory is not writable (SQLite keeps {}-wal and {}-shm beside the store). Reading "
        "commands (events, stats, actors, serve without a token) open it read-only; writing needs a writable "
        "directory",
        where, path_, path_));
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::IoError(fmt::format(
          "{}: the database is locked by another process (waited {} ms); try again when it has finished ({})", where,
          options_.busy_timeout_ms, msg));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::DataLoss(fmt::format(
          "{}: the file is corrupt or not a SQLite database ({}); nothing was written. Restore it from a backup or "
          "ingest into a new --db",
          where, msg));
    case SQLITE_READONLY:
      return Status::FailedPrecondition(fmt::format(
          "{}: the store is read-only ({}{}). Reading commands open it read-only; writing needs write access to the "
          "file and its directory",
          where, msg, read_only_reason_.empty() ? "" : "; " + read_only_reason_));
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_IOERR:
      return Status::IoError(fmt::format("{}: {}", where, msg));
    case SQLITE_ERROR:
      if (msg.find("fts5") != std::string::npos || msg.find("syntax error") != std::string::npos ||
          msg.find("no such column") != std::string::npos || msg.find("unterminated") != std::string::npos ||
          msg.find("special query") != std::string::npos ||  // FTS5: a query of '*' alone
          msg.find("expected integer") != std::string::npos)  // FTS5: NEAR(a b, x) with x not a number
        return Status::InvalidArgument(fmt::format("bad full-text query: {}", msg));
      return Status::Internal(fmt::format("{}: {}", where, msg));
    default:
      return Status::Internal(fmt::format("{}: {}", where, msg));
  }
}

Status SqliteStore::Exec(const char* sql, std::string_view what) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) return Error(rc, what);
  return Status::Ok();
}

Result<sqlite3_stmt*> SqliteStore::Prepare(const std::string& sql, std::string_view what) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) {
    if (s) sqlite3_finalize(s);
    return Error(rc, what);
  }
  if (cache_.size() > 200) {  // many distinct filter shapes: start over
    for (auto& [k, v] : cache_) sqlite3_finalize(v);
    cache_.clear();
  }
  cache_.emplace(sql, s);
  return s;
}

Status SqliteStore::Bind(sqlite3_stmt* s, const std::vector<Value>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    int idx = static_cast<int>(i + 1), rc = SQLITE_OK;
    const Value& v = args[i];
    if (std::holds_alternative<std::nullptr_t>(v)) rc = sqlite3_bind_null(s, idx);
    else if (auto* n = std::get_if<int64_t>(&v)) rc = sqlite3_bind_int64(s, idx, *n);
    else if (auto* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(s, idx, *d);
    else {
      std::string_view str = std::holds_alternative<std::string>(v) ? std::string_view(std::get<std::string>(v))
                                                                    : std::get<std::string_view>(v);
      rc = sqlite3_bind_text(s, idx, str.data(), static_cast<int>(str.size()), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) return Error(rc, "bind");
  }
  return Status::Ok();
}

Status SqliteStore::Run(const std::string& sql, const std::vector<Value>& args,
                        const std::function<bool(Stmt&)>& row, std::string_view what) {
  auto prepared = Prepare(sql, what);
  if (!prepared.ok()) return prepared.status();
  Stmt stmt(*prepared);
  DYAD_RETURN_IF_ERROR(Bind(stmt.get(), args));
  for (;;) {
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return Error(rc, what);
    if (row && !row(stmt)) return Status::Ok();
  }
}

Status SqliteStore::Init() {
  sqlite3_busy_timeout(db_, options_.busy_timeout_ms);
  sqlite3_extended_result_codes(db_, 1);
  if (mode_ == OpenMode::kReadWrite) {
    // Until the file has passed its check, closing must not fold a write-ahead
    // log into it: a refused store keeps its bytes.
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    // SQLite opens a write-protected file read-only without a word.
    if (sqlite3_db_readonly(db_, "main") == 1) {
      last_rc_ = SQLITE_READONLY;
      return Status::FailedPrecondition(fmt::format(
          "{}: the store file is not writable. Reading commands open it read-only; writing needs write access "
          "to the file and its directory",
          path_));
    }
  }
  // Is this a database at all? (A non-SQLite file fails here with NOTADB.)
  int64_t objects = 0;
  bool has_version_table = false;
  DYAD_RETURN_IF_ERROR(Run("SELECT name FROM sqlite_master", {},
                           [&](Stmt& s) {
                             ++objects;
                             if (s.Text(0) == "schema_version") has_version_table = true;
                             return true;
                           },
                           "reading the schema"));
  if (objects > 0 && !has_version_table)
    return Status::FailedPrecondition(path_ + ": not a dyad store (it has tables but no schema_version); use another --db path");
  // Connection settings only: none of them writes to the file.
  DYAD_RETURN_IF_ERROR(Exec("PRAGMA cache_size=-65536", "setting cache size"));
  DYAD_RETURN_IF_ERROR(Exec("PRAGMA temp_store=MEMORY", "setting temp store"));
  DYAD_RETURN_IF_ERROR(Exec("PRAGMA mmap_size=268435456", "setting mmap"));
  if (mode_ == OpenMode::kReadWrite) {
    DYAD_RETURN_IF_ERROR(CheckIntegrity());
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    // SQLite: write-ahead log (readers never block the writer); NORMAL sync is
    // durable against a killed process (not against power loss).
    DYAD_RETURN_IF_ERROR(Exec("PRAGMA journal_mode=WAL", "setting WAL mode"));
    DYAD_RETURN_IF_ERROR(Exec("PRAGMA synchronous=NORMAL", "setting synchronous"));
    // Fewer, larger checkpoints while ingesting (pages are copied once per checkpoint).
    DYAD_RETURN_IF_ERROR(Exec("PRAGMA wal_autocheckpoint=8192", "setting the checkpoint interval"));
  }
  DYAD_RETURN_IF_ERROR(Migrate());
  return CheckSchemaObjects();
}

// SQLite: quick_check walks every b-tree page (cell layout, key order, overflow
// chains, page accounting, the free list) through the write-ahead log, so a
// corrupt frame in -wal is caught too. integrity_check adds index-vs-table
// content. Neither reads a page more than once; both are linear in the file.
Status SqliteStore::CheckIntegrity() {
  if (options_.check == StoreOptions::Check::kNone) return Status::Ok();
  const bool full = options_.check == StoreOptions::Check::kFull;
  std::vector<std::string> problems;
  // The check reads every page once: mapped, it costs no read() per page
  // (a fifth of its time on a 1 GB store).
  DYAD_RETURN_IF_ERROR(Exec("PRAGMA mmap_size=2147418112", "setting mmap"));
  Status checked = Run(full ? "PRAGMA integrity_check(10)" : "PRAGMA quick_check(10)", {},
                       [&](Stmt& s) {
                         problems.push_back(s.Text(0));
                         return true;
                       },
                       full ? "checking integrity" : "checking integrity (quick_check)");
  DYAD_RETURN_IF_ERROR(Exec("PRAGMA mmap_size=268435456", "setting mmap"));
  DYAD_RETURN_IF_ERROR(checked);
  if (problems.size() == 1 && problems[0] == "ok") return Status::Ok();
  std::string detail;
  for (size_t i = 0; i < problems.size() && i < 3; ++i) {
    std::string p = problems[i];
    std::replace(p.begin(), p.end(), '\n', ' ');
    detail += (i ? "; " : "") + p;
  }
  last_rc_ = SQLITE_CORRUPT;
  return Status::DataLoss(fmt::format(
      "{}: the store is damaged ({} found: {}{}); nothing was written. Restore it from a backup, or recover what "
      "is readable with `sqlite3 {} .recover`, or ingest into a new --db",
      path_, full ? "integrity_check" : "quick_check", detail, problems.size() > 3 ? "; ..." : "", path_));
}

Status SqliteStore::CheckSchemaObjects() {
  std::vector<std::string> present;
  DYAD_RETURN_IF_ERROR(Run("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')", {},
                           [&](Stmt& s) {
                             present.push_back(s.Text(0));
                             return true;
                           },
                           "reading the schema"));
  for (const SchemaObject& o : kSchemaObjects) {
    if (o.version > version_) continue;
    if (std::find(present.begin(), present.end(), o.name) == present.end())
      return Status::DataLoss(fmt::format(
          "{}: the store claims schema version {} but has no '{}'; it is damaged or not a dyad store, and "
          "nothing was written. Restore it from a backup or use another --db",
          path_, version_, o.name));
  }
  return Status::Ok();
}

Status SqliteStore::Migrate() {
  auto read_version = [&]() -> Result<int> {
    int v = 0;
    bool exists = false;
    DYAD_RETURN_IF_ERROR(Run("SELECT count(*) FROM sqlite_master WHERE name = 'schema_version'", {},
                             [&](Stmt& s) {
                               exists = s.Int(0) > 0;
                               return false;
                             },
                             "reading the schema version"));
    if (!exists) return 0;
    DYAD_RETURN_IF_ERROR(Run("SELECT coalesce(max(version), 0) FROM schema_version", {},
                             [&](Stmt& s) {
                               v = static_cast<int>(s.Int(0));
                               return false;
                             },
                             "reading the schema version"));
    return v;
  };
  auto v = read_version();
  if (!v.ok()) return v.status();
  version_ = *v;
  if (version_ > kLatestVersion)
    return Status::FailedPrecondition(fmt::format(
        "{}: the store has schema version {}, newer than this dyad knows ({}); use a newer dyad", path_, version_,
        kLatestVersion));
  if (version_ == kLatestVersion) return Status::Ok();
  if (options_.read_only)
    return Status::FailedPrecondition(fmt::format(
        "{}: schema version {} needs migrating to {}; open it once without read-only (e.g. dyad ingest)", path_,
        version_, kLatestVersion));
  for (const Migration& m : kMigrations) {
    if (m.version <= version_) continue;
    DYAD_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "starting a migration"));
    // Another process may have migrated meanwhile.
    auto again = read_version();
    if (!again.ok() || *again >= m.version) {
      (void)Exec("ROLLBACK", "rollback");
      if (!again.ok()) return again.status();
      version_ = *again;
      continue;
    }
    Status s = Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT "
                    "NULL, applied_at TEXT NOT NULL)",
                    "creating schema_version");
    if (s.ok()) s = Exec(m.sql, fmt::format("migration {}", m.version));
    if (s.ok())
      s = Run("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
              {int64_t{m.version}, std::string(m.description), NowIso()}, nullptr, "recording the migration");
    if (s.ok()) s = Exec("COMMIT", "committing a migration");
    if (!s.ok()) {
      (void)Exec("ROLLBACK", "rollback");
      return s;
    }
    version_ = m.version;
  }
  return Status::Ok();
}

Status SqliteStore::DeleteAnalysis(const std::string& doc_id) {
  for (const char* table : {"sentences", "mentions", "events", "unknown_actors", "statements"}) {
    DYAD_RETURN_IF_ERROR(Run(fmt::format("DELETE FROM {} WHERE doc_id = ?", table), {doc_id}, nullptr,
                             "deleting old analysis"));
  }
  return Status::Ok();
}

Status SqliteStore::InsertAnalysis(const Document& doc, size_t& events) {
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const Sentence& s = doc.sentences[i];
    DYAD_RETURN_IF_ERROR(Run("INSERT INTO sentences (doc_id, idx, span_begin, span_end) VALUES (?, ?, ?, ?)",
                             {SV(doc.id), int64_t(i), int64_t(s.span.begin), int64_t(s.span.end)}, nullptr,
                             "writing sentences"));
  }
  for (const Mention& m : doc.mentions) {
    DYAD_RETURN_IF_ERROR(Run(
        "INSERT INTO mentions (doc_id, sentence, kind, span_begin, span_end, text, code, country, sector, entry, "
        "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {SV(doc.id), int64_t(m.sentence), ToString(m.kind), int64_t(m.span.begin), int64_t(m.span.end),
         doc.Text(m.span), SV(m.code), SV(m.country), SV(m.sector), SV(m.entry), SV(m.detail)},
        nullptr, "writing mentions"));
  }
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    Value date = e.date.empty() ? Value(nullptr) : Value(e.date);
    DYAD_RETURN_IF_ERROR(Run(
        "INSERT INTO events (doc_id, seq, sentence, date, date_rule, source_code, source_root, source_country, "
        "source_sector, source_text, source_begin, source_end, source_entry, target_code, target_root, "
        "target_country, target_sector, target_text, target_begin, target_end, target_entry, cameo, cameo_root, "
        "plover, plover_mode, quad_class, goldstein, polarity, modality, modality_cue, asserted, trigger_begin, "
        "trigger_end, pattern_id, pattern_text, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {SV(doc.id), int64_t(i), int64_t(e.sentence), date, SV(e.date_rule), SV(e.source.code), Root(e.source.code),
         SV(e.source.country), SV(e.source.sector), SV(e.source.text), int64_t(e.source.span.begin), int64_t(e.source.span.end),
         SV(e.source.entry), SV(e.target.code), Root(e.target.code), SV(e.target.country), SV(e.target.sector), SV(e.target.text),
         int64_t(e.target.span.begin), int64_t(e.target.span.end), SV(e.target.entry), SV(e.cameo),
         e.cameo.substr(0, std::min<size_t>(2, e.cameo.size())), SV(e.plover), SV(e.plover_mode), int64_t(e.quad_class),
         e.goldstein, ToString(e.polarity), ToString(e.modality), SV(e.modality_cue),
         int64_t(e.asserted_actual() ? 1 : 0), int64_t(e.trigger.begin), int64_t(e.trigger.end), SV(e.pattern_id),
         SV(e.pattern_text), e.confidence},
        nullptr, "writing events"));
  }
  events = doc.events.size();
  std::vector<StatementRecord> statements = StatementRecords(doc);
  for (size_t i = 0; i < statements.size(); ++i) {
    const StatementRecord& r = statements[i];
    DYAD_RETURN_IF_ERROR(Run(
        "INSERT INTO statements (doc_id, seq, date, speaker_code, speaker_root, speaker_country, kind, content, "
        "record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {SV(doc.id), int64_t(i), r.date.empty() ? Value(nullptr) : Value(SV(r.date)), SV(r.speaker_code),
         r.speaker_code.empty() ? Value(SV(r.speaker_country)) : Value(Root(r.speaker_code)), SV(r.speaker_country), ToString(r.kind), SV(r.content), StatementRecordJson(r)},
        nullptr, "writing statements"));
  }
  for (const auto& [name, span] : FindUnknownActorNames(doc)) {
    DYAD_RETURN_IF_ERROR(Run("INSERT INTO unknown_actors (doc_id, name, span_begin, span_end) VALUES (?, ?, ?, ?)",
                             {SV(doc.id), SV(name), int64_t(span.begin), int64_t(span.end)}, nullptr,
                             "writing unknown actors"));
  }
  return Status::Ok();
}

Status SqliteStore::PutOne(const Document& doc, bool reanalyse, PutResult& out) {
  if (doc.id.empty()) return Status::InvalidArgument("document without an id");
  std::string hash = ContentHash(doc.raw);
  bool exists = false;
  std::string stored_hash;
  DYAD_RETURN_IF_ERROR(Run("SELECT content_hash FROM documents WHERE id = ?", {doc.id},
                           [&](Stmt& s) {
                             exists = true;
                             stored_hash = s.Text(0);
                             return false;
                           },
                           "looking up a document"));
  Value published = doc.date.empty() ? Value(nullptr) : Value(doc.date);
  if (exists) {
    if (stored_hash == hash && !reanalyse) {
      out.outcome = PutOutcome::kUnchanged;
      return Status::Ok();
    }
    DYAD_RETURN_IF_ERROR(DeleteAnalysis(doc.id));
    DYAD_RETURN_IF_ERROR(Run(
        "UPDATE documents SET content_hash = ?, url = ?, site = ?, title = ?, author = ?, genre = ?, published = ?, "
        "language = ?, origin = ?, raw = ?, text = ?, num_events = ? WHERE id = ?",
        {SV(hash), SV(doc.url), SV(doc.site), SV(doc.title), SV(doc.author), SV(doc.genre), published, SV(doc.language), SV(doc.origin), SV(doc.raw),
         SV(doc.text), int64_t(doc.events.size()), SV(doc.id)},
        nullptr, "updating a document"));
    out.outcome = PutOutcome::kReplaced;
  } else {
    std::string other;
    DYAD_RETURN_IF_ERROR(Run("SELECT id FROM documents WHERE content_hash = ? LIMIT 1", {hash},
                             [&](Stmt& s) {
                               other = s.Text(0);
                               return false;
                             },
                             "looking up content"));
    if (!other.empty()) {
      out.outcome = PutOutcome::kDuplicate;
      out.duplicate_of = other;
      return Status::Ok();
    }
    DYAD_RETURN_IF_ERROR(Run(
        "INSERT INTO documents (id, content_hash, url, site, title, author, genre, published, language, origin, "
        "raw, text, num_events, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {SV(doc.id), SV(hash), SV(doc.url), SV(doc.site), SV(doc.title), SV(doc.author), SV(doc.genre), published, SV(doc.language), SV(doc.origin),
         SV(doc.raw), SV(doc.text), int64_t(doc.events.size()), NowIso()},
        nullptr, "inserting a document"));
    out.outcome = PutOutcome::kInserted;
  }
  return InsertAnalysis(doc, out.events);
}

Result<std::vector<PutResult>> SqliteStore::PutDocuments(const std::vector<const Document*>& docs, bool reanalyse) {
  if (options_.read_only)
    return Status::FailedPrecondition(
        read_only_reason_.empty()
            ? path_ + ": opened read-only"
            : fmt::format("{}: the store is read-only ({}); writing needs write access to the file and its directory",
                          path_, read_only_reason_));
  std::vector<PutResult> results(docs.size());
  DYAD_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "starting a transaction"));
  for (size_t i = 0; i < docs.size(); ++i) {
    Status s = PutOne(*docs[i], reanalyse, results[i]);
    if (!s.ok()) {
      (void)Exec("ROLLBACK", "rollback");
      return s.WithContext(docs[i]->id);
    }
  }
  Status s = Exec("COMMIT", "committing");
  if (!s.ok()) {
    (void)Exec("ROLLBACK", "rollback");
    return s;
  }
  return results;
}

Status SqliteStore::ForEachDocumentKey(const std::function<void(const std::string&, const std::string&)>& fn) {
  return Run("SELECT id, content_hash FROM documents ORDER BY num", {},
             [&](Stmt& s) {
               fn(s.Text(0), s.Text(1));
               return true;
             },
             "listing documents");
}

std::string SqliteStore::EventColumns() {
  // SQLite: substr over CAST(... AS BLOB) counts bytes, as spans do.
  return "e.id, e.doc_id, e.sentence, e.date, e.date_rule, e.source_code, e.source_country, e.source_sector, "
         "e.source_text, e.source_begin, e.source_end, e.source_entry, e.target_code, e.target_country, "
         "e.target_sector, e.target_text, e.target_begin, e.target_end, e.target_entry, e.cameo, e.plover, "
         "e.plover_mode, e.quad_class, e.goldstein, e.polarity, e.modality, e.modality_cue, e.trigger_begin, "
         "e.trigger_end, e.pattern_id, e.pattern_text, e.confidence, d.url, d.site, "
         "substr(CAST(d.text AS BLOB), s.span_begin + 1, s.span_end - s.span_begin), s.span_begin";
}

StoredEvent SqliteStore::ReadEvent(Stmt& s) {
  StoredEvent r;
  Event& e = r.event;
  r.id = s.Int(0);
  r.doc_id = s.Text(1);
  e.sentence = static_cast<uint32_t>(s.Int(2));
  e.date = s.Null(3) ? "" : s.Text(3);
  e.date_rule = s.Text(4);
  auto actor = [&](int c, EventActor& a) {
    a.code = s.Text(c);
    a.country = s.Text(c + 1);
    a.sector = s.Text(c + 2);
    a.text = s.Text(c + 3);
    a.span = Span{static_cast<uint32_t>(s.Int(c + 4)), static_cast<uint32_t>(s.Int(c + 5))};
    a.entry = s.Text(c + 6);
  };
  actor(5, e.source);
  actor(12, e.target);
  e.cameo = s.Text(19);
  e.plover = s.Text(20);
  e.plover_mode = s.Text(21);
  e.quad_class = static_cast<int>(s.Int(22));
  e.goldstein = s.Real(23);
  e.polarity = PolarityFrom(s.Text(24));
  e.modality = ModalityFrom(s.Text(25));
  e.modality_cue = s.Text(26);
  e.trigger = Span{static_cast<uint32_t>(s.Int(27)), static_cast<uint32_t>(s.Int(28))};
  e.pattern_id = s.Text(29);
  e.pattern_text = s.Text(30);
  e.confidence = s.Real(31);
  r.url = s.Text(32);
  r.site = s.Text(33);
  r.sentence_text = s.Text(34);
  // The trigger lies in its sentence: cut it from the sentence text.
  int64_t sentence_begin = s.Null(35) ? -1 : s.Int(35);
  if (sentence_begin >= 0 && e.trigger.begin >= sentence_begin && e.trigger.end >= e.trigger.begin &&
      e.trigger.end - sentence_begin <= static_cast<int64_t>(r.sentence_text.size()))
    r.trigger_text = r.sentence_text.substr(e.trigger.begin - sentence_begin, e.trigger.size());
  return r;
}

void SqliteStore::ActorCondition(const char* side, const std::string& code, std::string& sql,
                                 std::vector<Value>& args) const {
  if (code.size() == 3) {
    sql += fmt::format(" AND e.{}_root = ?", side);
    args.emplace_back(code);
  } else {
    // The root narrows the search to one index range; the code range refines it.
    sql += fmt::format(" AND e.{0}_root = ? AND e.{0}_code >= ? AND e.{0}_code < ?", side);
    args.emplace_back(code.substr(0, 3));
    args.emplace_back(code);
    args.emplace_back(code + "~");
  }
}

// Appends " AND ..." conditions for q. Only fixed SQL text is appended; every
// user value is a bound parameter.
void SqliteStore::Where(const EventQuery& q, std::string& sql, std::vector<Value>& args) const {
  if (!q.all && q.polarity.empty() && q.modality.empty()) sql += " AND e.asserted = 1";
  if (!q.polarity.empty()) {
    sql += " AND e.polarity = ?";
    args.emplace_back(q.polarity);
  }
  if (!q.modality.empty()) {
    sql += " AND e.modality = ?";
    args.emplace_back(q.modality);
  }
  if (!q.actor.empty()) {
    std::string as_source, as_target;
    std::vector<Value> source_args, target_args;
    ActorCondition("source", q.actor, as_source, source_args);
    ActorCondition("target", q.actor, as_target, target_args);
    sql += " AND ((" + as_source.substr(5) + ") OR (" + as_target.substr(5) + "))";
    args.insert(args.end(), source_args.begin(), source_args.end());
    args.insert(args.end(), target_args.begin(), target_args.end());
  }
  if (!q.source.empty()) ActorCondition("source", q.source, sql, args);
  if (!q.target.empty()) ActorCondition("target", q.target, sql, args);
  if (!q.dyad_a.empty()) {
    std::string ab, ba;
    std::vector<Value> ab_args, ba_args;
    ActorCondition("source", q.dyad_a, ab, ab_args);
    ActorCondition("target", q.dyad_b, ab, ab_args);
    ActorCondition("source", q.dyad_b, ba, ba_args);
    ActorCondition("target", q.dyad_a, ba, ba_args);
    // Drop the leading " AND " of each branch.
    sql += " AND ((" + ab.substr(5) + ") OR (" + ba.substr(5) + "))";
    args.insert(args.end(), ab_args.begin(), ab_args.end());
    args.insert(args.end(), ba_args.begin(), ba_args.end());
  }
  if (!q.code.empty()) {
    sql += " AND e.cameo >= ? AND e.cameo < ?";
    args.emplace_back(q.code);
    args.emplace_back(q.code + "~");
  }
  if (!q.plover.empty()) {
    sql += " AND e.plover = ?";
    args.emplace_back(q.plover);
  }
  if (q.quad) {
    sql += " AND e.quad_class = ?";
    args.emplace_back(int64_t(q.quad));
  }
  if (!q.from.empty()) {
    sql += " AND e.date >= ?";
    args.emplace_back(q.from);
  }
  if (!q.to.empty()) {
    sql += " AND e.date <= ?";
    args.emplace_back(q.to);
  }
  if (!q.doc_id.empty()) {
    sql += " AND e.doc_id = ?";
    args.emplace_back(q.doc_id);
  }
  if (!q.site.empty()) {
    sql += " AND e.doc_id IN (SELECT ds.id FROM documents ds WHERE ds.site = ?)";
    args.emplace_back(q.site);
  }
  if (!q.text.empty()) {
    // SQLite: FTS5 MATCH.
    sql += " AND e.doc_id IN (SELECT dt.id FROM documents dt WHERE dt.num IN "
           "(SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?))";
    args.emplace_back(q.text);
  }
}

Status SqliteStore::QueryEvents(const EventQuery& q, const std::function<bool(const StoredEvent&)>& fn) {
  std::string inner = "SELECT e.id FROM events e WHERE 1 = 1";
  std::vector<Value> args;
  Where(q, inner, args);
  const char* order = q.newest_first ? " ORDER BY e.date DESC, e.id DESC" : " ORDER BY e.date, e.id";
  inner += order;
  if (q.limit > 0 || q.offset > 0) {
    inner += " LIMIT ? OFFSET ?";
    args.emplace_back(q.limit > 0 ? q.limit : int64_t{-1});
    args.emplace_back(q.offset);
  }
  std::string sql = "SELECT " + EventColumns() + " FROM (" + inner +
                    ") page JOIN events e ON e.id = page.id JOIN documents d ON d.id = e.doc_id "
                    "LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence" + order;
  return Run(sql, args, [&](Stmt& s) { return fn(ReadEvent(s)); }, "querying events");
}

Status SqliteStore::QueryGroupedEvents(const EventQuery& q, bool with_mentions,
                                       const std::function<bool(const GroupedEvent&)>& fn) {
  // SQLite: group_concat (PostgreSQL: string_agg).
  std::string sql = std::string("SELECT min(e.id) AS first_id, count(*), count(DISTINCT e.doc_id)") +
                    (with_mentions ? ", group_concat(e.doc_id || ' ' || e.sentence, '\n')" : "") +
                    " FROM events e WHERE 1 = 1";
  std::vector<Value> args;
  Where(q, sql, args);
  sql += " GROUP BY e.date, e.source_code, e.target_code, e.cameo ORDER BY e.date, first_id";
  if (q.limit > 0 || q.offset > 0) {
    sql += " LIMIT ? OFFSET ?";
    args.emplace_back(q.limit > 0 ? q.limit : int64_t{-1});
    args.emplace_back(q.offset);
  }
  std::vector<GroupedEvent> groups;
  std::vector<int64_t> first_ids;
  DYAD_RETURN_IF_ERROR(Run(sql, args,
                           [&](Stmt& s) {
                             GroupedEvent g;
                             first_ids.push_back(s.Int(0));
                             g.num_mentions = s.Int(1);
                             g.num_sources = s.Int(2);
                             if (with_mentions) {
                               std::string all = s.Text(3);
                               size_t pos = 0;
                               while (pos < all.size()) {
                                 size_t nl = all.find('\n', pos);
                                 if (nl == std::string::npos) nl = all.size();
                                 std::string item = all.substr(pos, nl - pos);
                                 size_t sp = item.rfind(' ');
                                 if (sp != std::string::npos)
                                   g.mentions.emplace_back(item.substr(0, sp),
                                                           static_cast<uint32_t>(std::stoul(item.substr(sp + 1))));
                                 pos = nl + 1;
                               }
                               std::sort(g.mentions.begin(), g.mentions.end());
                             }
                             groups.push_back(std::move(g));
                             return true;
                           },
                           "grouping events"));
  std::string one = "SELECT " + EventColumns() +
                    " FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id "
                    "AND s.idx = e.sentence WHERE e.id = ?";
  for (size_t i = 0; i < groups.size(); ++i) {
    DYAD_RETURN_IF_ERROR(Run(one, {first_ids[i]},
                             [&](Stmt& s) {
                               groups[i].first = ReadEvent(s);
                               return false;
                             },
                             "reading an event"));
    if (!fn(groups[i])) break;
  }
  return Status::Ok();
}

Result<int64_t> SqliteStore::CountEvents(const EventQuery& q) {
  std::string sql = "SELECT count(*) FROM events e WHERE 1 = 1";
  std::vector<Value> args;
  Where(q, sql, args);
  int64_t n = 0;
  DYAD_RETURN_IF_ERROR(Run(sql, args,
                           [&](Stmt& s) {
                             n = s.Int(0);
                             return false;
                           },
                           "counting events"));
  return n;
}

Result<std::vector<TimelinePoint>> SqliteStore::Timeline(const std::string& a, const std::string& b,
                                                         Interval interval, const EventQuery& extra) {
  std::vector<TimelinePoint> out;
  for (int dir = 0; dir < 2; ++dir) {
    EventQuery q = extra;
    q.dyad_a.clear();
    q.dyad_b.clear();
    q.source = dir == 0 ? a : b;
    q.target = dir == 0 ? b : a;
    std::string sql = "SELECT e.date, count(*), sum(e.goldstein) FROM events e WHERE e.date IS NOT NULL";
    std::vector<Value> args;
    Where(q, sql, args);
    sql += " GROUP BY e.date ORDER BY e.date";
    std::map<std::string, std::pair<int64_t, double>> buckets;
    DYAD_RETURN_IF_ERROR(Run(sql, args,
                             [&](Stmt& s) {
                               std::string day = s.Text(0);
                               std::string key = day;
                               if (day.size() >= 10) {
                                 if (interval == Interval::kMonth) key = day.substr(0, 7);
                                 else if (interval == Interval::kWeek) key = IsoWeek(day);
                               }
                               auto& [n, sum] = buckets[key];
                               n += s.Int(1);
                               sum += s.Real(2);
                               return true;
                             },
                             "building a timeline"));
    std::string direction = dir == 0 ? a + "->" + b : b + "->" + a;
    for (const auto& [period, v] : buckets)
      out.push_back(TimelinePoint{period, direction, v.first, v.first ? v.second / double(v.first) : 0.0});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const TimelinePoint& x, const TimelinePoint& y) { return x.period < y.period; });
  return out;
}

// Summary tables (migration 2) hold asserted events only, keyed by CAMEO root,
// PLOVER type, quad class and day (rollup_day) or by actor roots, quad class
// and month (rollup_month_dyad). A query goes to them when every filter it
// has is a key of the table; else to the events and their covering indexes.
namespace {

bool DefaultPolarity(const EventQuery& q) { return !q.all && q.polarity.empty() && q.modality.empty(); }

bool DayRollupAnswers(const EventQuery& q) {
  return DefaultPolarity(q) && q.text.empty() && q.site.empty() && q.doc_id.empty() && q.source.empty() &&
         q.target.empty() && q.dyad_a.empty() && q.actor.empty() && (q.code.empty() || q.code.size() == 2);
}

bool RootOnly(const std::string& code) { return code.empty() || code.size() == 3; }

bool DyadRollupAnswers(const EventQuery& q) {
  return DefaultPolarity(q) && q.text.empty() && q.site.empty() && q.doc_id.empty() && q.code.empty() &&
         q.plover.empty() && RootOnly(q.source) && RootOnly(q.target) && RootOnly(q.dyad_a) &&
         RootOnly(q.dyad_b) && RootOnly(q.actor);
}

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
std::string CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04d}-{:02d}-{:02d}", y + (m <= 2), m, d);
}

int64_t DayNumber(const std::string& day) {
  return DaysFromCivil(std::stoi(day.substr(0, 4)), std::stoul(day.substr(5, 2)), std::stoul(day.substr(8, 2)));
}

std::string AddDays(const std::string& day, int64_t n) { return CivilFromDays(DayNumber(day) + n); }

std::string NextMonth(const std::string& month) {  // "2024-12" -> "2025-01"
  int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2));
  return m == 12 ? fmt::format("{:04d}-01", y + 1) : fmt::format("{:04d}-{:02d}", y, m + 1);
}

std::string PeriodOf(const std::string& day, Interval interval) {
  if (day.size() < 10) return day;  // "" (no date) or a month from the monthly table
  if (interval == Interval::kMonth) return day.substr(0, 7);
  if (interval == Interval::kWeek) return IsoWeek(day);
  return day;
}

}  // namespace

void SqliteStore::RootConditions(const EventQuery& q, const char* src, const char* tgt, std::string& sql,
                                 std::vector<Value>& args) {
  if (!q.source.empty()) {
    sql += fmt::format(" AND {} = ?", src);
    args.emplace_back(q.source);
  }
  if (!q.target.empty()) {
    sql += fmt::format(" AND {} = ?", tgt);
    args.emplace_back(q.target);
  }
  if (!q.actor.empty()) {
    sql += fmt::format(" AND ({0} = ? OR {1} = ?)", src, tgt);
    args.emplace_back(q.actor);
    args.emplace_back(q.actor);
  }
  if (!q.dyad_a.empty()) {
    sql += fmt::format(" AND (({0} = ? AND {1} = ?) OR ({0} = ? AND {1} = ?))", src, tgt);
    args.emplace_back(q.dyad_a);
    args.emplace_back(q.dyad_b);
    args.emplace_back(q.dyad_b);
    args.emplace_back(q.dyad_a);
  }
}

namespace {

// Whole months inside [from, to] (first and last; "" = unbounded) and whether
// there is at least one; the days outside them come from the events.
struct MonthSplit {
  std::string lo, hi;
  bool any = true;
};

MonthSplit SplitMonths(const EventQuery& q) {
  MonthSplit m;
  if (!q.from.empty()) m.lo = q.from.substr(8, 2) == "01" ? q.from.substr(0, 7) : NextMonth(q.from.substr(0, 7));
  if (!q.to.empty()) {
    std::string next = AddDays(q.to, 1);
    m.hi = next.substr(8, 2) == "01" ? q.to.substr(0, 7) : AddDays(q.to.substr(0, 7) + "-01", -1).substr(0, 7);
  }
  m.any = m.lo.empty() || m.hi.empty() || m.lo <= m.hi;
  return m;
}

}  // namespace

Result<std::vector<PeriodCount>> SqliteStore::CountByPeriod(const EventQuery& q, Interval interval) {
  std::map<std::string, PeriodCount> periods;
  auto add = [&](const std::string& day, int64_t quad, int64_t n, double goldstein_sum) {
    std::string key = PeriodOf(day, interval);
    PeriodCount& p = periods[key];
    p.period = key;
    p.count += n;
    p.by_quad[quad >= 1 && quad <= 4 ? quad : 0] += n;
    p.goldstein_sum += goldstein_sum;
  };
  auto from_events = [&](const EventQuery& part) {
    std::string sql = "SELECT coalesce(e.date, ''), e.quad_class, count(*), sum(e.goldstein) FROM events e WHERE 1 = 1";
    std::vector<Value> args;
    Where(part, sql, args);
    sql += " GROUP BY 1, 2";
    return Run(sql, args, [&](Stmt& s) { return add(s.Text(0), s.Int(1), s.Int(2), s.Real(3)), true; },
               "counting events by period");
  };
  auto take = [&]() {
    std::vector<PeriodCount> out;
    for (auto& [key, p] : periods) out.push_back(std::move(p));
    return out;
  };
  MonthSplit months = SplitMonths(q);
  if (!DayRollupAnswers(q) && interval == Interval::kMonth && DyadRollupAnswers(q) && months.any) {
    // Monthly timelines of actors and dyads: whole months from the monthly
    // pair table, the days around them from the events.
    std::string sql = "SELECT month, quad_class, sum(n), sum(g10) FROM rollup_month_dyad WHERE 1 = 1";
    std::vector<Value> args;
    if (!months.lo.empty()) sql += " AND month >= ?", args.emplace_back(months.lo);
    if (!months.hi.empty()) sql += " AND month <= ? AND month <> ''", args.emplace_back(months.hi);
    if (q.quad) sql += " AND quad_class = ?", args.emplace_back(int64_t(q.quad));
    RootConditions(q, "source_root", "target_root", sql, args);
    sql += " GROUP BY month, quad_class";
    DYAD_RETURN_IF_ERROR(Run(sql, args, [&](Stmt& s) { return add(s.Text(0), s.Int(1), s.Int(2), s.Real(3) * 0.1), true; },
                             "counting events by period"));
    if (!q.from.empty() && q.from < months.lo + "-01") {
      EventQuery head = q;
      head.to = AddDays(months.lo + "-01", -1);
      DYAD_RETURN_IF_ERROR(from_events(head));
    }
    if (!q.to.empty() && q.to > months.hi + "-31") {
      EventQuery tail = q;
      tail.from = NextMonth(months.hi) + "-01";
      DYAD_RETURN_IF_ERROR(from_events(tail));
    }
    return take();
  }
  if (!DayRollupAnswers(q)) {
    DYAD_RETURN_IF_ERROR(from_events(q));
    return take();
  }
  std::string sql;
  std::vector<Value> args;
  double scale = 1.0;
  {
    sql = "SELECT day, quad_class, sum(n), sum(g10) FROM rollup_day WHERE 1 = 1";
    if (!q.from.empty()) sql += " AND day >= ?", args.emplace_back(q.from);
    if (!q.to.empty()) sql += " AND day <= ? AND day <> ''", args.emplace_back(q.to);
    if (q.quad) sql += " AND quad_class = ?", args.emplace_back(int64_t(q.quad));
    if (!q.code.empty()) sql += " AND cameo_root = ?", args.emplace_back(q.code);
    if (!q.plover.empty()) sql += " AND plover = ?", args.emplace_back(q.plover);
    sql += " GROUP BY day, quad_class";
    scale = 0.1;
  }
  DYAD_RETURN_IF_ERROR(Run(sql, args,
                           [&](Stmt& s) { return add(s.Text(0), s.Int(1), s.Int(2), s.Real(3) * scale), true; },
                           "counting events by period"));
  return take();
}

Result<std::vector<DyadCount>> SqliteStore::CountByDyad(const EventQuery& q) {
  std::map<std::pair<std::string, std::string>, DyadCount> pairs;
  auto add = [&](Stmt& s, double scale) {
    DyadCount& d = pairs[{s.Text(0), s.Text(1)}];
    d.source = s.Text(0);
    d.target = s.Text(1);
    d.count += s.Int(2);
    d.goldstein_sum += s.Real(3) * scale;
    return true;
  };
  auto from_events = [&](const EventQuery& part) {
    std::string sql = "SELECT e.source_root, e.target_root, count(*), sum(e.goldstein) FROM events e WHERE 1 = 1";
    std::vector<Value> args;
    Where(part, sql, args);
    sql += " GROUP BY 1, 2";
    return Run(sql, args, [&](Stmt& s) { return add(s, 1.0); }, "counting events by dyad");
  };
  if (!DyadRollupAnswers(q)) {
    DYAD_RETURN_IF_ERROR(from_events(q));
  } else {
    // Whole months inside [from, to] come from the monthly table; the days
    // before the first and after the last whole month from the events (the
    // date index covers them).
    MonthSplit months = SplitMonths(q);
    const std::string& lo = months.lo;
    const std::string& hi = months.hi;
    if (months.any) {
      std::string sql = "SELECT source_root, target_root, sum(n), sum(g10) FROM rollup_month_dyad WHERE 1 = 1";
      std::vector<Value> args;
      if (!lo.empty()) sql += " AND month >= ?", args.emplace_back(lo);
      if (!hi.empty()) sql += " AND month <= ? AND month <> ''", args.emplace_back(hi);
      if (q.quad) sql += " AND quad_class = ?", args.emplace_back(int64_t(q.quad));
      RootConditions(q, "source_root", "target_root", sql, args);
      sql += " GROUP BY source_root, target_root";
      DYAD_RETURN_IF_ERROR(Run(sql, args, [&](Stmt& s) { return add(s, 0.1); }, "counting events by dyad"));
      if (!q.from.empty() && q.from < lo + "-01") {
        EventQuery head = q;
        head.to = AddDays(lo + "-01", -1);
        DYAD_RETURN_IF_ERROR(from_events(head));
      }
      if (!q.to.empty() && q.to > hi + "-31") {
        EventQuery tail = q;
        tail.from = NextMonth(hi) + "-01";
        DYAD_RETURN_IF_ERROR(from_events(tail));
      }
    } else {
      DYAD_RETURN_IF_ERROR(from_events(q));
    }
  }
  std::vector<DyadCount> out;
  for (auto& [key, d] : pairs)
    if (d.count > 0) out.push_back(std::move(d));
  return out;
}

Result<std::vector<CountRow>> SqliteStore::CountByFacet(const EventQuery& q, Facet facet) {
  const char* column = facet == Facet::kCameoRoot ? "cameo_root" : facet == Facet::kPlover ? "plover" : "quad_class";
  std::string sql;
  std::vector<Value> args;
  double scale = 1.0;
  if (DayRollupAnswers(q)) {
    sql = fmt::format("SELECT {0}, sum(n), sum(g10) FROM rollup_day WHERE 1 = 1", column);
    if (!q.from.empty()) sql += " AND day >= ?", args.emplace_back(q.from);
    if (!q.to.empty()) sql += " AND day <= ? AND day <> ''", args.emplace_back(q.to);
    if (q.quad) sql += " AND quad_class = ?", args.emplace_back(int64_t(q.quad));
    if (!q.code.empty()) sql += " AND cameo_root = ?", args.emplace_back(q.code);
    if (!q.plover.empty()) sql += " AND plover = ?", args.emplace_back(q.plover);
    sql += fmt::format(" GROUP BY {0} ORDER BY {0}", column);
    scale = 0.1;
  } else {
    sql = fmt::format("SELECT e.{0}, count(*), sum(e.goldstein) FROM events e WHERE 1 = 1", column);
    Where(q, sql, args);
    sql += fmt::format(" GROUP BY e.{0} ORDER BY e.{0}", column);
  }
  std::vector<CountRow> out;
  DYAD_RETURN_IF_ERROR(Run(sql, args,
                           [&](Stmt& s) {
                             int64_t n = s.Int(1);
                             if (n > 0) out.push_back(CountRow{s.Text(0), n, s.Real(2) * scale / double(n)});
                             return true;
                           },
                           "counting events by type"));
  return out;
}

Result<std::vector<CountRow>> SqliteStore::Sites() {
  std::vector<CountRow> out;
  DYAD_RETURN_IF_ERROR(Run("SELECT site, count(*) FROM documents GROUP BY site ORDER BY site", {},
                           [&](Stmt& s) {
                             out.push_back(CountRow{s.Text(0), s.Int(1), 0.0});
                             return true;
                           },
                           "listing sites"));
  return out;
}

Result<std::optional<StoredEvent>> SqliteStore::GetEvent(int64_t id) {
  std::optional<StoredEvent> out;
  std::string sql = "SELECT " + EventColumns() +
                    " FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id "
                    "AND s.idx = e.sentence WHERE e.id = ?";
  DYAD_RETURN_IF_ERROR(Run(sql, {id},
                           [&](Stmt& s) {
                             out = ReadEvent(s);
                             return false;
                           },
                           "reading an event"));
  return out;
}

Status SqliteStore::QueryEventGroup(int64_t id, const std::function<bool(const StoredEvent&)>& fn) {
  auto first = GetEvent(id);
  if (!first.ok()) return first.status();
  if (!*first) return Status::Ok();
  const Event& e = (*first)->event;
  // The dyad index narrows to the pair and day; the codes refine.
  std::string sql = "SELECT " + EventColumns() +
                    " FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id "
                    "AND s.idx = e.sentence WHERE e.source_root = ? AND e.target_root = ? AND e.source_code = ? "
                    "AND e.target_code = ? AND e.cameo = ? AND e.asserted = ? AND " +
                    std::string(e.date.empty() ? "e.date IS NULL" : "e.date = ?") + " ORDER BY e.id";
  std::vector<Value> args = {Root(e.source.code), Root(e.target.code), e.source.code, e.target.code, e.cameo,
                             int64_t(e.asserted_actual() ? 1 : 0)};
  if (!e.date.empty()) args.emplace_back(e.date);
  return Run(sql, args, [&](Stmt& s) { return fn(ReadEvent(s)); }, "reading an event's mentions");
}

Result<StoreStats> SqliteStore::Stats(size_t top_dyads) {
  StoreStats st;
  auto scalar = [&](const std::string& sql, int64_t& out) {
    return Run(sql, {},
               [&](Stmt& s) {
                 out = s.Int(0);
                 return false;
               },
               "computing statistics");
  };
  DYAD_RETURN_IF_ERROR(scalar("SELECT count(*) FROM documents", st.documents));
  DYAD_RETURN_IF_ERROR(scalar("SELECT count(*) FROM events", st.events));
  DYAD_RETURN_IF_ERROR(scalar("SELECT count(*) FROM events WHERE asserted = 1", st.asserted_events));
  DYAD_RETURN_IF_ERROR(scalar("SELECT count(*) FROM event_groups", st.grouped_events));
  DYAD_RETURN_IF_ERROR(scalar("SELECT count(*) FROM mentions", st.mentions));
  DYAD_RETURN_IF_ERROR(scalar("SELECT count(DISTINCT name) FROM unknown_actors", st.unknown_names));
  DYAD_RETURN_IF_ERROR(Run("SELECT min(date), max(date) FROM events WHERE date IS NOT NULL", {},
                           [&](Stmt& s) {
                             st.first_date = s.Text(0);
                             st.last_date = s.Text(1);
                             return false;
                           },
                           "computing statistics"));
  auto rows = [&](const std::string& sql, std::vector<Value> args, std::vector<CountRow>& out) {
    return Run(sql, args,
               [&](Stmt& s) {
                 out.push_back(CountRow{s.Text(0), s.Int(1), s.Real(2)});
                 return true;
               },
               "computing statistics");
  };
  // Month = the first seven characters of an ISO day (portable substr).
  DYAD_RETURN_IF_ERROR(rows("SELECT substr(date, 1, 7) AS month, count(*), avg(goldstein) FROM events "
                            "WHERE asserted = 1 AND date IS NOT NULL GROUP BY month ORDER BY month",
                            {}, st.by_month));
  DYAD_RETURN_IF_ERROR(rows("SELECT source_root || '-' || target_root AS dyad, count(*) AS n, avg(goldstein) FROM "
                            "events WHERE asserted = 1 AND target_root <> '' GROUP BY source_root, target_root "
                            "ORDER BY n DESC, dyad LIMIT ?",
                            {int64_t(top_dyads)}, st.by_dyad));
  DYAD_RETURN_IF_ERROR(rows("SELECT cameo_root || ' ' || max(plover) AS type, count(*) AS n, avg(goldstein) FROM "
                            "events WHERE asserted = 1 GROUP BY cameo_root ORDER BY cameo_root",
                            {}, st.by_type));
  return st;
}

Result<std::vector<UnknownActor>> SqliteStore::UnknownActors(size_t limit, int64_t min_count) {
  std::vector<UnknownActor> out;
  DYAD_RETURN_IF_ERROR(Run("SELECT name, count(*) AS n, count(DISTINCT doc_id), min(doc_id) FROM unknown_actors "
                           "GROUP BY name HAVING count(*) >= ? ORDER BY n DESC, name LIMIT ?",
                           {min_count, int64_t(limit)},
                           [&](Stmt& s) {
                             out.push_back(UnknownActor{s.Text(0), s.Int(1), s.Int(2), s.Text(3)});
                             return true;
                           },
                           "listing unknown actors"));
  return out;
}

Result<std::optional<StoredDocument>> SqliteStore::GetDocument(const std::string& id, bool annotations) {
  StoredDocument sd;
  bool found = false;
  Document& d = sd.doc;
  DYAD_RETURN_IF_ERROR(Run("SELECT id, content_hash, url, site, title, author, genre, published, language, origin, "
                           "raw, text, ingested_at FROM documents WHERE id = ?",
                           {id},
                           [&](Stmt& s) {
                             found = true;
                             d.id = s.Text(0);
                             sd.content_hash = s.Text(1);
                             d.url = s.Text(2);
                             d.site = s.Text(3);
                             d.title = s.Text(4);
                             d.author = s.Text(5);
                             d.genre = s.Text(6);
                             d.date = s.Null(7) ? "" : s.Text(7);
                             d.language = s.Text(8);
                             d.origin = s.Text(9);
                             d.raw = s.Text(10);
                             d.text = s.Text(11);
                             sd.ingested_at = s.Text(12);
                             return false;
                           },
                           "reading a document"));
  if (!found) return std::optional<StoredDocument>();
  DYAD_RETURN_IF_ERROR(Run("SELECT span_begin, span_end FROM sentences WHERE doc_id = ? ORDER BY idx", {id},
                           [&](Stmt& s) {
                             Sentence sent;
                             sent.span = Span{static_cast<uint32_t>(s.Int(0)), static_cast<uint32_t>(s.Int(1))};
                             d.sentences.push_back(sent);
                             return true;
                           },
                           "reading sentences"));
  if (!annotations) return std::optional<StoredDocument>(std::move(sd));
  DYAD_RETURN_IF_ERROR(Run("SELECT sentence, kind, span_begin, span_end, code, country, sector, entry, detail FROM "
                           "mentions WHERE doc_id = ? ORDER BY id",
                           {id},
                           [&](Stmt& s) {
                             Mention m;
                             m.sentence = static_cast<uint32_t>(s.Int(0));
                             m.kind = KindFrom(s.Text(1));
                             m.span = Span{static_cast<uint32_t>(s.Int(2)), static_cast<uint32_t>(s.Int(3))};
                             m.code = s.Text(4);
                             m.country = s.Text(5);
                             m.sector = s.Text(6);
                             m.entry = s.Text(7);
                             m.detail = s.Text(8);
                             d.mentions.push_back(std::move(m));
                             return true;
                           },
                           "reading mentions"));
  std::string sql = "SELECT " + EventColumns() +
                    " FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id "
                    "AND s.idx = e.sentence WHERE e.doc_id = ? ORDER BY e.seq";
  DYAD_RETURN_IF_ERROR(Run(sql, {id},
                           [&](Stmt& s) {
                             d.events.push_back(ReadEvent(s).event);
                             return true;
                           },
                           "reading events"));
  DYAD_RETURN_IF_ERROR(Run("SELECT name, span_begin, span_end FROM unknown_actors WHERE doc_id = ? ORDER BY id",
                           {id},
                           [&](Stmt& s) {
                             sd.unknown_names.emplace_back(
                                 s.Text(0), Span{static_cast<uint32_t>(s.Int(1)), static_cast<uint32_t>(s.Int(2))});
                             return true;
                           },
                           "reading unknown actors"));
  return std::optional<StoredDocument>(std::move(sd));
}

Status SqliteStore::QueryStatements(const StatementQuery& q,
                                    const std::function<bool(const StatementRecord&)>& fn) {
  std::string sql = "SELECT s.record FROM statements s WHERE 1 = 1";
  std::vector<Value> args;
  // A party: its code range (as ActorCondition); speaker_root holds the
  // country of a speaker without a code.
  auto party = [&](const std::string& code) {
    std::string c;
    if (code.size() == 3) {
      c = "s.speaker_root = ?";
      args.emplace_back(code);
    } else {
      c = "(s.speaker_root = ? AND s.speaker_code >= ? AND s.speaker_code < ?)";
      args.emplace_back(code.substr(0, 3));
      args.emplace_back(code);
      args.emplace_back(code + "~");
    }
    return c;
  };
  if (!q.speaker.empty()) sql += " AND " + party(q.speaker);
  if (!q.dyad_a.empty()) {
    std::string a = party(q.dyad_a);
    sql += " AND (" + a + " OR " + party(q.dyad_b) + ")";
  }
  if (!q.from.empty()) {
    sql += " AND s.date >= ?";
    args.emplace_back(q.from);
  }
  if (!q.to.empty()) {
    sql += " AND s.date <= ?";
    args.emplace_back(q.to);
  }
  if (!q.doc_id.empty()) {
    sql += " AND s.doc_id = ?";
    args.emplace_back(q.doc_id);
  }
  if (!q.text.empty()) {
    sql += " AND s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)";
    args.emplace_back(q.text);
  }
  // Newest first follows the (speaker_root, date) index, rowid included.
  sql += q.newest_first ? " ORDER BY s.date DESC, s.id DESC" : " ORDER BY s.date IS NULL, s.date, s.doc_id, s.seq";
  if (q.limit > 0 || q.offset > 0) {
    sql += " LIMIT ? OFFSET ?";
    args.emplace_back(q.limit > 0 ? q.limit : int64_t{-1});
    args.emplace_back(q.offset);
  }
  Status bad;
  DYAD_RETURN_IF_ERROR(Run(sql, args,
                           [&](Stmt& s) {
                             auto r = ParseStatementRecordJson(s.Text(0));
                             if (!r.ok()) {
                               bad = Status::DataLoss(path_ + ": a stored statement is unreadable: " +
                                                      r.status().message());
                               return false;
                             }
                             return fn(*r);
                           },
                           "reading statements"));
  return bad;
}

Result<std::vector<std::string>> SqliteStore::ExplainEventsQuery(const EventQuery& q) {
  std::vector<std::string> out;
  std::string inner = "SELECT e.id FROM events e WHERE 1 = 1";
  std::vector<Value> args;
  Where(q, inner, args);
  inner += " ORDER BY e.date, e.id LIMIT 100";
  std::string count = "SELECT count(*) FROM events e WHERE 1 = 1";
  std::vector<Value> count_args;
  Where(q, count, count_args);
  for (const auto& [label, sql, a] : {std::tuple{"page", inner, args}, std::tuple{"count", count, count_args}}) {
    DYAD_RETURN_IF_ERROR(Run("EXPLAIN QUERY PLAN " + sql, a,
                             [&, label = label](Stmt& s) {
                               out.push_back(std::string(label) + ": " + s.Text(3));
                               return true;
                             },
                             "explaining"));
  }
  return out;
}

// "file:///abs/path?immutable=1": every byte outside [A-Za-z0-9/._~-] escaped.
std::string ImmutableUri(const std::string& path) {
  std::error_code ec;
  std::string abs = std::filesystem::absolute(path, ec).string();
  if (ec) abs = path;
  std::string uri = "file://";
  for (unsigned char c : abs) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '~' || c == '-') uri += static_cast<char>(c);
    else uri += fmt::format("%{:02X}", c);
  }
  return uri + "?immutable=1";
}

Result<std::unique_ptr<SqliteStore>> OpenSqlite(const std::string& location, const StoreOptions& options,
                                                OpenMode mode, const std::string& read_only_reason, int& rc_out) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX;
  std::string name = location;
  switch (mode) {
    case OpenMode::kReadWrite: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case OpenMode::kReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    case OpenMode::kImmutable:
      flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
      name = ImmutableUri(location);
      break;
  }
  int rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    rc_out = db ? sqlite3_extended_errcode(db) : rc;
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (db) sqlite3_close_v2(db);
    return Status::IoError(fmt::format("{}: cannot open the store: {}", location, msg));
  }
  auto store = std::make_unique<SqliteStore>(db, location, options, mode);
  store->set_read_only_reason(read_only_reason);
  Status s = store->Init();
  if (!s.ok()) {
    rc_out = store->last_error();
    return s;
  }
  return store;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& location, const StoreOptions& options) {
  if (IsPostgresLocation(location)) return OpenPostgresStore(location, options);
  if (location.empty()) return Status::InvalidArgument("--db must name a file");
  // Memory statistics take a global mutex on every allocation; the writer thread
  // allocates for every row, so they are off (before SQLite initialises, once).
  static std::once_flag sqlite_configured;
  std::call_once(sqlite_configured, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  int rc = SQLITE_OK;
  std::string reason;
  if (!options.read_only) {
    auto rw = OpenSqlite(location, options, OpenMode::kReadWrite, "", rc);
    if (rw.ok()) return std::unique_ptr<Store>(std::move(*rw));
    if (!options.read_only_fallback || (rc & 0xff) != SQLITE_READONLY) return rw.status();
    reason = rc == SQLITE_READONLY_DIRECTORY ? "its directory is not writable" : "the file is not writable";
  }
  auto ro = OpenSqlite(location, options, OpenMode::kReadOnly, reason, rc);
  if (ro.ok()) return std::unique_ptr<Store>(std::move(*ro));
  if (rc != SQLITE_READONLY_DIRECTORY && (rc & 0xff) != SQLITE_CANTOPEN) return ro.status();
  // A WAL store in a directory where the -shm file cannot be created. Without
  // a pending log its main file holds every committed transaction, and SQLite
  // can read it as an immutable snapshot; with one, it would miss them.
  std::error_code ec;
  if (!std::filesystem::exists(location, ec)) return ro.status();
  auto wal_size = std::filesystem::file_size(location + "-wal", ec);
  if (!ec && wal_size > 0)
    return Status::FailedPrecondition(fmt::format(
        "{}: cannot read the store: its directory is not writable and it has a pending write-ahead log ({}-wal, "
        "{} bytes) that SQLite can only read with a {}-shm file beside it. Run any dyad command on it once where "
        "the directory is writable (the log is then folded into the store), or copy the three files elsewhere",
        location, location, wal_size, location));
  reason = reason.empty() ? "its directory is not writable" : reason;
  auto snapshot = OpenSqlite(location, options, OpenMode::kImmutable, reason, rc);
  if (!snapshot.ok()) return snapshot.status();
  return std::unique_ptr<Store>(std::move(*snapshot));
}

}  // namespace dyad
