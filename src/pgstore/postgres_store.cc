// The PostgreSQL backend of Store (contract and differences from SQLite in
// postgres_store.h). Parameters travel in binary (no quoting, no copies of
// document texts); results come back as text.
#include "pgstore/postgres_store.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "dyad/statements.h"
#include "dyad/text.h"
#include "store/store_util.h"

namespace dyad {

using store_util::KindFrom;
using store_util::ModalityFrom;
using store_util::NowIso;
using store_util::PolarityFrom;
using store_util::Root;

bool IsPostgresLocation(std::string_view location) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) return true;
  // A libpq keyword/value string starts with one of its keywords and '='.
  size_t i = location.find_first_not_of(" \t");
  if (i == std::string_view::npos) return false;
  std::string_view rest = location.substr(i);
  for (std::string_view key : {"host", "hostaddr", "port", "dbname", "user", "password", "passfile", "service",
                               "sslmode", "connect_timeout", "application_name", "options"}) {
    if (!rest.starts_with(key)) continue;
    size_t j = rest.find_first_not_of(" \t", key.size());
    if (j != std::string_view::npos && rest[j] == '=') return true;
  }
  return false;
}

std::string RedactConninfo(std::string_view location) {
  std::string s(location);
  // URI: scheme://user:password@host
  size_t scheme = s.find("://");
  if (scheme != std::string::npos) {
    size_t at = s.find('@', scheme + 3);
    size_t slash = s.find('/', scheme + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      size_t colon = s.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) s.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... in keyword strings and URI parameters.
  for (size_t p = s.find("password"); p != std::string::npos; p = s.find("password", p + 1)) {
    size_t eq = s.find_first_not_of(" \t", p + 8);
    if (eq == std::string::npos || s[eq] != '=') continue;
    size_t b = s.find_first_not_of(" \t", eq + 1);
    if (b == std::string::npos) break;
    size_t e = b;
    if (s[b] == '\'') {
      e = b + 1;
      while (e < s.size() && s[e] != '\'') e += s[e] == '\\' ? 2 : 1;
      e = std::min(e + 1, s.size());
    } else {
      while (e < s.size() && s[e] != ' ' && s[e] != '&') ++e;
    }
    s.replace(b, e - b, "***");
  }
  return s;
}

namespace {

// Parameter values. Arrays are sent as PostgreSQL binary arrays.
using TextArray = std::vector<std::string>;
using Int8Array = std::vector<int64_t>;
using Value = std::variant<std::nullptr_t, int64_t, double, std::string, std::string_view, TextArray, Int8Array>;

constexpr Oid kInt8Oid = 20, kTextOid = 25, kFloat8Oid = 701, kTextArrayOid = 1009, kInt8ArrayOid = 1016;

void PutBE32(std::string& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xff);
}
void PutBE64(std::string& out, uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xff);
}

// Parameters in libpq's arrays; `scratch` owns the binary encodings.
struct Params {
  std::vector<Oid> types;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::vector<std::string> scratch;

  explicit Params(const std::vector<Value>& args) {
    scratch.reserve(args.size());
    for (const Value& v : args) {
      formats.push_back(1);
      if (std::holds_alternative<std::nullptr_t>(v)) {
        types.push_back(kTextOid);
        values.push_back(nullptr);
        lengths.push_back(0);
        continue;
      }
      std::string_view bytes;
      if (auto* n = std::get_if<int64_t>(&v)) {
        types.push_back(kInt8Oid);
        std::string& b = scratch.emplace_back();
        PutBE64(b, static_cast<uint64_t>(*n));
        bytes = b;
      } else if (auto* d = std::get_if<double>(&v)) {
        types.push_back(kFloat8Oid);
        uint64_t bits;
        std::memcpy(&bits, d, sizeof bits);
        std::string& b = scratch.emplace_back();
        PutBE64(b, bits);
        bytes = b;
      } else if (auto* s = std::get_if<std::string>(&v)) {
        types.push_back(kTextOid);
        bytes = *s;
      } else if (auto* sv = std::get_if<std::string_view>(&v)) {
        types.push_back(kTextOid);
        bytes = *sv;
      } else if (auto* ta = std::get_if<TextArray>(&v)) {
        types.push_back(kTextArrayOid);
        std::string& b = scratch.emplace_back();
        PutBE32(b, 1);  // dimensions
        PutBE32(b, 0);  // no NULLs
        PutBE32(b, kTextOid);
        PutBE32(b, static_cast<uint32_t>(ta->size()));
        PutBE32(b, 1);  // lower bound
        for (const std::string& e : *ta) {
          PutBE32(b, static_cast<uint32_t>(e.size()));
          b += e;
        }
        bytes = b;
      } else if (auto* ia = std::get_if<Int8Array>(&v)) {
        types.push_back(kInt8ArrayOid);
        std::string& b = scratch.emplace_back();
        PutBE32(b, 1);
        PutBE32(b, 0);
        PutBE32(b, kInt8Oid);
        PutBE32(b, static_cast<uint32_t>(ia->size()));
        PutBE32(b, 1);
        for (int64_t e : *ia) {
          PutBE32(b, 8);
          PutBE64(b, static_cast<uint64_t>(e));
        }
        bytes = b;
      }
      values.push_back(bytes.data());
      lengths.push_back(static_cast<int>(bytes.size()));
    }
  }
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// One row of a text-format result.
class Row {
 public:
  Row(const PGresult* r, int row) : r_(r), row_(row) {}
  bool Null(int c) const { return PQgetisnull(r_, row_, c); }
  std::string Text(int c) const {
    return std::string(PQgetvalue(r_, row_, c), static_cast<size_t>(PQgetlength(r_, row_, c)));
  }
  int64_t Int(int c) const { return Null(c) ? 0 : std::strtoll(PQgetvalue(r_, row_, c), nullptr, 10); }
  double Real(int c) const { return Null(c) ? 0.0 : std::strtod(PQgetvalue(r_, row_, c), nullptr); }
  // A bytea column in hex output format ("\x4869").
  std::string Bytes(int c) const {
    const char* p = PQgetvalue(r_, row_, c);
    size_t n = static_cast<size_t>(PQgetlength(r_, row_, c));
    std::string out;
    if (n < 2 || p[0] != '\\' || p[1] != 'x') return out;
    out.reserve((n - 2) / 2);
    auto hex = [](char h) { return h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10; };
    for (size_t i = 2; i + 1 < n; i += 2) out += static_cast<char>(hex(p[i]) << 4 | hex(p[i + 1]));
    return out;
  }

 private:
  const PGresult* r_;
  int row_;
};

// Rows for COPY ... FROM STDIN in text format.
class CopyBuffer {
 public:
  void Text(std::string_view v) {
    Sep();
    // Fast path: pure printable ASCII without backslash needs no escaping or checks.
    bool plain = true, high = false;
    for (unsigned char c : v) {
      if (c < 0x20 || c == '\\' || c == 0x7f) plain = false;
      if (c >= 0x80) high = true;
    }
    if (high && !IsValidUtf8(v)) {
      std::string repaired(v);
      RepairUtf8(repaired);
      return Escape(repaired);
    }
    if (plain) {
      buf_.append(v);
      return;
    }
    Escape(v);
  }
  void Int(int64_t v) {
    Sep();
    fmt::format_to(std::back_inserter(buf_), "{}", v);
  }
  void Real(double v) {
    Sep();
    fmt::format_to(std::back_inserter(buf_), "{}", v);
  }
  void Null() {
    Sep();
    buf_ += "\\N";
  }
  void EndRow() {
    buf_ += '\n';
    first_ = true;
    ++rows_;
  }
  const std::string& data() const { return buf_; }
  size_t rows() const { return rows_; }
  void Clear() {
    buf_.clear();
    first_ = true;
    rows_ = 0;
  }

