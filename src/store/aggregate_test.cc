// The dashboard's aggregations (CountByPeriod, CountByDyad, CountByFacet) must
// equal grouping the rows QueryEvents returns, whichever way the backend
// answers them: from the summary tables (migration 2) or from the events.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>

#include "dyad/store.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

class AggregateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dyad_aggregate_test_" + std::to_string(getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "a.db").string();
    auto s = Store::Open(db_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // Synthetic documents with events spread over three months, five roots
  // with sectors, every quad class, some negated / future / undated events.
  static std::vector<Document> MakeDocs(int count, uint64_t seed, const std::string& prefix = "d") {
    static const char* kRoots[] = {"IRQ", "USA", "IRN", "TUR", "GRC"};
    static const char* kSectors[] = {"", "GOV", "MIL"};
    static const char* kCameo[] = {"010", "036", "046", "057", "071", "112", "130", "138", "173", "190"};
    static const int kQuad[] = {1, 1, 1, 1, 2, 3, 3, 3, 4, 4};
    static const char* kPlover[] = {"", "AGREE", "CONSULT", "AGREE", "AID", "ACCUSE", "THREATEN", "THREATEN", "COERCE", "ASSAULT"};
    static const double kGold[] = {0.0, 4.0, 7.0, 8.0, 7.4, -2.0, -4.4, -7.0, -5.0, -10.0};
    std::mt19937_64 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
    std::vector<Document> docs;
    for (int d = 0; d < count; ++d) {
      Document doc;
      doc.id = prefix + std::to_string(d);
      int day = pick(92);  // 2024-01-01 .. 2024-04-01
      int month = day < 31 ? 1 : day < 60 ? 2 : day < 91 ? 3 : 4;
      int dom = day < 31 ? day + 1 : day < 60 ? day - 30 : day < 91 ? day - 59 : day - 90;
      char date[16];
      std::snprintf(date, sizeof date, "2024-%02d-%02d", month, dom);
      doc.date = date;
      doc.site = d % 3 == 0 ? "Site A" : "Site B";
      doc.title = "Report " + doc.id;
      doc.text = d % 4 == 0 ? "Talks on the ceasefire. Second sentence." : "Markets were calm. Second sentence.";
      doc.raw = doc.text + " " + doc.id + " " + std::to_string(seed);
      doc.sentences.push_back(Sentence{Span{0, 22}});
      doc.sentences.push_back(Sentence{Span{23, static_cast<uint32_t>(doc.text.size())}});
      int events = 1 + pick(5);
      for (int e = 0; e < events; ++e) {
        Event ev;
        ev.sentence = static_cast<uint32_t>(pick(2));
        ev.date = pick(20) == 0 ? "" : doc.date;
        int a = pick(5), b = pick(5);
        ev.source.code = std::string(kRoots[a]) + kSectors[pick(3)];
        ev.source.country = kRoots[a];
        if (pick(8) != 0) {
          ev.target.code = std::string(kRoots[b]) + kSectors[pick(3)];
          ev.target.country = kRoots[b];
        }
        int c = pick(10);
        ev.cameo = kCameo[c];
        ev.quad_class = kQuad[c];
        ev.plover = kPlover[c];
        ev.goldstein = kGold[c];
        int m = pick(10);
        if (m == 0) ev.polarity = Polarity::kNegated;
        if (m == 1) ev.modality = Modality::kFuture;
        if (m == 2) ev.modality = Modality::kReported;
        ev.trigger = Span{0, 5};
        ev.pattern_id = "test";
        doc.events.push_back(std::move(ev));
      }
      docs.push_back(std::move(doc));
    }
    return docs;
  }

  void Put(const std::vector<Document>& docs, bool reanalyse = false) {
    std::vector<const Document*> ptrs;
    for (const Document& d : docs) ptrs.push_back(&d);
    auto r = store_->PutDocuments(ptrs, reanalyse);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  std::vector<StoredEvent> Rows(const EventQuery& q) {
    std::vector<StoredEvent> rows;
    Status s = store_->QueryEvents(q, [&](const StoredEvent& e) {
      rows.push_back(e);
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return rows;
  }

  static std::string Root(const std::string& code) { return code.substr(0, 3); }

  // Every aggregation of q against a fold of its rows.
  void ExpectAggregatesMatchRows(const EventQuery& q, const std::string& what) {
    SCOPED_TRACE(what);
    std::vector<StoredEvent> rows = Rows(q);
    // By period (month) and quad class.
    std::map<std::string, std::pair<int64_t, double>> months;
    std::map<std::string, int64_t> quads;
    std::map<std::pair<std::string, std::string>, std::pair<int64_t, double>> dyads;
    std::map<std::string, int64_t> roots, plover, quad_facet;
    for (const StoredEvent& r : rows) {
      const Event& e = r.event;
      std::string month = e.date.empty() ? "" : e.date.substr(0, 7);
      months[month].first += 1;
      months[month].second += e.goldstein;
      quads[month + "/" + std::to_string(e.quad_class)] += 1;
      auto& d = dyads[{Root(e.source.code), Root(e.target.code)}];
      d.first += 1;
      d.second += e.goldstein;
      roots[e.cameo.substr(0, 2)] += 1;
      plover[e.plover] += 1;
      quad_facet[std::to_string(e.quad_class)] += 1;
    }
    auto periods = store_->CountByPeriod(q, Interval::kMonth);
    ASSERT_TRUE(periods.ok()) << periods.status().ToString();
    ASSERT_EQ(periods->size(), months.size());
    for (const PeriodCount& p : *periods) {
      ASSERT_TRUE(months.count(p.period)) << p.period;
      EXPECT_EQ(p.count, months[p.period].first) << p.period;
      EXPECT_NEAR(p.goldstein_sum, months[p.period].second, 1e-6) << p.period;
      for (int qc = 1; qc <= 4; ++qc) EXPECT_EQ(p.by_quad[qc], quads[p.period + "/" + std::to_string(qc)]) << p.period;
    }
    auto pairs = store_->CountByDyad(q);
    ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
    ASSERT_EQ(pairs->size(), dyads.size());
    for (const DyadCount& d : *pairs) {
      auto it = dyads.find({d.source, d.target});
      ASSERT_NE(it, dyads.end()) << d.source << "->" << d.target;
      EXPECT_EQ(d.count, it->second.first) << d.source << "->" << d.target;
      EXPECT_NEAR(d.goldstein_sum, it->second.second, 1e-6);
    }
    for (auto [facet, expected] : {std::pair{Facet::kCameoRoot, &roots}, std::pair{Facet::kPlover, &plover},
                                   std::pair{Facet::kQuadClass, &quad_facet}}) {
      auto counts = store_->CountByFacet(q, facet);
      ASSERT_TRUE(counts.ok()) << counts.status().ToString();
      ASSERT_EQ(counts->size(), expected->size());
      for (const CountRow& r : *counts) EXPECT_EQ(r.count, (*expected)[r.key]) << r.key;
    }
  }

  void ExpectAllQueriesMatch() {
    std::vector<std::pair<std::string, EventQuery>> queries;
    auto add = [&](const std::string& name, auto change) {
      EventQuery q;
      change(q);
      queries.emplace_back(name, q);
    };
    add("none", [](EventQuery&) {});
    add("all", [](EventQuery& q) { q.all = true; });
    add("whole months", [](EventQuery& q) { q.from = "2024-02-01", q.to = "2024-03-31"; });
    add("partial months", [](EventQuery& q) { q.from = "2024-01-17", q.to = "2024-03-09"; });
    add("inside one month", [](EventQuery& q) { q.from = "2024-02-03", q.to = "2024-02-20"; });
    add("from only, mid-month", [](EventQuery& q) { q.from = "2024-02-14"; });
    add("to only, month end", [](EventQuery& q) { q.to = "2024-02-29"; });
    add("to only, mid-month", [](EventQuery& q) { q.to = "2024-03-02"; });
    add("quad", [](EventQuery& q) { q.quad = 3; });
    add("code root", [](EventQuery& q) { q.code = "13"; });
    add("code", [](EventQuery& q) { q.code = "138"; });
    add("plover", [](EventQuery& q) { q.plover = "AGREE"; });
    add("actor root", [](EventQuery& q) { q.actor = "IRQ"; });
    add("actor code", [](EventQuery& q) { q.actor = "IRQGOV"; });
    add("source and target", [](EventQuery& q) { q.source = "USA", q.target = "IRN"; });
    add("dyad with dates", [](EventQuery& q) { q.dyad_a = "TUR", q.dyad_b = "GRC", q.from = "2024-01-10"; });
    add("dyad codes", [](EventQuery& q) { q.dyad_a = "TURMIL", q.dyad_b = "GRC"; });
    add("site", [](EventQuery& q) { q.site = "Site A"; });
    add("text", [](EventQuery& q) { q.text = "ceasefire"; });
    add("negated", [](EventQuery& q) { q.polarity = "negated"; });
    add("future", [](EventQuery& q) { q.modality = "future"; });
    add("quad and dates and actor", [](EventQuery& q) { q.quad = 1, q.actor = "USA", q.from = "2024-01-05", q.to = "2024-03-25"; });
    for (const auto& [name, q] : queries) ExpectAggregatesMatchRows(q, name);
  }

  static inline int counter_ = 0;
  fs::path dir_;
  std::string db_;
  std::unique_ptr<Store> store_;
};

TEST_F(AggregateTest, EqualGroupingTheEventRowsForEveryFilter) {
  Put(MakeDocs(300, 1));
  ExpectAllQueriesMatch();
}

TEST_F(AggregateTest, SummaryTablesFollowReplacedAndRecodedDocuments) {
  Put(MakeDocs(200, 2));
  // The same ids with other content replace the analysis; recode replaces unchanged ones.
  auto changed = MakeDocs(120, 3);
  Put(changed);
  ExpectAllQueriesMatch();
  auto again = MakeDocs(120, 4);
  for (size_t i = 0; i < again.size(); ++i) again[i].raw = changed[i].raw;  // same content: recode path
  Put(again, /*reanalyse=*/true);
  ExpectAllQueriesMatch();
}

// A store made before the summary tables gets them filled by the migration.
TEST_F(AggregateTest, MigrationFillsSummaryTablesOfAnOlderStore) {
  Put(MakeDocs(150, 5));
  store_.reset();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    const char* undo =
        "DROP TRIGGER events_rollup_insert; DROP TRIGGER events_rollup_delete; DROP TABLE rollup_day; "
        "DROP TABLE rollup_month_dyad; DROP TABLE statements_fts; DROP TABLE statements; "
        "DELETE FROM schema_version WHERE version >= 2;";
    ASSERT_EQ(sqlite3_exec(db, undo, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto s = Store::Open(db_);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  store_ = std::move(*s);
  EXPECT_EQ(store_->SchemaVersion(), 3);
  ExpectAllQueriesMatch();
}

TEST_F(AggregateTest, WeekAndDayPeriods) {
  Put(MakeDocs(100, 6));
  auto rows = Rows(EventQuery{});
  for (Interval interval : {Interval::kDay, Interval::kWeek}) {
    auto periods = store_->CountByPeriod(EventQuery{}, interval);
    ASSERT_TRUE(periods.ok());
    int64_t total = 0;
    for (const PeriodCount& p : *periods) {
      total += p.count;
      if (p.period.empty()) continue;
      if (interval == Interval::kDay) EXPECT_EQ(p.period.size(), 10u);
      else EXPECT_EQ(p.period.substr(4, 2), "-W") << p.period;
    }
    EXPECT_EQ(total, static_cast<int64_t>(rows.size()));
  }
  // 2024-01-01 was a Monday: ISO week 1 of 2024.
  EventQuery q;
  q.from = q.to = "2024-01-01";
  auto first = store_->CountByPeriod(q, Interval::kWeek);
  ASSERT_TRUE(first.ok());
  if (!first->empty()) EXPECT_EQ(first->front().period, "2024-W01");
}

TEST_F(AggregateTest, GetEventAndItsGroupOfMentions) {
  auto docs = MakeDocs(2, 7);
  // Two documents report the same event (same date, source, target, code).
  for (Document& d : docs) {
    d.date = "2024-02-02";
    d.events.resize(1);
    Event& e = d.events[0];
    e.date = "2024-02-02";
    e.source.code = "IRQGOV";
    e.target.code = "USA";
    e.cameo = "046";
    e.polarity = Polarity::kAsserted;
    e.modality = Modality::kActual;
  }
  Put(docs);
  auto rows = Rows(EventQuery{});
  ASSERT_EQ(rows.size(), 2u);
  auto one = store_->GetEvent(rows[0].id);
  ASSERT_TRUE(one.ok() && *one);
  EXPECT_EQ((*one)->doc_id, rows[0].doc_id);
  EXPECT_EQ((*one)->event.cameo, "046");
  std::vector<std::string> docs_seen;
  ASSERT_TRUE(store_->QueryEventGroup(rows[0].id, [&](const StoredEvent& e) {
    docs_seen.push_back(e.doc_id);
    return true;
  }).ok());
  EXPECT_EQ(docs_seen.size(), 2u);
  auto none = store_->GetEvent(999999);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
}

TEST_F(AggregateTest, SitesCountDocuments) {
  Put(MakeDocs(30, 8));
  auto sites = store_->Sites();
  ASSERT_TRUE(sites.ok());
  ASSERT_EQ(sites->size(), 2u);
  EXPECT_EQ((*sites)[0].key, "Site A");
  EXPECT_EQ((*sites)[0].count + (*sites)[1].count, 30);
}

TEST(EventQueryTest, ActorPolarityModalityOrder) {
  auto q = ParseEventQuery({{"actor", "irqgov"}, {"polarity", "negated"}, {"modality", "future"}, {"order", "desc"}});
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->actor, "IRQGOV");
  EXPECT_EQ(q->polarity, "negated");
  EXPECT_EQ(q->modality, "future");
  EXPECT_TRUE(q->newest_first);
  for (auto [key, value] : {std::pair{"polarity", "maybe"}, std::pair{"modality", "past"}, std::pair{"order", "up"},
                            std::pair{"actor", "I"}}) {
    auto bad = ParseEventQuery({{key, value}});
    ASSERT_FALSE(bad.ok()) << key;
    EXPECT_NE(bad.status().message().find(key), std::string::npos) << bad.status().message();
  }
}

}  // namespace
}  // namespace dyad
