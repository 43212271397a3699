// One ingest-and-query suite run against the SQLite and the PostgreSQL store:
// every answer (events, merged events, counts, timelines, statistics, unknown
// names, stored documents, and the CLI's JSONL/CSV/GDELT/PLOVER/table output)
// must be the same, with store-assigned ids left out. Any difference fails.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/statements.h"
#include "dyad/store.h"
#include "pgstore/pg_testing.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

const Pipeline& StorePipeline() {
  static const Pipeline* p = [] {
    auto built = Pipeline::Build(StorePipelineSpec("", false), DYAD_SOURCE_DIR "/data");
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Pipeline(std::move(*built));
  }();
  return *p;
}

const char* kActors[] = {"Iraq", "the United States", "Iran", "Turkey", "Greece", "Russia", "Ukraine", "China",
                         "the Iraqi government", "the American military", "Egyptian officials", "the United Nations"};
const char* kVerbs[] = {"accused {b} of violating the ceasefire", "held talks with {b}", "praised {b} for its restraint",
                        "condemned {b} for the strikes", "sent aid to {b}", "threatened {b} with sanctions",
                        "will not withdraw from {b}", "may meet {b} next month"};

struct Input {
  std::string id, date, site, text;
};

// Generated articles plus the cases where backends could disagree: missing
// dates, non-ASCII text, tabs and backslashes (COPY escaping), duplicate
// content under another id, an id whose content changes (in a later batch and
// twice within one batch), a document that fails.
std::vector<Input> Corpus() {
  std::vector<Input> docs;
  unsigned seed = 17;
  auto next = [&](unsigned n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  for (int i = 0; i < 36; ++i) {
    std::string text;
    for (int k = 0; k < 5; ++k) {
      std::string a = kActors[next(12)], b = kActors[next(12)];
      if (a == b) b = "the Arab League";
      std::string v = kVerbs[next(8)];
      v.replace(v.find("{b}"), 3, b);
      std::string s = a + " " + v + (next(3) ? " on Monday, March " + std::to_string(1 + next(28)) + ", 2024." : ".");
      s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
      text += s + (k % 2 ? "\n\n" : " ");
    }
    if (i % 5 == 0) text += "Members of the Harbour Workers Union gathered outside. ";
    if (i % 4 == 1) {
      std::string a = kActors[next(12)], b = kActors[next(12)];
      a[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(a[0])));
      text += "\"We will not accept the sanctions,\" " + a + " said on Tuesday. " + a +
              " denied that its forces had entered " + b + ". ";
    }
    text += "Report " + std::to_string(i) + ".";
    docs.push_back({"gen-" + std::to_string(i), i % 7 == 3 ? "" : "2024-03-" + std::to_string(10 + i % 18),
                    i % 3 ? "Gulf News" : "Aegean Monitor", text});
  }
  docs.push_back({"undated", "", "", "Turkey praised Greece for its restraint. Iran criticised Iraq over the arrests."});
  docs.push_back({"unicode", "2024-01-27", "Ελληνικά Νέα",
                  "Iraq’s government — “furious” — accused the United States of violating its sovereignty on "
                  "Saturday, January 27, 2024. Grèce: Greece accused Turkey of violating its airspace 🚀."});
  docs.push_back({"escapes", "2024-02-02", "Tab\tSite",
                  "Greece accused\tTurkey of violating its airspace on Friday, February 2, 2024.\r\nA path C:\\temp\\x "
                  "and a backslash \\ stayed.\n\nIran held talks with Iraq."});
  docs.push_back({"dup-of-gen-1", "2024-03-11", "Gulf News", docs[1].text});  // same content, other id: skipped
  docs.push_back({"gen-2", "2024-03-12", "Gulf News", "China criticised Japan over the islands on Friday, May 3, 2024."});
  docs.push_back({"twice", "2024-04-01", "", "Russia threatened Ukraine with sanctions."});
  docs.push_back({"twice", "2024-04-01", "", "Ukraine accused Russia of shelling Kharkiv on Monday, April 1, 2024."});
  docs.push_back({"empty", "2024-04-02", "", "   "});
  docs.push_back({"statements", "2024-01-25", "Gulf News",
                  "The Pentagon said on Thursday that the two countries were moving towards a stable bilateral "
                  "security partnership. The Iraqi government said in a statement that the coalition's mission "
                  "would end. According to Iraq's foreign ministry, the advisers will leave. \"The mission is "
                  "over,\" Prime Minister Mohammed Shia al-Sudani said."});
  return docs;
}