 private:
  void Sep() {
    if (!first_) buf_ += '\t';
    first_ = false;
  }
  void Escape(std::string_view v) {
    for (char c : v) {
      switch (c) {
        case '\\': buf_ += "\\\\"; break;
        case '\n': buf_ += "\\n"; break;
        case '\r': buf_ += "\\r"; break;
        case '\t': buf_ += "\\t"; break;
        case '\0': buf_ += ' '; break;  // text cannot hold NUL; a space keeps the offsets
        default: buf_ += c;
      }
    }
  }
  std::string buf_;
  bool first_ = true;
  size_t rows_ = 0;
};

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Ordered schema migrations. Never edit an applied step; add a new one.
// Tables and columns mirror the SQLite store's (src/store/sqlite_store.cc).
const Migration kMigrations[] = {
    {1, "documents, sentences, mentions, events, unknown actors, full-text index", R"SQL(
CREATE TABLE documents (
  num bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  content_hash text COLLATE "C" NOT NULL,
  url text COLLATE "C" NOT NULL DEFAULT '',
  site text COLLATE "C" NOT NULL DEFAULT '',
  title text COLLATE "C" NOT NULL DEFAULT '',
  author text COLLATE "C" NOT NULL DEFAULT '',
  genre text COLLATE "C" NOT NULL DEFAULT '',
  published text COLLATE "C",
  language text COLLATE "C" NOT NULL DEFAULT '',
  origin text COLLATE "C" NOT NULL DEFAULT '',
  num_events integer NOT NULL DEFAULT 0,
  ingested_at text COLLATE "C" NOT NULL,
  text text COLLATE "C" NOT NULL,
  raw text COLLATE "C" NOT NULL,
  -- Bounded so that no document can exceed tsvector's 1 MB limit and fail its batch.
  search tsvector GENERATED ALWAYS AS
    (to_tsvector('simple'::regconfig, left(title, 1000) || ' ' || left(text, 100000))) STORED
);
CREATE INDEX documents_hash ON documents (content_hash);
CREATE INDEX documents_site ON documents (site);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_search ON documents USING gin (search);

CREATE TABLE sentences (
  doc_id text COLLATE "C" NOT NULL,
  idx integer NOT NULL,
  span_begin integer NOT NULL,
  span_end integer NOT NULL,
  PRIMARY KEY (doc_id, idx)
);

CREATE TABLE mentions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  doc_id text COLLATE "C" NOT NULL,
  sentence integer NOT NULL,
  kind text COLLATE "C" NOT NULL,
  span_begin integer NOT NULL,
  span_end integer NOT NULL,
  text text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  country text COLLATE "C" NOT NULL,
  sector text COLLATE "C" NOT NULL,
  entry text COLLATE "C" NOT NULL,
  detail text COLLATE "C" NOT NULL
);
CREATE INDEX mentions_doc ON mentions (doc_id);

CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  doc_id text COLLATE "C" NOT NULL,
  seq integer NOT NULL,
  sentence integer NOT NULL,
  date text COLLATE "C",
  date_rule text COLLATE "C" NOT NULL,
  source_code text COLLATE "C" NOT NULL,
  source_root text COLLATE "C" NOT NULL,
  source_country text COLLATE "C" NOT NULL,
  source_sector text COLLATE "C" NOT NULL,
  source_text text COLLATE "C" NOT NULL,
  source_begin integer NOT NULL,
  source_end integer NOT NULL,
  source_entry text COLLATE "C" NOT NULL,
  target_code text COLLATE "C" NOT NULL,
  target_root text COLLATE "C" NOT NULL,
  target_country text COLLATE "C" NOT NULL,
  target_sector text COLLATE "C" NOT NULL,
  target_text text COLLATE "C" NOT NULL,
  target_begin integer NOT NULL,
  target_end integer NOT NULL,
  target_entry text COLLATE "C" NOT NULL,
  cameo text COLLATE "C" NOT NULL,
  cameo_root text COLLATE "C" NOT NULL,
  plover text COLLATE "C" NOT NULL,
  plover_mode text COLLATE "C" NOT NULL,
  quad_class integer NOT NULL,
  goldstein double precision NOT NULL,
  polarity text COLLATE "C" NOT NULL,
  modality text COLLATE "C" NOT NULL,
  modality_cue text COLLATE "C" NOT NULL,
  asserted smallint NOT NULL,
  trigger_begin integer NOT NULL,
  trigger_end integer NOT NULL,
  pattern_id text COLLATE "C" NOT NULL,
  pattern_text text COLLATE "C" NOT NULL,
  confidence double precision NOT NULL,
  UNIQUE (doc_id, seq)
);
-- The SQLite store's covering indexes; id is included because SQLite's carry
-- the rowid implicitly (pages are ordered by date, id).
CREATE INDEX events_dyad ON events (source_root, target_root, date, asserted, goldstein, cameo) INCLUDE (id);
CREATE INDEX events_target ON events (target_root, date, asserted, goldstein, cameo) INCLUDE (id);
CREATE INDEX events_date ON events (date, asserted) INCLUDE (id);
CREATE INDEX events_cameo ON events (cameo, date) INCLUDE (id);

CREATE TABLE unknown_actors (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  doc_id text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  span_begin integer NOT NULL,
  span_end integer NOT NULL
);
CREATE INDEX unknown_actors_doc ON unknown_actors (doc_id);

-- GDELT-like merged events: one row per (date, source, target, CAMEO code).
CREATE VIEW event_groups AS
  SELECT date, source_code, target_code, cameo, min(id) AS first_id,
         count(*) AS num_mentions, count(DISTINCT doc_id) AS num_sources, avg(goldstein) AS goldstein
  FROM events WHERE asserted = 1
  GROUP BY date, source_code, target_code, cameo;
)SQL"},
    {2, "ledger of finished dyad cluster tasks", R"SQL(
CREATE TABLE ingest_tasks (
  key text COLLATE "C" PRIMARY KEY,
  documents bigint NOT NULL,
  written bigint NOT NULL,
  unchanged bigint NOT NULL,
  duplicates bigint NOT NULL,
  errors bigint NOT NULL,
  events bigint NOT NULL,
  finished_at text COLLATE "C" NOT NULL
);
)SQL"},
    {3, "statements (who said what) and their full-text index", R"SQL(
CREATE TABLE statements (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  doc_id text COLLATE "C" NOT NULL,
  seq integer NOT NULL,
  date text COLLATE "C",
  speaker_code text COLLATE "C" NOT NULL,
  speaker_root text COLLATE "C" NOT NULL,  -- the code's first three letters; the country when there is no code
  speaker_country text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  content text COLLATE "C" NOT NULL,
  record text COLLATE "C" NOT NULL,  -- the statement JSONL object (docs/formats.md)
  -- Bounded as documents.search is: tsvector holds at most 1 MB.
  search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, left(content, 100000))) STORED,
  UNIQUE (doc_id, seq)
);
CREATE INDEX statements_speaker ON statements (speaker_root, date) INCLUDE (id);
CREATE INDEX statements_country ON statements (speaker_country, date) INCLUDE (id);
CREATE INDEX statements_date ON statements (date) INCLUDE (id);
CREATE INDEX statements_search ON statements USING gin (search);
)SQL"},
};

constexpr int kLatestVersion = 3;
// Serialises migrations of one database across processes.
constexpr int64_t kMigrationLockKey = 0x64796164'6d696772;  // "dyadmigr"

uint64_t Fnv64(std::string_view tag, std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (std::string_view part : {tag, s}) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  return h;
}

}  // namespace

// FTS5 query syntax, as the SQLite store takes it, in tsquery syntax: the API's
// `text` parameter means the same on both backends. Barewords and "phrases"
// (with "" for a quote), word* prefixes, AND / OR / NOT (upper case, NOT
// binary: "a NOT b"), parentheses and implicit AND. Words are quoted for
// to_tsquery, which splits and lower-cases them as to_tsvector does.
Result<std::string> Fts5ToTsquery(std::string_view q) {
  auto bad = [](const std::string& why) { return Status::InvalidArgument("bad full-text query: " + why); };
  auto quote = [](std::string_view word) {
    std::string out = "'";
    for (char c : word) {
      if (c == '\\' || c == '\'') out += c;
      out += c;
    }
    return out + "'";
  };
  std::string out;
  bool operand_before = false;  // the last token ends an operand: a term or ')'
  int depth = 0;
  size_t i = 0;
  auto operand = [&](const std::string& term) {
    if (operand_before) out += " & ";
    out += term;
    operand_before = true;
  };
  while (i < q.size()) {
    char c = q[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '"') {
      std::string phrase;
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= q.size()) return bad("unterminated string");
        if (q[j] == '"') {
          if (j + 1 < q.size() && q[j + 1] == '"') {
            phrase += '"';
            ++j;
            continue;
          }
          break;
        }
        phrase += q[j];
      }
      i = j + 1;
      bool prefix = i < q.size() && q[i] == '*';
      if (prefix) ++i;
      operand(quote(phrase) + (prefix ? ":*" : ""));
    } else if (c == '(') {
      if (operand_before) out += " & ";
      out += "(";
      ++depth;
      operand_before = false;
      ++i;
    } else if (c == ')') {
      if (depth == 0 || !operand_before) return bad("unexpected ')'");
      out += ")";
      --depth;
      ++i;
    } else {
      // An FTS5 bareword: ASCII letters, digits, '_', U+001A and any non-ASCII
      // byte; FTS5 refuses other punctuation there (or gives it a meaning,
      // such as column filters, that the API does not offer), so we do too.
      auto bareword = [](unsigned char b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' ||
               b == 0x1a || b >= 0x80 || b == '*';
      };
      size_t j = i;
      while (j < q.size() && bareword(static_cast<unsigned char>(q[j]))) ++j;
      if (j == i) return bad(std::string("unexpected '") + q[i] + "'");
      std::string_view word = q.substr(i, j - i);
      i = j;
      if (word == "AND" || word == "OR" || word == "NOT") {
        if (!operand_before) return bad("'" + std::string(word) + "' needs a term before it");
        out += word == "AND" ? " & " : word == "OR" ? " | " : " & !";
        operand_before = false;
        continue;
      }
      bool prefix = word.size() > 1 && word.back() == '*';
      if (prefix) word.remove_suffix(1);
      if (word.empty() || word.find('*') != std::string_view::npos) return bad("unexpected '*'");
      operand(quote(word) + (prefix ? ":*" : ""));
    }
  }
  if (depth != 0) return bad("unbalanced '('");
  if (!operand_before) return bad(out.empty() ? "empty query" : "a query cannot end with an operator");
  return out;
}

