// dyad events: query the store's events with filters; print them as a table,
// CSV (RFC 4180), JSONL, GDELT 2.0 rows or PLOVER JSON.
#include <fmt/format.h>

#include <iostream>
#include <unordered_map>

#include "cli/commands.h"
#include "dyad/output.h"
#include "dyad/store.h"

namespace dyad::cli {

namespace {

// RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled.
std::string CsvField(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void WriteCsvHeader(std::ostream& out) {
  out << "event_id,doc_id,date,source,source_country,source_sector,source_text,target,target_country,"
         "target_sector,target_text,cameo,cameo_root,plover,quad_class,goldstein,polarity,modality,confidence,"
         "num_mentions,num_sources,trigger,sentence,url\r\n";
}

void WriteCsvRow(std::ostream& out, const StoredEvent& se, int64_t mentions, int64_t sources) {
  const Event& e = se.event;
  std::vector<std::string> f = {std::to_string(se.id), se.doc_id, e.date, e.source.code, e.source.country,
                                e.source.sector, e.source.text, e.target.code, e.target.country, e.target.sector,
                                e.target.text, e.cameo, e.cameo.substr(0, std::min<size_t>(2, e.cameo.size())),
                                e.plover, std::to_string(e.quad_class), fmt::format("{:.1f}", e.goldstein),
                                std::string(ToString(e.polarity)), std::string(ToString(e.modality)),
                                fmt::format("{:.2f}", e.confidence), std::to_string(mentions),
                                std::to_string(sources), se.trigger_text, se.sentence_text, se.url};
  for (size_t i = 0; i < f.size(); ++i) out << (i ? "," : "") << CsvField(f[i]);
  out << "\r\n";
}

class EventsCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char*) override {
    cmd_ = app.add_subcommand("events", "Query the events in the store");
    cmd_->add_option("--db", db_, "The store: a SQLite file, or postgresql://user@host:port/dbname (or a libpq connection string)")->capture_default_str();
    AddEventFilterOptions(cmd_, filters_);
    cmd_->add_option("--format", format_, "Output: table, csv, jsonl, gdelt or plover")
        ->check(CLI::IsMember({"table", "csv", "jsonl", "gdelt", "plover"}))
        ->capture_default_str();
    cmd_->add_flag("--per-mention", per_mention_,
                   "One row per stored event mention instead of merging (date, source, target, code) across the store");
    cmd_->add_option("--limit", limit_, "At most this many rows (0 = all)")->check(CLI::NonNegativeNumber);
    cmd_->add_option("--offset", offset_, "Skip this many rows first")->check(CLI::NonNegativeNumber);
    cmd_->add_flag("--explain-plan", explain_plan_, "Print the SQL plan of the query (indexes used) instead of events");
    return cmd_;
  }

  int Run() override {
    auto params = filters_.ToParams();
    if (limit_) params.emplace("limit", std::to_string(limit_));
    if (offset_) params.emplace("offset", std::to_string(offset_));
    auto query = ParseEventQuery(params);
    if (!query.ok()) {
      std::cerr << "dyad: " << query.status().message() << '\n';
      return kExitUsage;
    }
    auto store = OpenStoreOrReport(db_, /*read_only=*/true);
    if (!store) return kExitSomeFailed;
    if (explain_plan_) {
      auto plan = store->ExplainEventsQuery(*query);
      if (!plan.ok()) {
        std::cerr << "dyad: " << plan.status().message() << '\n';
        return kExitSomeFailed;
      }
      for (const std::string& line : *plan) std::cout << line << '\n';
      return kExitOk;
    }
    std::ios::sync_with_stdio(false);
    bool csv = format_ == "csv";
    EventFormat format = EventFormat::kJsonl;
    if (!csv) ParseEventFormat(format_, format);
    EventWriter writer(std::cout, format);
    if (csv) WriteCsvHeader(std::cout);
    else writer.Begin();

    // Documents for EventWriter (sentence and trigger text come from them).
    std::unordered_map<std::string, Document> cache;
    Status doc_error;
    auto document = [&](const StoredEvent& se) -> const Document* {
      auto it = cache.find(se.doc_id);
      if (it != cache.end()) return &it->second;
      if (cache.size() > 256) cache.clear();
      auto stored = store->GetDocument(se.doc_id, /*annotations=*/false);
      if (!stored.ok() || !*stored) {
        doc_error = stored.ok() ? Status::NotFound("document " + se.doc_id + " vanished") : stored.status();
        return nullptr;
      }
      return &cache.emplace(se.doc_id, std::move((*stored)->doc)).first->second;
    };
    Status s;
    if (per_mention_) {
      s = store->QueryEvents(*query, [&](const StoredEvent& se) {
        if (csv) {
          WriteCsvRow(std::cout, se, 1, 1);
          return true;
        }
        const Document* doc = document(se);
        if (!doc) return false;
        writer.Write(*doc, DedupedEvent{se.event, {EventMention{se.doc_id, se.event.sentence, se.event.trigger,
                                                                se.event.pattern_id}}, 1});
        return true;
      });
    } else {
      s = store->QueryGroupedEvents(*query, /*with_mentions=*/!csv, [&](const GroupedEvent& g) {
        if (csv) {
          WriteCsvRow(std::cout, g.first, g.num_mentions, g.num_sources);
          return true;
        }
        const Document* doc = document(g.first);
        if (!doc) return false;
        DedupedEvent de{g.first.event, {}, static_cast<int>(g.num_sources)};
        for (const auto& [doc_id, sentence] : g.mentions) de.mentions.push_back(EventMention{doc_id, sentence, {}, ""});
        if (de.mentions.empty()) de.mentions.push_back(EventMention{g.first.doc_id, g.first.event.sentence, {}, ""});
        writer.Write(*doc, de);
        return true;
      });
    }
    if (!csv) writer.End();
    std::cout.flush();
    if (s.ok()) s = doc_error;
    if (!s.ok()) {
      std::cerr << "dyad: " << s.message() << '\n';
      return s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitSomeFailed;
    }
    return kExitOk;
  }

 private:
  CLI::App* cmd_ = nullptr;
  std::string db_ = kDefaultDb;
  EventFilterOptions filters_;
  std::string format_ = "table";
  bool per_mention_ = false;
  bool explain_plan_ = false;
  int64_t limit_ = 0;
  int64_t offset_ = 0;
};

}  // namespace

DYAD_REGISTER_COMMAND("events", EventsCommand);

}  // namespace dyad::cli