void Produce(const std::function<void(const std::string&, Result<Document>)>& emit) {
  for (const Input& in : Corpus()) {
    auto doc = DocumentFromText(in.text, in.id, ReadOptions{});
    if (doc.ok()) {
      doc->id = in.id;
      doc->date = in.date;
      doc->site = in.site;
    }
    emit(in.id, std::move(doc));
  }
}

Result<IngestProgress> Ingest(Store& store, bool recode) {
  IngestOptions o;
  o.jobs = 2;
  o.batch_documents = 3;  // many batches; "twice" lands in one of them with both versions
  o.on_error = [](const std::string&, const Status&) {};
  if (!recode) return RunIngest(StorePipeline(), store, Produce, o);
  o.reanalyse = true;
  o.skip_known = false;
  std::vector<Document> stored;
  Status listed = store.ForEachDocumentKey([&](const std::string& id, const std::string&) {
    auto d = store.GetDocument(id, false);
    if (!d.ok() || !*d) return;
    Document fresh;
    const Document& s = (**d).doc;
    fresh.id = s.id;
    fresh.date = s.date;
    fresh.site = s.site;
    fresh.raw = s.raw;
    stored.push_back(std::move(fresh));
  });
  if (!listed.ok()) return listed;
  return RunIngest(StorePipeline(), store,
                   [&](const auto& emit) {
                     for (Document& d : stored) {
                       std::string id = d.id;
                       emit(id, std::move(d));
                     }
                   },
                   o);
}

std::string Actor(const EventActor& a) {
  return a.code + "/" + a.country + "/" + a.sector + "/" + a.text + "/" + std::to_string(a.span.begin) + "-" +
         std::to_string(a.span.end) + "/" + a.entry;
}

// Every field of an event but the store's id.
// A failed query's kind only: each backend words its own syntax errors (the
// full-text parsers differ), but both must refuse the same queries.
std::string Outcome(const Status& s) {
  if (s.ok()) return "ok";
  std::string text = s.ToString();
  return text.substr(0, text.find(':'));
}

std::string EventLine(const StoredEvent& se) {
  const Event& e = se.event;
  std::ostringstream o;
  o << se.doc_id << '|' << se.url << '|' << se.site << '|' << se.sentence_text << '|' << se.trigger_text << '|'
    << e.sentence << '|' << e.date << '|' << e.date_rule << '|' << Actor(e.source) << '|' << Actor(e.target) << '|'
    << e.cameo << '|' << e.plover << '|' << e.plover_mode << '|' << e.quad_class << '|' << e.goldstein << '|'
    << ToString(e.polarity) << '|' << ToString(e.modality) << '|' << e.modality_cue << '|' << e.trigger.begin << '-'
    << e.trigger.end << '|' << e.pattern_id << '|' << e.pattern_text << '|' << e.confidence;
  return o.str();
}