namespace {

// Rows of one streamed query are fetched this many at a time.
constexpr int kFetchRows = 2000;
// Paged queries up to this limit are read in one round trip.
constexpr int64_t kSmallLimit = 10000;

class PgStore : public PostgresStore {
 public:
  PgStore(PGconn* conn, std::string location, StoreOptions options)
      : conn_(conn), where_(RedactConninfo(location)), options_(options) {}
  ~PgStore() override { PQfinish(conn_); }

  Status Init();

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

  Result<std::vector<KeyState>> LookupKeys(const std::vector<std::string>& ids,
                                           const std::vector<std::string>& hashes) override;
  Result<bool> TaskDone(const std::string& key, TaskRecord* record) override;
  Status RecordTask(const std::string& key, const TaskRecord& record) override;

 private:
  Status Error(const PGresult* r, std::string_view what) const;
  Status ConnectionError(std::string_view what) const;
  // Simple-protocol statements without parameters (BEGIN, COMMIT, DDL).
  Status Exec(const std::string& sql, std::string_view what);
  // One statement with parameters; row(r) per row, false stops the loop (all
  // rows have arrived already). `affected` receives the command's row count.
  Status Run(const std::string& sql, const std::vector<Value>& args, const std::function<bool(const Row&)>& row,
             std::string_view what, int64_t* affected = nullptr);
  // Like Run, through a cursor fetched kFetchRows at a time: bounded memory,
  // and `row` may issue other queries on this store meanwhile.
  Status Stream(const std::string& sql, const std::vector<Value>& args, const std::function<bool(const Row&)>& row,
                std::string_view what);
  Status Copy(const std::string& table_and_columns, const CopyBuffer& rows, std::string_view what);
  Status Rollback();
  Status Migrate();
  Result<int> ReadVersion();

  struct Classified {
    std::vector<PutResult> results;
    std::vector<size_t> inserts, updates;  // indexes into docs: the final version of each written id
  };
  Result<Classified> Classify(const std::vector<const Document*>& docs, const std::vector<std::string>& hashes,
                              bool reanalyse);
  Status WriteDocuments(const std::vector<const Document*>& docs, const std::vector<std::string>& hashes,
                        const Classified& c);

  Status Where(const EventQuery& q, std::string& sql, std::vector<Value>& args) const;
  Status CountSql(const EventQuery& q, std::string& sql, std::vector<Value>& args) const;
  static void ActorCondition(const char* side, const std::string& code, std::string& sql, std::vector<Value>& args);
  static std::string Arg(std::vector<Value>& args, Value v) {
    args.push_back(std::move(v));
    return "$" + std::to_string(args.size());
  }
  static std::string EventColumns();
  static StoredEvent ReadEvent(const Row& r);

  PGconn* conn_;
  std::string where_;  // the location without its password, for messages
  StoreOptions options_;
  int version_ = 0;
  bool in_transaction_ = false;
  int cursors_ = 0;
};

Status PgStore::ConnectionError(std::string_view what) const {
  std::string msg = PQerrorMessage(conn_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return Status::IoError(fmt::format("{}: {}: lost the connection to PostgreSQL ({})", where_, what, msg));
}

Status PgStore::Error(const PGresult* r, std::string_view what) const {
  if (PQstatus(conn_) == CONNECTION_BAD) return ConnectionError(what);
  const char* state_c = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string state = state_c ? state_c : "";
  std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  std::string where = fmt::format("{}: {}", where_, what);
  if (state.starts_with("08")) return Status::IoError(fmt::format("{}: connection failure ({})", where, msg));
  if (state == "55P03" || state == "40P01" || state == "40001")
    return Status::IoError(fmt::format(
        "{}: the database is locked by another writer (waited {} ms); try again when it has finished ({})", where,
        options_.busy_timeout_ms, msg));
  if (state == "53100") return Status::ResourceExhausted(fmt::format("{}: disk full ({})", where, msg));
  if (state.starts_with("53")) return Status::ResourceExhausted(fmt::format("{}: {}", where, msg));
  if (state == "25006") return Status::FailedPrecondition(fmt::format("{}: opened read-only ({})", where, msg));
  if (state.starts_with("XX00")) return Status::DataLoss(fmt::format("{}: the database is corrupt ({})", where, msg));
  if (state.starts_with("22")) return Status::InvalidArgument(fmt::format("{}: {}", where, msg));
  if (state == "42501" || state.starts_with("28") || state == "57014" || state.starts_with("57P"))
    return Status::IoError(fmt::format("{}: {}", where, msg));
  return Status::Internal(fmt::format("{}: {}", where, msg));
}

Status PgStore::Exec(const std::string& sql, std::string_view what) {
  ResultPtr r(PQexec(conn_, sql.c_str()));
  ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error(r.get(), what);
  return Status::Ok();
}

Status PgStore::Run(const std::string& sql, const std::vector<Value>& args,
                    const std::function<bool(const Row&)>& row, std::string_view what, int64_t* affected) {
  Params p(args);
  ResultPtr r(PQexecParams(conn_, sql.c_str(), static_cast<int>(args.size()), p.types.data(), p.values.data(),
                           p.lengths.data(), p.formats.data(), /*resultFormat=*/0));
  ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error(r.get(), what);
  if (affected) {
    const char* n = PQcmdTuples(r.get());
    *affected = n && *n ? std::strtoll(n, nullptr, 10) : 0;
  }
  if (row) {
    int n = PQntuples(r.get());
    for (int i = 0; i < n; ++i)
      if (!row(Row(r.get(), i))) break;
  }
  return Status::Ok();
}

Status PgStore::Rollback() {
  in_transaction_ = false;
  return Exec("ROLLBACK", "rolling back");
}

Status PgStore::Stream(const std::string& sql, const std::vector<Value>& args,
                       const std::function<bool(const Row&)>& row, std::string_view what) {
  bool own = !in_transaction_;
  if (own) {
    DYAD_RETURN_IF_ERROR(Exec("BEGIN", what));
    in_transaction_ = true;
    // The whole result is wanted: plan for it, not for the first rows.
    Status s = Exec("SET LOCAL cursor_tuple_fraction = 1.0", what);
    if (!s.ok()) {
      (void)Rollback();
      return s;
    }
  }
  std::string name = "dyad_cursor_" + std::to_string(++cursors_);
  Status s = Run("DECLARE " + name + " NO SCROLL CURSOR FOR " + sql, args, nullptr, what);
  bool more = s.ok();
  while (more) {
    int got = 0;
    bool stop = false;
    s = Run(fmt::format("FETCH {} FROM {}", kFetchRows, name), {},
            [&](const Row& r) {
              ++got;
              if (!row(r)) {
                stop = true;
                return false;
              }
              return true;
            },
            what);
    more = s.ok() && !stop && got == kFetchRows;
  }
  if (s.ok()) s = Exec("CLOSE " + name, what);
  if (own) {
    if (s.ok()) {
      s = Exec("COMMIT", what);
      in_transaction_ = false;
    } else {
      (void)Rollback();
    }
  }
  return s;
}

Status PgStore::Copy(const std::string& target, const CopyBuffer& rows, std::string_view what) {
  if (rows.rows() == 0) return Status::Ok();
  ResultPtr start(PQexec(conn_, ("COPY " + target + " FROM STDIN").c_str()));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) return Error(start.get(), what);
  const std::string& data = rows.data();
  constexpr size_t kChunk = 1 << 20;
  for (size_t pos = 0; pos < data.size(); pos += kChunk) {
    size_t n = std::min(kChunk, data.size() - pos);
    if (PQputCopyData(conn_, data.data() + pos, static_cast<int>(n)) != 1) {
      // Drain the copy state before reporting.
      (void)PQputCopyEnd(conn_, "dyad: write failed");
      ResultPtr r(PQgetResult(conn_));
      while (ResultPtr more{PQgetResult(conn_)}) {
      }
      return Error(r.get(), what);
    }
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) return ConnectionError(what);
  Status s;
  while (ResultPtr r{PQgetResult(conn_)}) {
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK && s.ok()) s = Error(r.get(), what);
  }
  return s;
}

Result<int> PgStore::ReadVersion() {
  bool exists = false;
  // pg_class is read with this statement's snapshot: to_regclass() could
  // answer from a catalog cache that predates a concurrent migration's commit.
  DYAD_RETURN_IF_ERROR(Run("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.relname = 'schema_version' "
                           "AND c.relkind = 'r' AND pg_catalog.pg_table_is_visible(c.oid))",
                           {},
                           [&](const Row& r) {
                             exists = r.Text(0) == "t";
                             return false;
                           },
                           "reading the schema version"));
  if (!exists) return 0;
  int v = 0;
  DYAD_RETURN_IF_ERROR(Run("SELECT coalesce(max(version), 0) FROM schema_version", {},
                           [&](const Row& r) {
                             v = static_cast<int>(r.Int(0));
                             return false;
                           },
                           "reading the schema version"));
  return v;
}

