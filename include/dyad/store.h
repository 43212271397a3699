// The event store: documents, their sentences, actor mentions and events,
// kept across runs so analysts can query months of articles at once.
//
// `Store` is the interface; `Store::Open` picks the backend from the
// location. Today that is SQLite (a file path; WAL journal, FTS5 over titles
// and texts). A PostgreSQL backend ("postgresql://...") is meant to come in
// behind the same interface: the SQL outside src/store/sqlite_store.cc is
// portable, and everything SQLite-specific (pragmas, FTS5, triggers) lives in
// that one file.
//
// Writes are idempotent: a document is keyed by its id (given by the input,
// else a hash of its url or content) and carries a 128-bit hash of its raw
// bytes. Writing the same content again changes nothing; the same content
// under another id is a duplicate and is skipped; the same id with other
// content replaces the stored version. Each PutDocuments call is one
// transaction (documents + sentences + mentions + events + unknown actors), so
// a process killed at any moment leaves either all of a batch or none of it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/pipeline.h"
#include "dyad/statements.h"
#include "dyad/status.h"

namespace dyad {

// 32 hex digits of the 128-bit FNV-1a hash of bytes (not cryptographic; it
// recognises a document seen before).
std::string ContentHash(std::string_view bytes);

// Filters shared by `dyad events`, `dyad stats` and GET /api/events. Every
// value reaches the database as a bound parameter, never as SQL text.
//
// Actor filters (source, target, dyad) match CAMEO codes hierarchically: a
// three-letter value ("IRQ", "IGO") matches every code that starts with it
// (IRQ, IRQGOV, IRQMIL); a longer one ("IRQGOV") matches that code and codes
// that extend it ("IRQGOVMOD").
struct EventQuery {
  std::string source;
  std::string target;
  std::string dyad_a, dyad_b;  // either direction
  std::string actor;           // either side: source or target
  std::string code;            // CAMEO code or its prefix ("04", "046")
  std::string plover;          // PLOVER type ("CONSULT")
  int quad = 0;                // 1..4, 0 = any
  std::string from, to;        // ISO days, inclusive; events without a date never match a range
  std::string text;            // FTS5 query over document titles and texts
  std::string site;
  std::string doc_id;
  bool all = false;            // also negated / future / hypothetical / question events
  // Either set: only events with that polarity ("asserted", "negated") or
  // modality ("actual", "future", "hypothetical", "question", "reported"),
  // whatever `all` says.
  std::string polarity;
  std::string modality;
  bool newest_first = false;   // order=desc: by date, latest first
  int64_t limit = 0;           // 0 = no limit
  int64_t offset = 0;
};

// Builds an EventQuery from key/value pairs (query string parameters, CLI
// options). Keys: source target dyad (A-B) actor code plover quad from to text
// site doc all polarity modality order (asc|desc) limit offset. Unknown keys and malformed values are errors that
// name the key. `max_limit` caps limit (0 = uncapped); `default_limit` applies
// when none is given.
Result<EventQuery> ParseEventQuery(const std::multimap<std::string, std::string>& params,
                                   int64_t default_limit = 0, int64_t max_limit = 0);

// Filters of GET /api/statements and `dyad compare --db`, like the event
// filters: `speaker` matches the speaker's code hierarchically (as `source`
// does; a speaker without a code by its country); `dyad` A-B keeps statements by either party (what a
// comparison of A and B reads); from/to are inclusive ISO days (undated
// statements never match a range); `text` is an FTS5 query over statement
// contents. Ordered by date (undated last), document, position.
struct StatementQuery {
  std::string speaker;
  std::string dyad_a, dyad_b;
  std::string from, to;
  std::string text;
  std::string doc_id;
  int64_t limit = 0;  // 0 = no limit
  int64_t offset = 0;
  bool newest_first = false;  // by date, latest first (what a comparison reads)
};

// Keys: speaker (or actor) dyad from to text doc limit offset; errors as
// ParseEventQuery.
Result<StatementQuery> ParseStatementQuery(const std::multimap<std::string, std::string>& params,
                                           int64_t default_limit = 0, int64_t max_limit = 0);

// One stored event row with what a reader needs to show it.
struct StoredEvent {
  int64_t id = 0;
  std::string doc_id;
  std::string url;
  std::string site;
  std::string sentence_text;
  std::string trigger_text;
  Event event;
};

// Events merged as GDELT does: one per (date, source, target, CAMEO code)
// across the whole store, with how many event mentions and documents report it.
struct GroupedEvent {
  StoredEvent first;  // the earliest stored mention
  int64_t num_mentions = 0;
  int64_t num_sources = 0;
  std::vector<std::pair<std::string, uint32_t>> mentions;  // (doc_id, sentence), when asked for
};

struct TimelinePoint {
  std::string period;     // "2024-01-27", "2024-W04" (ISO week), "2024-01"
  std::string direction;  // "A->B" or "B->A" (the codes as asked)
  int64_t count = 0;
  double mean_goldstein = 0.0;
};

enum class Interval { kDay, kWeek, kMonth };
bool ParseInterval(std::string_view s, Interval& out);

struct CountRow {
  std::string key;
  int64_t count = 0;
  double mean_goldstein = 0.0;
};

struct StoreStats {
  int64_t documents = 0;
  int64_t events = 0;         // stored mentions (rows), all polarities
  int64_t asserted_events = 0;
  int64_t grouped_events = 0;  // distinct (date, source, target, cameo) of asserted events
  int64_t mentions = 0;
  int64_t unknown_names = 0;
  std::string first_date, last_date;
  std::vector<CountRow> by_month;   // asserted events per month
  std::vector<CountRow> by_dyad;    // top dyads "IRQ-USA" (by actor root code, directed)
  std::vector<CountRow> by_type;    // per CAMEO root code with its PLOVER type
};

// Aggregations behind the dashboard. Each equals grouping the rows
// QueryEvents(q) would give (limit, offset and order ignored); a backend may
// answer from summary tables when the filters allow it.
struct PeriodCount {
  std::string period;          // as TimelinePoint; "" = events without a date
  int64_t count = 0;
  int64_t by_quad[5] = {};     // events per quad class 1..4 ([0]: none)
  double goldstein_sum = 0.0;
};

struct DyadCount {
  std::string source, target;  // actor root codes ("IRQ"); target "" = no target
  int64_t count = 0;
  double goldstein_sum = 0.0;
};

enum class Facet { kCameoRoot, kPlover, kQuadClass };

struct UnknownActor {
  std::string name;
  int64_t count = 0;
  int64_t documents = 0;
  std::string example_doc;
};

// A document as stored, with its annotations (spans into text).
struct StoredDocument {
  Document doc;  // id, metadata, raw, text, sentences (spans only), mentions, events
  std::string content_hash;
  std::string ingested_at;
  std::vector<std::pair<std::string, Span>> unknown_names;
};

enum class PutOutcome { kInserted, kUnchanged, kReplaced, kDuplicate };
std::string_view ToString(PutOutcome o);

struct PutResult {
  PutOutcome outcome = PutOutcome::kInserted;
  std::string duplicate_of;  // for kDuplicate: the id already holding this content
  size_t events = 0;         // rows written
};

struct StoreOptions {
  // Readers never write. A read-only file or directory is opened as it is
  // (SQLite: a WAL store whose -shm cannot be created is read as an immutable
  // snapshot when it has no pending write-ahead log).
  bool read_only = false;
  int busy_timeout_ms = 5000;  // wait this long for another writer's lock, then fail clearly
  // What a writer checks before anything is written (schema creation and
  // migrations included). A damaged store is refused with a DataLoss status
  // naming the file, and its bytes are left as they were. kQuick checks every
  // page's structure and the free list (SQLite: PRAGMA quick_check, linear in
  // the file size); kFull also checks every index against its table (SQLite:
  // integrity_check, several times slower).
  enum class Check { kNone, kQuick, kFull };
  Check check = Check::kQuick;
  // A writer whose file or directory is not writable opens read-only instead
  // of failing; its writes then fail with a clear error. For callers that
  // write only sometimes (a server without a token).
  bool read_only_fallback = false;
};

class Store {
 public:
  virtual ~Store() = default;