std::vector<EventQuery> Queries() {
  std::vector<EventQuery> qs;
  auto add = [&](auto f) {
    EventQuery q;
    f(q);
    qs.push_back(q);
  };
  add([](EventQuery&) {});
  add([](EventQuery& q) { q.all = true; });
  add([](EventQuery& q) { q.dyad_a = "IRQ", q.dyad_b = "USA"; });
  add([](EventQuery& q) { q.dyad_a = "GRC", q.dyad_b = "TUR", q.all = true; });
  add([](EventQuery& q) { q.dyad_a = "IRQ", q.dyad_b = "IRQGOV", q.all = true; });  // overlapping sides
  add([](EventQuery& q) { q.dyad_a = "TUR", q.dyad_b = "TUR"; });
  add([](EventQuery& q) { q.dyad_a = "USA", q.dyad_b = "IRQ", q.from = "2024-01-01", q.code = "11"; });
  add([](EventQuery& q) { q.source = "IRQ"; });
  add([](EventQuery& q) { q.source = "IRQGOV"; });
  add([](EventQuery& q) { q.target = "USAMIL", q.all = true; });
  add([](EventQuery& q) { q.code = "11"; });
  add([](EventQuery& q) { q.code = "112"; });
  add([](EventQuery& q) { q.plover = "CONSULT"; });
  add([](EventQuery& q) { q.quad = 4; });
  add([](EventQuery& q) { q.from = "2024-03-01", q.to = "2024-03-15"; });
  add([](EventQuery& q) { q.text = "airspace"; });
  add([](EventQuery& q) { q.text = "sanctions", q.all = true; });
  add([](EventQuery& q) { q.text = "\"violating its airspace\" OR sanctions", q.all = true; });
  add([](EventQuery& q) { q.text = "accused NOT Iraq"; });
  add([](EventQuery& q) { q.text = "sanct* AND (Greece OR Turkey)", q.all = true; });
  add([](EventQuery& q) { q.text = "\"Iraq's government\""; });
  add([](EventQuery& q) { q.text = "Iraq's"; });  // an error on both
  add([](EventQuery& q) { q.text = "(unbalanced"; });  // an error on both
  add([](EventQuery& q) { q.site = "Gulf News"; });
  add([](EventQuery& q) { q.site = "Ελληνικά Νέα"; });
  add([](EventQuery& q) { q.doc_id = "escapes"; });
  add([](EventQuery& q) { q.limit = 7; });
  add([](EventQuery& q) { q.limit = 5, q.offset = 11, q.all = true; });
  add([](EventQuery& q) { q.offset = 20; });
  // The dashboard's filters (actor on either side, explicit polarity or
  // modality, newest first).
  add([](EventQuery& q) { q.actor = "IRQ"; });
  add([](EventQuery& q) { q.actor = "USAGOV", q.all = true; });
  add([](EventQuery& q) { q.polarity = "negated"; });
  add([](EventQuery& q) { q.modality = "future"; });
  add([](EventQuery& q) { q.polarity = "asserted", q.modality = "actual", q.actor = "GRC"; });
  add([](EventQuery& q) { q.newest_first = true; });
  add([](EventQuery& q) { q.newest_first = true, q.limit = 6, q.offset = 3, q.all = true; });
  return qs;
}

std::vector<StatementQuery> StatementQueries() {
  std::vector<StatementQuery> qs;
  auto add = [&](auto f) {
    StatementQuery q;
    f(q);
    qs.push_back(q);
  };
  add([](StatementQuery&) {});
  add([](StatementQuery& q) { q.speaker = "IRQ"; });
  add([](StatementQuery& q) { q.speaker = "IRQGOV"; });
  add([](StatementQuery& q) { q.dyad_a = "IRQ", q.dyad_b = "USA"; });
  add([](StatementQuery& q) { q.from = "2024-01-01", q.to = "2024-03-15"; });
  add([](StatementQuery& q) { q.text = "sanctions"; });
  add([](StatementQuery& q) { q.text = "\"bilateral security\" OR mission"; });
  add([](StatementQuery& q) { q.text = "(unbalanced"; });  // an error on both
  add([](StatementQuery& q) { q.doc_id = "statements"; });
  add([](StatementQuery& q) { q.limit = 3, q.offset = 2; });
  add([](StatementQuery& q) { q.newest_first = true; });
  add([](StatementQuery& q) { q.newest_first = true, q.limit = 4, q.dyad_a = "USA", q.dyad_b = "IRQ"; });
  return qs;
}