Status PgStore::Init() {
  if (PQserverVersion(conn_) < 120000)
    return Status::FailedPrecondition(fmt::format("{}: PostgreSQL {}.{} is too old; dyad needs 12 or newer", where_,
                                                  PQserverVersion(conn_) / 10000, PQserverVersion(conn_) / 100 % 100));
  bool has_documents = false;
  DYAD_RETURN_IF_ERROR(Run("SELECT to_regclass('documents') IS NOT NULL AND to_regclass('schema_version') IS NULL",
                           {},
                           [&](const Row& r) {
                             has_documents = r.Text(0) == "t";
                             return false;
                           },
                           "reading the schema"));
  if (has_documents)
    return Status::FailedPrecondition(
        where_ + ": not a dyad store (it has a 'documents' table but no schema_version); use another database or schema");
  return Migrate();
}

Status PgStore::Migrate() {
  auto v = ReadVersion();
  if (!v.ok()) return v.status();
  version_ = *v;
  if (version_ > kLatestVersion)
    return Status::FailedPrecondition(fmt::format(
        "{}: the store has schema version {}, newer than this dyad knows ({}); use a newer dyad", where_, version_,
        kLatestVersion));
  if (version_ == kLatestVersion) return Status::Ok();
  if (options_.read_only)
    return Status::FailedPrecondition(fmt::format(
        "{}: schema version {} needs migrating to {}; open it once without read-only (e.g. dyad ingest)", where_,
        version_, kLatestVersion));
  // DDL is transactional in PostgreSQL: all steps commit together or not at all.
  DYAD_RETURN_IF_ERROR(Exec("BEGIN", "starting a migration"));
  in_transaction_ = true;
  Status s = Run("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey}, nullptr, "waiting for another migration");
  Result<int> again = s.ok() ? ReadVersion() : Result<int>(s);  // another process may have migrated meanwhile
  if (!again.ok()) {
    (void)Rollback();
    return again.status();
  }
  version_ = *again;
  if (version_ < kLatestVersion)
    s = Exec("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, "
             "applied_at text NOT NULL)",
             "creating schema_version");
  for (const Migration& m : kMigrations) {
    if (!s.ok()) break;
    if (m.version <= version_) continue;
    s = Exec(m.sql, fmt::format("migration {}", m.version));
    if (s.ok())
      s = Run("INSERT INTO schema_version (version, description, applied_at) VALUES ($1, $2, $3)",
              {int64_t{m.version}, std::string(m.description), NowIso()}, nullptr, "recording the migration");
  }
  if (s.ok()) s = Exec("COMMIT", "committing the migration");
  in_transaction_ = false;
  if (!s.ok()) {
    (void)Exec("ROLLBACK", "rollback");
    return s;
  }
  version_ = kLatestVersion;
  return Status::Ok();
}

// Writing ----------------------------------------------------------------------

Result<PgStore::Classified> PgStore::Classify(const std::vector<const Document*>& docs,
                                              const std::vector<std::string>& hashes, bool reanalyse) {
  // What the store holds for these ids and hashes (under the batch's locks).
  TextArray ids;
  TextArray hash_list(hashes.begin(), hashes.end());
  for (const Document* d : docs) ids.push_back(d->id);
  std::unordered_map<std::string, std::string> id_hash;         // id -> stored hash
  std::unordered_map<std::string, std::set<std::string>> hash_ids;  // hash -> ids holding it
  DYAD_RETURN_IF_ERROR(Run("SELECT id, content_hash FROM documents WHERE id = ANY($1) UNION "
                           "SELECT id, content_hash FROM documents WHERE content_hash = ANY($2)",
                           {std::move(ids), std::move(hash_list)},
                           [&](const Row& r) {
                             std::string id = r.Text(0), hash = r.Text(1);
                             hash_ids[hash].insert(id);
                             id_hash.emplace(std::move(id), std::move(hash));
                             return true;
                           },
                           "looking up documents"));
  std::unordered_set<std::string> stored_before;
  for (const auto& [id, hash] : id_hash) stored_before.insert(id);
  // The batch's documents one after the other, as the SQLite store writes
  // them, so outcomes match even when one id or content repeats in a batch.
  Classified c;
  c.results.resize(docs.size());
  std::unordered_map<std::string, size_t> last_write;  // id -> index of its final version
  for (size_t i = 0; i < docs.size(); ++i) {
    const Document& d = *docs[i];
    if (d.id.empty()) return Status::InvalidArgument("document without an id");
    PutResult& out = c.results[i];
    auto it = id_hash.find(d.id);
    if (it != id_hash.end()) {
      if (it->second == hashes[i] && !reanalyse) {
        out.outcome = PutOutcome::kUnchanged;
        continue;
      }
      hash_ids[it->second].erase(d.id);
      it->second = hashes[i];
      hash_ids[hashes[i]].insert(d.id);
      out.outcome = PutOutcome::kReplaced;
    } else {
      auto h = hash_ids.find(hashes[i]);
      if (h != hash_ids.end() && !h->second.empty()) {
        out.outcome = PutOutcome::kDuplicate;
        out.duplicate_of = *h->second.begin();
        continue;
      }
      id_hash.emplace(d.id, hashes[i]);
      hash_ids[hashes[i]].insert(d.id);
      out.outcome = PutOutcome::kInserted;
    }
    out.events = d.events.size();
    last_write[d.id] = i;
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    auto it = last_write.find(docs[i]->id);
    if (it == last_write.end() || it->second != i) continue;
    (stored_before.count(docs[i]->id) ? c.updates : c.inserts).push_back(i);
  }
  return c;
}

Status PgStore::WriteDocuments(const std::vector<const Document*>& docs, const std::vector<std::string>& hashes,
                               const Classified& c) {
  std::vector<size_t> written = c.inserts;
  written.insert(written.end(), c.updates.begin(), c.updates.end());
  std::sort(written.begin(), written.end());  // input order: event ids grow as in the SQLite store
  if (written.empty()) return Status::Ok();
  if (!c.updates.empty()) {
    TextArray ids;
    for (size_t i : c.updates) ids.push_back(docs[i]->id);
    for (const char* table : {"sentences", "mentions", "events", "unknown_actors", "statements"})
      DYAD_RETURN_IF_ERROR(Run(fmt::format("DELETE FROM {} WHERE doc_id = ANY($1)", table), {ids}, nullptr,
                               "deleting old analysis"));
  }
  // Documents go through a staging table that lives for this transaction
  // only (safe behind a transaction-pooling pgbouncer).
  DYAD_RETURN_IF_ERROR(Exec(
      "CREATE TEMP TABLE dyad_stage (ord integer, op \"char\", id text COLLATE \"C\", content_hash text COLLATE "
      "\"C\", url text, site text, title text, author text, genre text, published text, language text, origin text, "
      "raw text, text text, num_events integer) ON COMMIT DROP",
      "staging documents"));
  std::unordered_set<size_t> updates(c.updates.begin(), c.updates.end());
  CopyBuffer buf;
  for (size_t i : written) {
    const Document& d = *docs[i];
    buf.Int(static_cast<int64_t>(i));
    buf.Text(updates.count(i) ? "u" : "i");
    buf.Text(d.id);
    buf.Text(hashes[i]);
    buf.Text(d.url);
    buf.Text(d.site);
    buf.Text(d.title);
    buf.Text(d.author);
    buf.Text(d.genre);
    if (d.date.empty()) buf.Null();
    else buf.Text(d.date);
    buf.Text(d.language);
    buf.Text(d.origin);
    buf.Text(d.raw);
    buf.Text(d.text);
    buf.Int(static_cast<int64_t>(d.events.size()));
    buf.EndRow();
  }
  DYAD_RETURN_IF_ERROR(Copy("dyad_stage", buf, "staging documents"));
  buf.Clear();
  if (!c.updates.empty())
    DYAD_RETURN_IF_ERROR(Run(
        "UPDATE documents d SET content_hash = s.content_hash, url = s.url, site = s.site, title = s.title, "
        "author = s.author, genre = s.genre, published = s.published, language = s.language, origin = s.origin, "
        "raw = s.raw, text = s.text, num_events = s.num_events FROM dyad_stage s WHERE s.op = 'u' AND d.id = s.id",
        {}, nullptr, "updating documents"));
  if (!c.inserts.empty()) {
    int64_t inserted = 0;
    DYAD_RETURN_IF_ERROR(Run(
        "INSERT INTO documents (id, content_hash, url, site, title, author, genre, published, language, origin, raw, "
        "text, num_events, ingested_at) SELECT id, content_hash, url, site, title, author, genre, published, "
        "language, origin, raw, text, num_events, $1 FROM dyad_stage WHERE op = 'i' ORDER BY ord "
        "ON CONFLICT (id) DO NOTHING",
        {NowIso()}, nullptr, "inserting documents", &inserted));
    // Under the batch's advisory locks nobody else can have stored these ids;
    // a writer that does not take them (an older dyad?) makes this batch fail
    // and be retried rather than lose its analysis.
    if (inserted != static_cast<int64_t>(c.inserts.size()))
      return Status::IoError(fmt::format("{}: another writer stored {} of these documents meanwhile; try again",
                                         where_, static_cast<int64_t>(c.inserts.size()) - inserted));
  }

  for (size_t i : written) {
    const Document& d = *docs[i];
    for (size_t k = 0; k < d.sentences.size(); ++k) {
      buf.Text(d.id);
      buf.Int(static_cast<int64_t>(k));
      buf.Int(d.sentences[k].span.begin);
      buf.Int(d.sentences[k].span.end);
      buf.EndRow();
    }
  }
  DYAD_RETURN_IF_ERROR(Copy("sentences (doc_id, idx, span_begin, span_end)", buf, "writing sentences"));
  buf.Clear();
  for (size_t i : written) {
    const Document& d = *docs[i];
    for (const Mention& m : d.mentions) {
      buf.Text(d.id);
      buf.Int(m.sentence);
      buf.Text(ToString(m.kind));
      buf.Int(m.span.begin);
      buf.Int(m.span.end);
      buf.Text(d.Text(m.span));
      buf.Text(m.code);
      buf.Text(m.country);
      buf.Text(m.sector);
      buf.Text(m.entry);
      buf.Text(m.detail);
      buf.EndRow();
    }
  }
  DYAD_RETURN_IF_ERROR(Copy(
      "mentions (doc_id, sentence, kind, span_begin, span_end, text, code, country, sector, entry, detail)", buf,
      "writing mentions"));
  buf.Clear();
  for (size_t i : written) {
    const Document& d = *docs[i];
    for (size_t k = 0; k < d.events.size(); ++k) {
      const Event& e = d.events[k];
      buf.Text(d.id);
      buf.Int(static_cast<int64_t>(k));
      buf.Int(e.sentence);
      if (e.date.empty()) buf.Null();
      else buf.Text(e.date);
      buf.Text(e.date_rule);
      for (const EventActor* a : {&e.source, &e.target}) {
        buf.Text(a->code);
        buf.Text(Root(a->code));
        buf.Text(a->country);
        buf.Text(a->sector);
        buf.Text(a->text);
        buf.Int(a->span.begin);
        buf.Int(a->span.end);
        buf.Text(a->entry);
      }
      buf.Text(e.cameo);
      buf.Text(std::string_view(e.cameo).substr(0, 2));
      buf.Text(e.plover);
      buf.Text(e.plover_mode);
      buf.Int(e.quad_class);
      buf.Real(e.goldstein);
      buf.Text(ToString(e.polarity));
      buf.Text(ToString(e.modality));
      buf.Text(e.modality_cue);
      buf.Int(e.asserted_actual() ? 1 : 0);
      buf.Int(e.trigger.begin);
      buf.Int(e.trigger.end);
      buf.Text(e.pattern_id);
      buf.Text(e.pattern_text);
      buf.Real(e.confidence);
      buf.EndRow();
    }
  }
  DYAD_RETURN_IF_ERROR(Copy(
      "events (doc_id, seq, sentence, date, date_rule, source_code, source_root, source_country, source_sector, "
      "source_text, source_begin, source_end, source_entry, target_code, target_root, target_country, target_sector, "
      "target_text, target_begin, target_end, target_entry, cameo, cameo_root, plover, plover_mode, quad_class, "
      "goldstein, polarity, modality, modality_cue, asserted, trigger_begin, trigger_end, pattern_id, pattern_text, "
      "confidence)",
      buf, "writing events"));
  buf.Clear();
  for (size_t i : written) {
    const Document& d = *docs[i];
    for (const auto& [name, span] : FindUnknownActorNames(d)) {
      buf.Text(d.id);
      buf.Text(name);
      buf.Int(span.begin);
      buf.Int(span.end);
      buf.EndRow();
    }
  }
  DYAD_RETURN_IF_ERROR(Copy("unknown_actors (doc_id, name, span_begin, span_end)", buf, "writing unknown actors"));
  buf.Clear();
  for (size_t i : written) {
    const Document& d = *docs[i];
    std::vector<StatementRecord> statements = StatementRecords(d);
    for (size_t k = 0; k < statements.size(); ++k) {
      const StatementRecord& r = statements[k];
      buf.Text(d.id);
      buf.Int(static_cast<int64_t>(k));
      if (r.date.empty()) buf.Null();
      else buf.Text(r.date);
      buf.Text(r.speaker_code);
      buf.Text(r.speaker_code.empty() ? r.speaker_country : Root(r.speaker_code));
      buf.Text(r.speaker_country);
      buf.Text(ToString(r.kind));
      buf.Text(r.content);
      buf.Text(StatementRecordJson(r));
      buf.EndRow();
    }
  }
  return Copy("statements (doc_id, seq, date, speaker_code, speaker_root, speaker_country, kind, content, record)",
              buf, "writing statements");
}

Result<std::vector<PutResult>> PgStore::PutDocuments(const std::vector<const Document*>& docs, bool reanalyse) {
  if (options_.read_only) return Status::FailedPrecondition(where_ + ": opened read-only");
  if (docs.empty()) return std::vector<PutResult>();
  std::vector<std::string> hashes;
  Int8Array keys;
  for (const Document* d : docs) {
    hashes.push_back(ContentHash(d->raw));
    keys.push_back(static_cast<int64_t>(Fnv64("id", d->id)));
    keys.push_back(static_cast<int64_t>(Fnv64("hash", hashes.back())));
  }
  // One global order of lock keys: two writers never wait on each other in a cycle.
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  DYAD_RETURN_IF_ERROR(Exec("BEGIN", "starting a transaction"));
  in_transaction_ = true;
  Result<Classified> classified = Status::Internal("unset");
  Status s = Exec(fmt::format("SET LOCAL lock_timeout = {}", std::max(1, options_.busy_timeout_ms)), "setting timeouts");
  if (s.ok())
    s = Run("SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k ORDER BY k", {std::move(keys)}, nullptr,
            "locking documents");
  if (s.ok()) {
    classified = Classify(docs, hashes, reanalyse);
    s = classified.status();
  }
  if (s.ok()) s = WriteDocuments(docs, hashes, *classified);
  if (s.ok()) s = Exec("COMMIT", "committing");
  in_transaction_ = false;
  if (!s.ok()) {
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) (void)Exec("ROLLBACK", "rollback");
    return s;
  }
  return std::move(classified->results);
}