  // "path/to/file.db" (SQLite; created when missing unless read_only).
  // Fails with a clear message for a file that is not a dyad store, corrupt
  // (see StoreOptions::check), locked, not writable (for a writer) or from a
  // newer dyad. Write errors (disk full, file-size limit) fail the current
  // PutDocuments call only: its transaction is rolled back, and what earlier
  // calls committed stays intact.
  static Result<std::unique_ptr<Store>> Open(const std::string& location,
                                             const StoreOptions& options = {});

  virtual int SchemaVersion() = 0;

  // Writes annotated documents in one transaction. With `reanalyse` (recode)
  // an existing document's sentences/mentions/events are replaced even when
  // its content is unchanged.
  virtual Result<std::vector<PutResult>> PutDocuments(const std::vector<const Document*>& docs,
                                                      bool reanalyse = false) = 0;

  // (id, content hash) of every stored document.
  virtual Status ForEachDocumentKey(
      const std::function<void(const std::string& id, const std::string& hash)>& fn) = 0;

  // The stored document, or nullopt. Without `annotations` only metadata,
  // raw, text and sentence spans are read.
  virtual Result<std::optional<StoredDocument>> GetDocument(const std::string& id, bool annotations = true) = 0;

  // Matching event rows (one per mention), ordered by date, document, position.
  // `fn` returns false to stop.
  virtual Status QueryEvents(const EventQuery& q, const std::function<bool(const StoredEvent&)>& fn) = 0;
  // Matching events grouped by (date, source, target, cameo); limit/offset apply to groups.
  virtual Status QueryGroupedEvents(const EventQuery& q, bool with_mentions,
                                    const std::function<bool(const GroupedEvent&)>& fn) = 0;
  virtual Result<int64_t> CountEvents(const EventQuery& q) = 0;