// Everything the store answers, as text.
std::string Answers(Store& store) {
  std::ostringstream out;
  int statements = 0;
  for (const StatementQuery& q : StatementQueries()) {
    out << "== statements query " << statements++ << "\n";
    Status s = store.QueryStatements(q, [&](const StatementRecord& r) {
      out << StatementRecordJson(r) << '\n';
      return true;
    });
    out << "status " << Outcome(s) << '\n';
  }
  EXPECT_NE(out.str().find("\"doc_id\":\"statements\""), std::string::npos) << "no statements stored";
  int n = 0;
  for (const EventQuery& q : Queries()) {
    out << "== query " << n++ << "\n";
    Status s = store.QueryEvents(q, [&](const StoredEvent& se) {
      out << EventLine(se) << '\n';
      return true;
    });
    out << "status " << Outcome(s) << '\n';
    auto count = store.CountEvents(q);
    out << "count " << (count.ok() ? std::to_string(*count) : Outcome(count.status())) << '\n';
    for (bool with_mentions : {false, true}) {
      s = store.QueryGroupedEvents(q, with_mentions, [&](const GroupedEvent& g) {
        out << "group " << g.num_mentions << ' ' << g.num_sources << ' ' << EventLine(g.first);
        for (const auto& [doc, sentence] : g.mentions) out << ' ' << doc << ':' << sentence;
        out << '\n';
        return true;
      });
      out << "status " << Outcome(s) << '\n';
    }
    // The dashboard's aggregations. Goldstein sums are rounded: the SQLite
    // store may answer from its summary tables (tenths as integers).
    for (Interval iv : {Interval::kDay, Interval::kWeek, Interval::kMonth}) {
      auto periods = store.CountByPeriod(q, iv);
      out << "periods " << static_cast<int>(iv) << ' ' << (periods.ok() ? "ok" : Outcome(periods.status())) << '\n';
      if (periods.ok())
        for (const PeriodCount& p : *periods)
          out << p.period << ' ' << p.count << ' ' << p.by_quad[0] << ' ' << p.by_quad[1] << ' ' << p.by_quad[2] << ' '
              << p.by_quad[3] << ' ' << p.by_quad[4] << ' ' << fmt::format("{:.2f}", p.goldstein_sum) << '\n';
    }
    auto dyads = store.CountByDyad(q);
    out << "dyads " << (dyads.ok() ? "ok" : Outcome(dyads.status())) << '\n';
    if (dyads.ok())
      for (const DyadCount& d : *dyads)
        out << d.source << '-' << d.target << ' ' << d.count << ' ' << fmt::format("{:.2f}", d.goldstein_sum) << '\n';
    for (Facet f : {Facet::kCameoRoot, Facet::kPlover, Facet::kQuadClass}) {
      auto rows = store.CountByFacet(q, f);
      out << "facet " << static_cast<int>(f) << ' ' << (rows.ok() ? "ok" : Outcome(rows.status())) << '\n';
      if (rows.ok())
        for (const CountRow& r : *rows) out << r.key << ' ' << r.count << ' ' << fmt::format("{:.2f}", r.mean_goldstein) << '\n';
    }
  }
  auto sites = store.Sites();
  out << "sites " << (sites.ok() ? "ok" : Outcome(sites.status())) << '\n';
  if (sites.ok())
    for (const CountRow& r : *sites) out << r.key << ' ' << r.count << '\n';
  // Ids are the backend's own: take a few from a query (and one that is none).
  std::vector<int64_t> event_ids;
  EventQuery every;
  every.all = true;
  int position = 0;
  EXPECT_TRUE(store.QueryEvents(every, [&](const StoredEvent& se) {
    if (position++ % 7 == 0) event_ids.push_back(se.id);
    return event_ids.size() < 8;
  }).ok());
  event_ids.push_back(-1);
  for (int64_t id : event_ids) {
    auto e = store.GetEvent(id);
    out << "event " << (e.ok() ? (*e ? EventLine(**e) : "none") : Outcome(e.status())) << '\n';
    Status s = store.QueryEventGroup(id, [&](const StoredEvent& se) {
      out << " mention " << EventLine(se) << '\n';
      return true;
    });
    out << "group status " << Outcome(s) << '\n';
  }
  for (Interval iv : {Interval::kDay, Interval::kWeek, Interval::kMonth}) {
    for (auto [a, b] : {std::pair{"IRQ", "USA"}, std::pair{"GRC", "TUR"}}) {
      auto t = store.Timeline(a, b, iv, {});
      out << "timeline " << a << b << static_cast<int>(iv) << (t.ok() ? "" : t.status().ToString()) << '\n';
      if (t.ok())
        for (const auto& p : *t) out << p.period << ' ' << p.direction << ' ' << p.count << ' ' << p.mean_goldstein << '\n';
    }
  }
  auto st = store.Stats(50);
  EXPECT_TRUE(st.ok()) << st.status().ToString();
  if (st.ok()) {
    out << "stats " << st->documents << ' ' << st->events << ' ' << st->asserted_events << ' ' << st->grouped_events
        << ' ' << st->mentions << ' ' << st->unknown_names << ' ' << st->first_date << ' ' << st->last_date << '\n';
    for (const auto* rows : {&st->by_month, &st->by_dyad, &st->by_type})
      for (const CountRow& r : *rows) out << r.key << ' ' << r.count << ' ' << r.mean_goldstein << '\n';
  }
  auto unknown = store.UnknownActors(100, 1);
  EXPECT_TRUE(unknown.ok());
  if (unknown.ok())
    for (const auto& u : *unknown) out << "unknown " << u.name << ' ' << u.count << ' ' << u.documents << ' ' << u.example_doc << '\n';
  std::vector<std::string> ids;
  EXPECT_TRUE(store.ForEachDocumentKey([&](const std::string& id, const std::string& hash) {
    ids.push_back(id);
    out << "key " << id << ' ' << hash << '\n';
  }).ok());
  for (const std::string& id : ids) {
    auto d = store.GetDocument(id, true);
    EXPECT_TRUE(d.ok() && *d) << id;
    if (!d.ok() || !*d) continue;
    const StoredDocument& sd = **d;
    const Document& doc = sd.doc;
    out << "doc " << doc.id << '|' << sd.content_hash << '|' << doc.url << '|' << doc.site << '|' << doc.title << '|'
        << doc.author << '|' << doc.genre << '|' << doc.date << '|' << doc.language << '|' << doc.origin << '|'
        << doc.raw << '|' << doc.text << '\n';
    for (const Sentence& s : doc.sentences) out << " s " << s.span.begin << '-' << s.span.end << '\n';
    for (const Mention& m : doc.mentions)
      out << " m " << m.sentence << ' ' << ToString(m.kind) << ' ' << m.span.begin << '-' << m.span.end << ' ' << m.code
          << ' ' << m.country << ' ' << m.sector << ' ' << m.entry << ' ' << m.detail << '\n';
    for (const Event& e : doc.events) {
      StoredEvent se;
      se.event = e;
      out << " e " << EventLine(se) << '\n';
    }
    for (const auto& [name, span] : sd.unknown_names) out << " u " << name << ' ' << span.begin << '-' << span.end << '\n';
  }
  auto missing = store.GetDocument("no-such-document", true);
  out << "missing " << (missing.ok() ? (missing->has_value() ? "found" : "none") : missing.status().ToString()) << '\n';
  return out.str();
}