Result<std::vector<KeyState>> PgStore::LookupKeys(const std::vector<std::string>& ids,
                                                  const std::vector<std::string>& hashes) {
  std::unordered_map<std::string, std::string> id_hash;
  std::unordered_set<std::string> stored_hashes;
  DYAD_RETURN_IF_ERROR(Run("SELECT id, content_hash FROM documents WHERE id = ANY($1) UNION "
                           "SELECT id, content_hash FROM documents WHERE content_hash = ANY($2)",
                           {TextArray(ids.begin(), ids.end()), TextArray(hashes.begin(), hashes.end())},
                           [&](const Row& r) {
                             stored_hashes.insert(r.Text(1));
                             id_hash.emplace(r.Text(0), r.Text(1));
                             return true;
                           },
                           "looking up documents"));
  std::vector<KeyState> out;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = id_hash.find(ids[i]);
    if (it != id_hash.end()) out.push_back(it->second == hashes[i] ? KeyState::kUnchanged : KeyState::kChanged);
    else out.push_back(stored_hashes.count(hashes[i]) ? KeyState::kDuplicate : KeyState::kNew);
  }
  return out;
}

Result<bool> PgStore::TaskDone(const std::string& key, TaskRecord* record) {
  bool found = false;
  DYAD_RETURN_IF_ERROR(Run("SELECT documents, written, unchanged, duplicates, errors, events FROM ingest_tasks "
                           "WHERE key = $1",
                           {key},
                           [&](const Row& r) {
                             found = true;
                             if (record)
                               *record = TaskRecord{r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4), r.Int(5)};
                             return false;
                           },
                           "reading the task ledger"));
  return found;
}

Status PgStore::RecordTask(const std::string& key, const TaskRecord& t) {
  if (options_.read_only) return Status::FailedPrecondition(where_ + ": opened read-only");
  return Run("INSERT INTO ingest_tasks (key, documents, written, unchanged, duplicates, errors, events, finished_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key) DO NOTHING",
             {key, t.documents, t.written, t.unchanged, t.duplicates, t.errors, t.events, NowIso()}, nullptr,
             "recording a finished task");
}

// Reading ----------------------------------------------------------------------

Status PgStore::ForEachDocumentKey(const std::function<void(const std::string&, const std::string&)>& fn) {
  return Stream("SELECT id, content_hash FROM documents ORDER BY num", {},
                [&](const Row& r) {
                  fn(r.Text(0), r.Text(1));
                  return true;
                },
                "listing documents");
}