  // Events between a and b in both directions (separately), per interval.
  virtual Result<std::vector<TimelinePoint>> Timeline(const std::string& a, const std::string& b,
                                                      Interval interval, const EventQuery& extra) = 0;

  // Matching events per period (and per quad class).
  virtual Result<std::vector<PeriodCount>> CountByPeriod(const EventQuery& q, Interval interval) = 0;
  // Matching events per directed pair of actor roots.
  virtual Result<std::vector<DyadCount>> CountByDyad(const EventQuery& q) = 0;
  // Matching events per value of one column (CountRow::key), by key.
  virtual Result<std::vector<CountRow>> CountByFacet(const EventQuery& q, Facet facet) = 0;
  // Documents per site (CountRow::count = documents), by site.
  virtual Result<std::vector<CountRow>> Sites() = 0;

  // One stored event row by id, or nullopt.
  virtual Result<std::optional<StoredEvent>> GetEvent(int64_t id) = 0;
  // Every stored mention of the same (date, source, target, CAMEO code) as
  // event `id` (itself included, asserted or not as it is), in storage order.
  virtual Status QueryEventGroup(int64_t id, const std::function<bool(const StoredEvent&)>& fn) = 0;

  virtual Result<StoreStats> Stats(size_t top_dyads = 20) = 0;
  virtual Result<std::vector<UnknownActor>> UnknownActors(size_t limit, int64_t min_count = 1) = 0;

  // The SQL plan of the events query for q (EXPLAIN QUERY PLAN lines).
  virtual Result<std::vector<std::string>> ExplainEventsQuery(const EventQuery& q) = 0;

  // Matching stored statements (PutDocuments keeps doc.statements); `fn`
  // returns false to stop. A backend that keeps no statements says so.
  virtual Status QueryStatements(const StatementQuery& q, const std::function<bool(const StatementRecord&)>& fn) {
    (void)q;
    (void)fn;
    return Status::FailedPrecondition("this store backend keeps no statements");
  }
};

// The pipeline of the store (ingest, recode, POST /api/documents):
// Pipeline::kDefaultSpec with events:all=yes, so negated and non-actual
// events are stored (labelled; queries hide them unless `all`), then the
// statements stage. `dict` adds
// actor dictionary files; `no_clean` skips page-chrome removal.
std::string StorePipelineSpec(const std::string& dict, bool no_clean);

// The unknown-actor heuristic (documented in docs/api.md): in each sentence
// with no coded actor mention, runs of two or more capitalised words
// ("Popular Mobilization Forces", "Kataib Hezbollah Brigades"), allowing
// lower-case "of", "for", "al", "bin" between them, with a leading function
// word dropped ("The"), skipping tokens inside time mentions (months,
// weekdays). Returns (name, span) pairs.
std::vector<std::pair<std::string, Span>> FindUnknownActorNames(const Document& doc);

// Runs a pipeline over documents with `jobs` worker threads (each with its
// own PipelineScratch) and ONE writer thread that commits batches in input
// order through the store. Memory is bounded: at most `window` documents are
// in flight.
struct IngestProgress {
  int64_t read = 0;        // documents handed in (including unreadable ones)
  int64_t written = 0;     // inserted or replaced
  int64_t unchanged = 0;   // already stored with the same content
  int64_t duplicates = 0;  // same content under another id
  int64_t errors = 0;
  int64_t events = 0;      // event rows written
  double seconds = 0.0;
  bool done = false;
};

struct IngestOptions {
  int jobs = 1;
  size_t batch_documents = 256;  // commit after this many documents...
  int batch_millis = 500;        // ...or this long, whichever comes first
  size_t window = 0;             // documents in flight; 0 = 8 * jobs + 2 * batch_documents
  bool reanalyse = false;        // recode: replace the analysis of unchanged documents
  bool skip_known = true;        // skip the pipeline for (id, hash) already stored
  std::string default_date;      // for documents without a date
  // Called from the writer thread about every `progress_millis` and at the end.
  std::function<void(const IngestProgress&)> on_progress;
  int progress_millis = 500;
  // Called for every failed document (from worker or writer threads, serialised).
  std::function<void(const std::string& origin, const Status&)> on_error;
};

// `produce` is called once on the calling thread and hands every document
// (or a failure) to `emit`, in order. The store must not be used by others
// meanwhile. Returns an error only when the store itself fails (the run stops).
using DocumentProducer =
    std::function<void(const std::function<void(const std::string& origin, Result<Document> doc)>& emit)>;
Result<IngestProgress> RunIngest(const Pipeline& pipeline, Store& store, const DocumentProducer& produce,
                                 const IngestOptions& options);

}  // namespace dyad