// Reports the first differing line, not two walls of text.
void ExpectSame(const std::string& sqlite, const std::string& pg, const std::string& what) {
  if (sqlite == pg) return;
  std::istringstream a(sqlite), b(pg);
  std::string la, lb;
  int line = 0;
  while (true) {
    bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
    ++line;
    if (!ga && !gb) break;
    if (!ga || !gb || la != lb) {
      ADD_FAILURE() << what << " differ at line " << line << "\n  SQLite:     " << (ga ? la : "<end>")
                    << "\n  PostgreSQL: " << (gb ? lb : "<end>");
      return;
    }
  }
}

std::string RunDyad(const std::string& args) {
  std::string cmd = std::string(DYAD_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[65536];
  size_t n;
  while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = p ? pclose(p) : -1;
  out += "\nexit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + "\n";
  return out;
}

// CSV rows without their first column (the store's event id).
std::string WithoutFirstColumn(const std::string& csv) {
  std::istringstream in(csv);
  std::string line, out;
  while (std::getline(in, line)) {
    size_t comma = line.find(',');
    out += (comma == std::string::npos ? line : line.substr(comma + 1)) + "\n";
  }
  return out;
}

class PgDifferentialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dyad_pgdiff_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(PgDifferentialTest, SameAnswersFromSqliteAndPostgres) {
  DYAD_REQUIRE_POSTGRES(pg);
  std::string sqlite_path = (dir_ / "diff.db").string();
  std::string pg_location = pg->NewDatabase();
  auto sqlite = Store::Open(sqlite_path);
  auto postgres = Store::Open(pg_location);
  ASSERT_TRUE(sqlite.ok()) << sqlite.status().ToString();
  ASSERT_TRUE(postgres.ok()) << postgres.status().ToString();

  for (bool recode : {false, true}) {
    auto a = Ingest(**sqlite, recode);
    auto b = Ingest(**postgres, recode);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_EQ(a->written, b->written);
    EXPECT_EQ(a->unchanged, b->unchanged);
    EXPECT_EQ(a->duplicates, b->duplicates);
    EXPECT_EQ(a->errors, b->errors);
    EXPECT_EQ(a->events, b->events);
    if (!recode) {
      EXPECT_EQ(a->duplicates, 1);  // dup-of-gen-1
      EXPECT_EQ(a->errors, 1);      // empty
      EXPECT_GT(a->events, 100);
    }
    std::string sa = Answers(**sqlite), sb = Answers(**postgres);
    ExpectSame(sa, sb, recode ? "answers after recode" : "answers");
    EXPECT_NE(sa.find("Ελληνικά Νέα"), std::string::npos);
    EXPECT_NE(sa.find("C:\\temp\\x"), std::string::npos);
  }
  // The same input again: ids that repeat in it with other content ("twice",
  // "gen-2") are rewritten, the rest is skipped, in both stores alike.
  auto again_a = Ingest(**sqlite, false);
  auto again_b = Ingest(**postgres, false);
  ASSERT_TRUE(again_a.ok() && again_b.ok());
  EXPECT_EQ(again_a->written, again_b->written);
  EXPECT_EQ(again_a->unchanged, again_b->unchanged);
  EXPECT_LE(again_b->written, 2);
  ExpectSame(Answers(**sqlite), Answers(**postgres), "answers after a second ingest");

  // The command line over both stores: every output format, statistics, unknown names.
  sqlite->reset();
  postgres->reset();
  std::string pg_arg = "'" + pg_location + "'";
  for (const char* format : {"jsonl", "csv", "gdelt", "plover", "table"}) {
    for (const char* extra : {"--all", "--dyad IRQ-USA", "--per-mention --all", "--code 11 --from 2024-03-01"}) {
      std::string args = std::string("events --format ") + format + " " + extra + " --db ";
      std::string a = RunDyad(args + sqlite_path), b = RunDyad(args + pg_arg);
      if (std::string(format) == "csv") {
        a = WithoutFirstColumn(a);
        b = WithoutFirstColumn(b);
      }
      ExpectSame(a, b, std::string("dyad ") + args);
      EXPECT_NE(a.find("exit 0"), std::string::npos) << a.substr(0, 300);
    }
  }
  ExpectSame(RunDyad("stats --json --db " + sqlite_path), RunDyad("stats --json --db " + pg_arg), "dyad stats");
  for (const char* format : {"jsonl", "markdown"}) {
    std::string args = std::string("compare --parties USA,IRQ --format ") + format + " --db ";
    std::string a = RunDyad(args + sqlite_path), b = RunDyad(args + pg_arg);
    ExpectSame(a, b, "dyad " + args);
    EXPECT_NE(a.find("exit 0"), std::string::npos) << a.substr(0, 300);
  }
  ExpectSame(RunDyad("actors --unknown --db " + sqlite_path), RunDyad("actors --unknown --db " + pg_arg),
             "dyad actors --unknown");
}

}  // namespace
}  // namespace dyad