std::string PgStore::EventColumns() {
  // The sentence is cut by bytes, as spans count them (textsend gives the UTF-8 bytes).
  return "e.id, e.doc_id, e.sentence, e.date, e.date_rule, e.source_code, e.source_country, e.source_sector, "
         "e.source_text, e.source_begin, e.source_end, e.source_entry, e.target_code, e.target_country, "
         "e.target_sector, e.target_text, e.target_begin, e.target_end, e.target_entry, e.cameo, e.plover, "
         "e.plover_mode, e.quad_class, e.goldstein, e.polarity, e.modality, e.modality_cue, e.trigger_begin, "
         "e.trigger_end, e.pattern_id, e.pattern_text, e.confidence, d.url, d.site, "
         "substring(textsend(d.text) FROM s.span_begin + 1 FOR s.span_end - s.span_begin), s.span_begin";
}

StoredEvent PgStore::ReadEvent(const Row& s) {
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
  r.sentence_text = s.Bytes(34);
  int64_t sentence_begin = s.Null(35) ? -1 : s.Int(35);
  if (sentence_begin >= 0 && e.trigger.begin >= sentence_begin && e.trigger.end >= e.trigger.begin &&
      e.trigger.end - sentence_begin <= static_cast<int64_t>(r.sentence_text.size()))
    r.trigger_text = r.sentence_text.substr(e.trigger.begin - sentence_begin, e.trigger.size());
  return r;
}

void PgStore::ActorCondition(const char* side, const std::string& code, std::string& sql, std::vector<Value>& args) {
  if (code.size() == 3) {
    sql += fmt::format(" AND e.{}_root = {}", side, Arg(args, code));
  } else {
    // The root narrows the search to one index range; the code range refines it.
    std::string root = Arg(args, code.substr(0, 3));
    std::string lo = Arg(args, code);
    std::string hi = Arg(args, code + "~");
    sql += fmt::format(" AND e.{0}_root = {1} AND e.{0}_code >= {2} AND e.{0}_code < {3}", side, root, lo, hi);
  }
}

// Appends " AND ..." conditions for q; every user value is a bound parameter.
Status PgStore::Where(const EventQuery& q, std::string& sql, std::vector<Value>& args) const {
  // As the SQLite store: an explicit polarity or modality replaces the
  // default "asserted only".
  if (!q.all && q.polarity.empty() && q.modality.empty()) sql += " AND e.asserted = 1";
  if (!q.polarity.empty()) sql += " AND e.polarity = " + Arg(args, q.polarity);
  if (!q.modality.empty()) sql += " AND e.modality = " + Arg(args, q.modality);
  if (!q.actor.empty()) {
    std::string as_source, as_target;
    ActorCondition("source", q.actor, as_source, args);
    ActorCondition("target", q.actor, as_target, args);
    sql += " AND ((" + as_source.substr(5) + ") OR (" + as_target.substr(5) + "))";
  }
  if (!q.source.empty()) ActorCondition("source", q.source, sql, args);
  if (!q.target.empty()) ActorCondition("target", q.target, sql, args);
  if (!q.dyad_a.empty()) {
    std::string ab, ba;
    ActorCondition("source", q.dyad_a, ab, args);
    ActorCondition("target", q.dyad_b, ab, args);
    ActorCondition("source", q.dyad_b, ba, args);
    ActorCondition("target", q.dyad_a, ba, args);
    sql += " AND ((" + ab.substr(5) + ") OR (" + ba.substr(5) + "))";
  }
  if (!q.code.empty()) {
    std::string lo = Arg(args, q.code), hi = Arg(args, q.code + "~");
    sql += " AND e.cameo >= " + lo + " AND e.cameo < " + hi;
  }
  if (!q.plover.empty()) sql += " AND e.plover = " + Arg(args, q.plover);
  if (q.quad) sql += " AND e.quad_class = " + Arg(args, int64_t(q.quad));
  if (!q.from.empty()) sql += " AND e.date >= " + Arg(args, q.from);
  if (!q.to.empty()) sql += " AND e.date <= " + Arg(args, q.to);
  if (!q.doc_id.empty()) sql += " AND e.doc_id = " + Arg(args, q.doc_id);
  if (!q.site.empty()) sql += " AND e.doc_id IN (SELECT ds.id FROM documents ds WHERE ds.site = " + Arg(args, q.site) + ")";
  if (!q.text.empty()) {
    auto tsquery = Fts5ToTsquery(q.text);
    if (!tsquery.ok()) return tsquery.status();
    sql += " AND e.doc_id IN (SELECT dt.id FROM documents dt WHERE dt.search @@ to_tsquery('simple', " +
           Arg(args, *tsquery) + "))";
  }
  return Status::Ok();
}

Status PgStore::QueryEvents(const EventQuery& q, const std::function<bool(const StoredEvent&)>& fn) {
  std::vector<Value> args;
  std::string inner = "SELECT e.id, e.date FROM events e WHERE true";
  DYAD_RETURN_IF_ERROR(Where(q, inner, args));
  // SQLite sorts missing dates first (last when descending); PostgreSQL must be told.
  const char* order = q.newest_first ? " ORDER BY e.date DESC NULLS LAST, e.id DESC" : " ORDER BY e.date NULLS FIRST, e.id";
  inner += order;
  if (q.limit > 0) inner += " LIMIT " + Arg(args, q.limit);
  if (q.offset > 0) inner += " OFFSET " + Arg(args, q.offset);
  std::string sql = "SELECT " + EventColumns() + " FROM (" + inner +
                    ") page JOIN events e ON e.id = page.id JOIN documents d ON d.id = e.doc_id "
                    "LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence" + order;
  auto row = [&](const Row& r) { return fn(ReadEvent(r)); };
  if (q.limit > 0 && q.limit <= kSmallLimit) return Run(sql, args, row, "querying events");
  return Stream(sql, args, row, "querying events");
}

Status PgStore::QueryGroupedEvents(const EventQuery& q, bool with_mentions,
                                   const std::function<bool(const GroupedEvent&)>& fn) {
  std::vector<Value> args;
  std::string sql = std::string("SELECT min(e.id) AS first_id, count(*), count(DISTINCT e.doc_id)") +
                    (with_mentions ? ", string_agg(e.doc_id || ' ' || e.sentence, E'\\n')" : "") +
                    " FROM events e WHERE true";
  DYAD_RETURN_IF_ERROR(Where(q, sql, args));
  sql += " GROUP BY e.date, e.source_code, e.target_code, e.cameo ORDER BY e.date NULLS FIRST, first_id";
  if (q.limit > 0) sql += " LIMIT " + Arg(args, q.limit);
  if (q.offset > 0) sql += " OFFSET " + Arg(args, q.offset);
  // Groups arrive in pages; each page's first events are read in one query.
  std::vector<GroupedEvent> groups;
  std::vector<int64_t> first_ids;
  bool stopped = false;
  Status inner;
  auto flush = [&]() -> bool {
    if (groups.empty()) return true;
    std::unordered_map<int64_t, StoredEvent> firsts;
    inner = Run("SELECT " + EventColumns() +
                    " FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id "
                    "AND s.idx = e.sentence WHERE e.id = ANY($1)",
                {Int8Array(first_ids.begin(), first_ids.end())},
                [&](const Row& r) {
                  StoredEvent se = ReadEvent(r);
                  firsts.emplace(se.id, std::move(se));
                  return true;
                },
                "reading events");
    if (!inner.ok()) return false;
    for (size_t i = 0; i < groups.size(); ++i) {
      auto it = firsts.find(first_ids[i]);
      if (it == firsts.end()) continue;  // deleted meanwhile
      groups[i].first = std::move(it->second);
      if (!fn(groups[i])) {
        stopped = true;
        return false;
      }
    }
    groups.clear();
    first_ids.clear();
    return true;
  };
  auto row = [&](const Row& r) {
    GroupedEvent g;
    first_ids.push_back(r.Int(0));
    g.num_mentions = r.Int(1);
    g.num_sources = r.Int(2);
    if (with_mentions) {
      std::string all = r.Text(3);
      size_t pos = 0;
      while (pos < all.size()) {
        size_t nl = all.find('\n', pos);
        if (nl == std::string::npos) nl = all.size();
        std::string_view item(all.data() + pos, nl - pos);
        size_t sp = item.rfind(' ');
        if (sp != std::string_view::npos)
          g.mentions.emplace_back(std::string(item.substr(0, sp)),
                                  static_cast<uint32_t>(std::strtoul(std::string(item.substr(sp + 1)).c_str(), nullptr, 10)));
        pos = nl + 1;
      }
      std::sort(g.mentions.begin(), g.mentions.end());
    }
    groups.push_back(std::move(g));
    return groups.size() < 500 || flush();
  };
  Status s = q.limit > 0 && q.limit <= kSmallLimit ? Run(sql, args, row, "grouping events")
                                                   : Stream(sql, args, row, "grouping events");
  if (!s.ok()) return s;
  if (!inner.ok()) return inner;
  if (!stopped) flush();
  return inner;
}

Status PgStore::CountSql(const EventQuery& q, std::string& sql, std::vector<Value>& args) const {
  sql = "SELECT count(*) FROM events e WHERE true";
  if (!q.dyad_a.empty()) {
    // A dyad either way is two ranges of events_dyad. OR'd in one query they
    // need a bitmap scan that visits the table; counted apart, each is an
    // index-only scan (the second leaves out what the first counted).
    EventQuery rest = q;
    rest.dyad_a.clear();
    rest.dyad_b.clear();
    std::string ab, ba;
    ActorCondition("source", q.dyad_a, ab, args);
    ActorCondition("target", q.dyad_b, ab, args);
    sql = "SELECT (SELECT count(*) FROM events e WHERE true" + ab;
    DYAD_RETURN_IF_ERROR(Where(rest, sql, args));
    ActorCondition("source", q.dyad_b, ba, args);
    ActorCondition("target", q.dyad_a, ba, args);
    std::string ab_again;
    ActorCondition("source", q.dyad_a, ab_again, args);
    ActorCondition("target", q.dyad_b, ab_again, args);
    sql += ") + (SELECT count(*) FROM events e WHERE true" + ba + " AND (" + ab_again.substr(5) + ") IS NOT TRUE";
    DYAD_RETURN_IF_ERROR(Where(rest, sql, args));
    sql += ")";
  } else {
    DYAD_RETURN_IF_ERROR(Where(q, sql, args));
  }
  return Status::Ok();
}

Result<int64_t> PgStore::CountEvents(const EventQuery& q) {
  std::vector<Value> args;
  std::string sql;
  DYAD_RETURN_IF_ERROR(CountSql(q, sql, args));
  int64_t n = 0;
  DYAD_RETURN_IF_ERROR(Run(sql, args,
                           [&](const Row& r) {
                             n = r.Int(0);
                             return false;
                           },
                           "counting events"));
  return n;
}

Result<std::vector<TimelinePoint>> PgStore::Timeline(const std::string& a, const std::string& b, Interval interval,
                                                     const EventQuery& extra) {
  std::vector<TimelinePoint> out;
  for (int dir = 0; dir < 2; ++dir) {
    EventQuery q = extra;
    q.dyad_a.clear();
    q.dyad_b.clear();
    q.source = dir == 0 ? a : b;
    q.target = dir == 0 ? b : a;
    std::vector<Value> args;
    std::string sql = "SELECT e.date, count(*), sum(e.goldstein) FROM events e WHERE e.date IS NOT NULL";
    DYAD_RETURN_IF_ERROR(Where(q, sql, args));
    sql += " GROUP BY e.date ORDER BY e.date";
    std::map<std::string, std::pair<int64_t, double>> buckets;
    DYAD_RETURN_IF_ERROR(Run(sql, args,
                             [&](const Row& r) {
                               std::string day = r.Text(0);
                               std::string key = day;
                               if (day.size() >= 10) {
                                 if (interval == Interval::kMonth) key = day.substr(0, 7);
                                 else if (interval == Interval::kWeek) key = store_util::IsoWeek(day);
                               }
                               auto& [n, sum] = buckets[key];
                               n += r.Int(1);
                               sum += r.Real(2);
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

// The dashboard's aggregations, straight from the events (the SQLite store's
// summary tables have no counterpart here; PostgreSQL's parallel aggregates
// and the covering indexes carry them). Same rows and order as SQLite.
Result<std::vector<PeriodCount>> PgStore::CountByPeriod(const EventQuery& q, Interval interval) {
  std::vector<Value> args;
  std::string sql =
      "SELECT coalesce(e.date, ''), e.quad_class, count(*), sum(e.goldstein) FROM events e WHERE true";
  DYAD_RETURN_IF_ERROR(Where(q, sql, args));
  sql += " GROUP BY 1, 2";
  std::map<std::string, PeriodCount> periods;
  DYAD_RETURN_IF_ERROR(Run(sql, args,
                           [&](const Row& r) {
                             std::string key = r.Text(0);
                             if (key.size() >= 10) {
                               if (interval == Interval::kMonth) key = key.substr(0, 7);
                               else if (interval == Interval::kWeek) key = store_util::IsoWeek(key);
                             }
                             PeriodCount& p = periods[key];
                             p.period = key;
                             int64_t quad = r.Int(1), n = r.Int(2);
                             p.count += n;
                             p.by_quad[quad >= 1 && quad <= 4 ? quad : 0] += n;
                             p.goldstein_sum += r.Real(3);
                             return true;
                           },
                           "counting events by period"));
  std::vector<PeriodCount> out;
  for (auto& [key, p] : periods) out.push_back(std::move(p));
  return out;
}

Result<std::vector<DyadCount>> PgStore::CountByDyad(const EventQuery& q) {
  std::vector<Value> args;
  std::string sql = "SELECT e.source_root, e.target_root, count(*), sum(e.goldstein) FROM events e WHERE true";
  DYAD_RETURN_IF_ERROR(Where(q, sql, args));
  sql += " GROUP BY 1, 2 ORDER BY 1, 2";
  std::vector<DyadCount> out;
  DYAD_RETURN_IF_ERROR(Run(sql, args,
                           [&](const Row& r) {
                             out.push_back(DyadCount{r.Text(0), r.Text(1), r.Int(2), r.Real(3)});
                             return true;
                           },
                           "counting events by dyad"));
  return out;
}

Result<std::vector<CountRow>> PgStore::CountByFacet(const EventQuery& q, Facet facet) {
  const char* column = facet == Facet::kCameoRoot ? "cameo_root" : facet == Facet::kPlover ? "plover" : "quad_class";
  std::vector<Value> args;
  std::string sql = fmt::format("SELECT e.{0}, count(*), sum(e.goldstein) FROM events e WHERE true", column);
  DYAD_RETURN_IF_ERROR(Where(q, sql, args));
  sql += fmt::format(" GROUP BY e.{0} ORDER BY e.{0}", column);
  std::vector<CountRow> out;
  DYAD_RETURN_IF_ERROR(Run(sql, args,
                           [&](const Row& r) {
                             int64_t n = r.Int(1);
                             if (n > 0) out.push_back(CountRow{r.Text(0), n, r.Real(2) / double(n)});
                             return true;
                           },
                           "counting events by type"));
  return out;
}

Result<std::vector<CountRow>> PgStore::Sites() {
  std::vector<CountRow> out;
  DYAD_RETURN_IF_ERROR(Run("SELECT site, count(*) FROM documents GROUP BY site ORDER BY site", {},
                           [&](const Row& r) {
                             out.push_back(CountRow{r.Text(0), r.Int(1), 0.0});
                             return true;
                           },
                           "listing sites"));
  return out;
}

Result<std::optional<StoredEvent>> PgStore::GetEvent(int64_t id) {
  std::optional<StoredEvent> out;
  std::string sql = "SELECT " + EventColumns() +
                    " FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id "
                    "AND s.idx = e.sentence WHERE e.id = $1";
  DYAD_RETURN_IF_ERROR(Run(sql, {id},
                           [&](const Row& r) {
                             out = ReadEvent(r);
                             return false;
                           },
                           "reading an event"));
  return out;
}

Status PgStore::QueryEventGroup(int64_t id, const std::function<bool(const StoredEvent&)>& fn) {
  auto first = GetEvent(id);
  if (!first.ok()) return first.status();
  if (!*first) return Status::Ok();
  const Event& e = (*first)->event;
  std::string sql = "SELECT " + EventColumns() +
                    " FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id "
                    "AND s.idx = e.sentence WHERE e.source_root = $1 AND e.target_root = $2 AND e.source_code = $3 "
                    "AND e.target_code = $4 AND e.cameo = $5 AND e.asserted = $6 AND " +
                    std::string(e.date.empty() ? "e.date IS NULL" : "e.date = $7") + " ORDER BY e.id";
  std::vector<Value> args = {store_util::Root(e.source.code), store_util::Root(e.target.code), e.source.code,
                             e.target.code, e.cameo, int64_t(e.asserted_actual() ? 1 : 0)};
  if (!e.date.empty()) args.emplace_back(e.date);
  return Run(sql, args, [&](const Row& r) { return fn(ReadEvent(r)); }, "reading an event's mentions");
}

Result<StoreStats> PgStore::Stats(size_t top_dyads) {
  StoreStats st;
  auto scalar = [&](const std::string& sql, int64_t& out) {
    return Run(sql, {},
               [&](const Row& r) {
                 out = r.Int(0);
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
                           [&](const Row& r) {
                             st.first_date = r.Text(0);
                             st.last_date = r.Text(1);
                             return false;
                           },
                           "computing statistics"));
  auto rows = [&](const std::string& sql, std::vector<Value> args, std::vector<CountRow>& out) {
    return Run(sql, args,
               [&](const Row& r) {
                 out.push_back(CountRow{r.Text(0), r.Int(1), r.Real(2)});
                 return true;
               },
               "computing statistics");
  };
  DYAD_RETURN_IF_ERROR(rows("SELECT substr(date, 1, 7) AS month, count(*), avg(goldstein) FROM events "
                            "WHERE asserted = 1 AND date IS NOT NULL GROUP BY month ORDER BY month",
                            {}, st.by_month));
  DYAD_RETURN_IF_ERROR(rows("SELECT source_root || '-' || target_root AS dyad, count(*) AS n, avg(goldstein) FROM "
                            "events WHERE asserted = 1 AND target_root <> '' GROUP BY source_root, target_root "
                            "ORDER BY n DESC, dyad LIMIT $1",
                            {int64_t(top_dyads)}, st.by_dyad));
  DYAD_RETURN_IF_ERROR(rows("SELECT cameo_root || ' ' || max(plover) AS type, count(*) AS n, avg(goldstein) FROM "
                            "events WHERE asserted = 1 GROUP BY cameo_root ORDER BY cameo_root",
                            {}, st.by_type));
  return st;
}

Result<std::vector<UnknownActor>> PgStore::UnknownActors(size_t limit, int64_t min_count) {
  std::vector<UnknownActor> out;
  DYAD_RETURN_IF_ERROR(Run("SELECT name, count(*) AS n, count(DISTINCT doc_id), min(doc_id) FROM unknown_actors "
                           "GROUP BY name HAVING count(*) >= $1 ORDER BY n DESC, name LIMIT $2",
                           {min_count, int64_t(limit)},
                           [&](const Row& r) {
                             out.push_back(UnknownActor{r.Text(0), r.Int(1), r.Int(2), r.Text(3)});
                             return true;
                           },
                           "listing unknown actors"));
  return out;
}

Result<std::optional<StoredDocument>> PgStore::GetDocument(const std::string& id, bool annotations) {
  StoredDocument sd;
  bool found = false;
  Document& d = sd.doc;
  DYAD_RETURN_IF_ERROR(Run("SELECT id, content_hash, url, site, title, author, genre, published, language, origin, "
                           "raw, text, ingested_at FROM documents WHERE id = $1",
                           {id},
                           [&](const Row& r) {
                             found = true;
                             d.id = r.Text(0);
                             sd.content_hash = r.Text(1);
                             d.url = r.Text(2);
                             d.site = r.Text(3);
                             d.title = r.Text(4);
                             d.author = r.Text(5);
                             d.genre = r.Text(6);
                             d.date = r.Null(7) ? "" : r.Text(7);
                             d.language = r.Text(8);
                             d.origin = r.Text(9);
                             d.raw = r.Text(10);
                             d.text = r.Text(11);
                             sd.ingested_at = r.Text(12);
                             return false;
                           },
                           "reading a document"));
  if (!found) return std::optional<StoredDocument>();
  DYAD_RETURN_IF_ERROR(Run("SELECT span_begin, span_end FROM sentences WHERE doc_id = $1 ORDER BY idx", {id},
                           [&](const Row& r) {
                             Sentence sent;
                             sent.span = Span{static_cast<uint32_t>(r.Int(0)), static_cast<uint32_t>(r.Int(1))};
                             d.sentences.push_back(sent);
                             return true;
                           },
                           "reading sentences"));
  if (!annotations) return std::optional<StoredDocument>(std::move(sd));
  DYAD_RETURN_IF_ERROR(Run("SELECT sentence, kind, span_begin, span_end, code, country, sector, entry, detail FROM "
                           "mentions WHERE doc_id = $1 ORDER BY id",
                           {id},
                           [&](const Row& r) {
                             Mention m;
                             m.sentence = static_cast<uint32_t>(r.Int(0));
                             m.kind = KindFrom(r.Text(1));
                             m.span = Span{static_cast<uint32_t>(r.Int(2)), static_cast<uint32_t>(r.Int(3))};
                             m.code = r.Text(4);
                             m.country = r.Text(5);
                             m.sector = r.Text(6);
                             m.entry = r.Text(7);
                             m.detail = r.Text(8);
                             d.mentions.push_back(std::move(m));
                             return true;
                           },
                           "reading mentions"));
  DYAD_RETURN_IF_ERROR(Run("SELECT " + EventColumns() +
                               " FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN sentences s ON "
                               "s.doc_id = e.doc_id AND s.idx = e.sentence WHERE e.doc_id = $1 ORDER BY e.seq",
                           {id},
                           [&](const Row& r) {
                             d.events.push_back(ReadEvent(r).event);
                             return true;
                           },
                           "reading events"));
  DYAD_RETURN_IF_ERROR(Run("SELECT name, span_begin, span_end FROM unknown_actors WHERE doc_id = $1 ORDER BY id",
                           {id},
                           [&](const Row& r) {
                             sd.unknown_names.emplace_back(
                                 r.Text(0), Span{static_cast<uint32_t>(r.Int(1)), static_cast<uint32_t>(r.Int(2))});
                             return true;
                           },
                           "reading unknown actors"));
  return std::optional<StoredDocument>(std::move(sd));
}

// As the SQLite store's: the same filters, order and records.
Status PgStore::QueryStatements(const StatementQuery& q, const std::function<bool(const StatementRecord&)>& fn) {
  std::vector<Value> args;
  std::string sql = "SELECT s.record FROM statements s WHERE true";
  // A party: its code range; speaker_root holds the country of a speaker without a code.
  auto party = [&](const std::string& code) {
    if (code.size() == 3) return "s.speaker_root = " + Arg(args, code);
    std::string c = "(s.speaker_root = " + Arg(args, code.substr(0, 3));
    c += " AND s.speaker_code >= " + Arg(args, code);
    return c + " AND s.speaker_code < " + Arg(args, code + "~") + ")";
  };
  if (!q.speaker.empty()) sql += " AND " + party(q.speaker);
  if (!q.dyad_a.empty()) {
    std::string a = party(q.dyad_a);
    sql += " AND (" + a + " OR " + party(q.dyad_b) + ")";
  }
  if (!q.from.empty()) sql += " AND s.date >= " + Arg(args, q.from);
  if (!q.to.empty()) sql += " AND s.date <= " + Arg(args, q.to);
  if (!q.doc_id.empty()) sql += " AND s.doc_id = " + Arg(args, q.doc_id);
  if (!q.text.empty()) {
    auto tsquery = Fts5ToTsquery(q.text);
    if (!tsquery.ok()) return tsquery.status();
    sql += " AND s.search @@ to_tsquery('simple', " + Arg(args, *tsquery) + ")";
  }
  // SQLite sorts missing dates last here (IS NULL first; smallest when descending).
  sql += q.newest_first ? " ORDER BY s.date DESC NULLS LAST, s.id DESC"
                        : " ORDER BY s.date NULLS LAST, s.doc_id, s.seq";
  if (q.limit > 0) sql += " LIMIT " + Arg(args, q.limit);
  if (q.offset > 0) sql += " OFFSET " + Arg(args, q.offset);
  Status bad;
  auto row = [&](const Row& r) {
    auto rec = ParseStatementRecordJson(r.Text(0));
    if (!rec.ok()) {
      bad = Status::DataLoss(where_ + ": a stored statement is unreadable: " + rec.status().message());
      return false;
    }
    return fn(*rec);
  };
  Status s = q.limit > 0 && q.limit <= kSmallLimit ? Run(sql, args, row, "reading statements")
                                                   : Stream(sql, args, row, "reading statements");
  if (!s.ok()) return s;
  return bad;
}

Result<std::vector<std::string>> PgStore::ExplainEventsQuery(const EventQuery& q) {
  std::vector<std::string> out;
  std::vector<Value> args;
  std::string page = "SELECT e.id FROM events e WHERE true";
  DYAD_RETURN_IF_ERROR(Where(q, page, args));
  page += " ORDER BY e.date NULLS FIRST, e.id LIMIT 100";
  std::vector<Value> count_args;
  std::string count;
  DYAD_RETURN_IF_ERROR(CountSql(q, count, count_args));
  for (const auto& [label, sql, a] : {std::tuple{"page", page, args}, std::tuple{"count", count, count_args}}) {
    DYAD_RETURN_IF_ERROR(Run("EXPLAIN " + sql, a,
                             [&, label = label](const Row& r) {
                               out.push_back(std::string(label) + ": " + r.Text(0));
                               return true;
                             },
                             "explaining"));
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& location, const StoreOptions& options) {
  // Defaults first: settings in `location` override them.
  const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", nullptr};
  const char* values[] = {"10", "dyad", "UTF8", location.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn) return Status::ResourceExhausted("out of memory connecting to PostgreSQL");
  // Server notices ("relation already exists, skipping") are not the user's business.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(conn);
    return Status::IoError(fmt::format("{}: cannot connect to PostgreSQL: {}", RedactConninfo(location), msg));
  }
  auto store = std::make_unique<PgStore>(conn, location, options);
  Status s = store->Init();
  if (!s.ok()) return s;
  return std::unique_ptr<PostgresStore>(std::move(store));
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& location, const StoreOptions& options) {
  auto s = PostgresStore::Open(location, options);
  if (!s.ok()) return s.status();
  return std::unique_ptr<Store>(std::move(*s));
}

}  // namespace dyad
