// dyad eval events --gold PLOVER.jsonl: codes each gold record's text with the
// record's date as the document date, and scores the PLOVER types and actor
// countries of the asserted events (statements, which PLOVER does not code,
// are left out).
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "cli/cli_common.h"
#include "cli/eval_command.h"
#include "cli/parallel.h"
#include "dyad/events.h"
#include "dyad/ingest.h"
#include "dyad/output.h"
#include "dyad/pipeline.h"
#include "dyad/plover_eval.h"

namespace dyad::cli {
namespace {

// What both PLOVER-gold targets share: the gold file, the data directory,
// extra dictionaries, how many misses to list, and how errors are reported.
class PloverGoldTarget : public EvalTarget {
 protected:
  void AddCommonOptions(CLI::App* cmd) {
    cmd->add_option("--gold", gold_, "PLOVER gold records (JSONL)")->required();
    cmd->add_option("--data", data_dir_, "Directory of the built-in dictionaries");
    cmd->add_option("--dict", dict_, "Extra actor dictionary files (PATH[:PATH]), e.g. the Phoenix set");
    cmd->add_option("--misses", misses_, "How many misses to list")->capture_default_str();
  }
  static int Fail(const Status& s) {
    std::cerr << "dyad: " << s.message() << '\n';
    return kExitUsage;
  }
  std::string DictOption() const { return dict_.empty() ? "" : ":dict=" + dict_; }

  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  std::string gold_, data_dir_, dict_;
  size_t misses_ = 10;
};

class EvalEvents : public PloverGoldTarget {
 public:
  CLI::App* Setup(CLI::App& eval, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = eval.add_subcommand("events", "PLOVER event-type precision/recall/F1 and actor accuracy against gold records");
    AddCommonOptions(cmd_);
    cmd_->add_option("--pipeline", pipeline_, "Stage list (default: dyad code's, without page cleaning)");
    cmd_->add_option("--patterns", patterns_, "Extra event pattern files (dyad or PETRARCH format)");
    cmd_->add_option("--write-pred", write_pred_, "Also write the predicted events (JSONL, as dyad code prints them)");
    cmd_->add_option("--jobs,-j", jobs_, "Worker threads")->capture_default_str();
    cmd_->add_option("--min-f1", min_f1_, "Exit 1 if type F1 is below this");
    return cmd_;
  }

  int Run() override {
    auto data = FindDataDir(data_dir_, argv0_);
    if (!data.ok()) return Fail(data.status());
    auto gold = ReadPloverGold(gold_);
    if (!gold.ok()) return Fail(gold.status());
    std::string spec = pipeline_.empty()
                           ? "clean:mode=none;tokenize;tagger;parser;time;actors" + DictOption() +
                                 ";" + std::string(Pipeline::kDefaultEventStage) +
                                 (patterns_.empty() ? "" : ",patterns=" + patterns_)
                           : pipeline_;
    auto pipeline = Pipeline::Build(spec, *data);
    if (!pipeline.ok()) return Fail(pipeline.status());

    std::vector<Document> docs(gold->size());
    std::vector<PipelineScratch> scratch;
    for (int i = 0; i < std::max(1, jobs_); ++i) scratch.push_back(pipeline->NewScratch());
    std::vector<std::string> errors(gold->size());
    ParallelFor(gold->size(), jobs_, [&](size_t i, int w) {
      const PloverGoldRecord& g = (*gold)[i];
      auto doc = DocumentFromText(g.text, g.id, ReadOptions());
      if (!doc.ok()) {
        errors[i] = doc.status().message();
        return;
      }
      doc->id = g.id;
      if (g.date.size() >= 10) doc->date = g.date.substr(0, 10);
      Status s = pipeline->Run(*doc, scratch[w]);
      if (!s.ok()) errors[i] = s.message();
      docs[i] = std::move(doc).value();
    });
    std::vector<PloverPrediction> preds;
    std::ofstream pred_out;
    if (!write_pred_.empty()) pred_out.open(write_pred_);
    EventWriter writer(pred_out, EventFormat::kJsonl);
    for (size_t i = 0; i < docs.size(); ++i) {
      if (!errors[i].empty()) std::cerr << "dyad: " << (*gold)[i].id << ": " << errors[i] << '\n';
      for (const DedupedEvent& de : DeduplicateEvents({&docs[i]})) {
        if (de.event.plover.empty()) continue;  // no PLOVER equivalent (statements)
        preds.push_back({docs[i].id, de.event.plover, de.event.source.country.empty() ? de.event.source.code.substr(0, 3) : de.event.source.country,
                         de.event.target.code.empty() ? "" : (de.event.target.country.empty() ? de.event.target.code.substr(0, 3) : de.event.target.country)});
        if (pred_out.is_open()) writer.Write(docs[i], de);
      }
    }
    PloverScore score = ScorePlover(*gold, preds);
    std::cout << FormatPloverScore(score, misses_);
    if (min_f1_ > 0 && score.type_f1 < min_f1_) return kExitSomeFailed;
    return kExitOk;
  }

 private:
  std::string pipeline_, write_pred_, patterns_;
  int jobs_ = 1;
  double min_f1_ = 0;
};

// dyad eval actors --gold PLOVER.jsonl: are the gold events' actors among the
// actor mentions dyad finds in each record's sentence (by country, and by
// country + sector where the gold gives a sector)?
class EvalActors : public PloverGoldTarget {
 public:
  CLI::App* Setup(CLI::App& eval, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = eval.add_subcommand("actors", "Actor recognition recall against PLOVER gold records (by country and sector)");
    AddCommonOptions(cmd_);
    return cmd_;
  }

  int Run() override {
    auto data = FindDataDir(data_dir_, argv0_);
    if (!data.ok()) return Fail(data.status());
    auto gold = ReadPloverGold(gold_);
    if (!gold.ok()) return Fail(gold.status());
    auto pipeline = Pipeline::Build("clean:mode=none;tokenize;tagger;parser;time;actors" + DictOption(), *data);
    if (!pipeline.ok()) return Fail(pipeline.status());
    PipelineScratch scratch = pipeline->NewScratch();
    ActorRecall r;
    for (const PloverGoldRecord& g : *gold) {
      if (g.actors.empty()) continue;
      auto doc = DocumentFromText(g.text, g.id, ReadOptions());
      if (!doc.ok()) continue;
      if (g.date.size() >= 10) doc->date = g.date.substr(0, 10);
      if (!pipeline->Run(*doc, scratch).ok()) continue;
      ++r.records;
      bool all = true;
      for (const auto& a : g.actors) {
        bool by_country = false, by_sector = false;
        for (const Mention& m : doc->mentions) {
          if (m.kind != MentionKind::kActor) continue;
          std::string c = m.country.empty() ? m.code.substr(0, 3) : m.country;
          if (c != a.country) continue;
          by_country = true;
          std::string sector = m.sector.empty() && m.code.size() >= 6 ? m.code.substr(3, 3) : m.sector;
          by_sector = by_sector || sector == a.sector;
        }
        ++r.actors;
        r.found += by_country;
        all = all && by_country;
        if (!a.sector.empty()) {
          ++r.with_sector;
          r.sector_found += by_sector;
          auto& bs = r.by_sector[a.sector];
          ++bs.first;
          bs.second += by_sector;
        }
        if (!by_country) r.misses.push_back(fmt::format("{}: {} '{}'", g.id, a.country, a.text));
      }
      r.records_all += all;
    }
    std::cout << FormatActorRecall(r, misses_);
    return kExitOk;
  }
};

}  // namespace

DYAD_REGISTER_EVAL_TARGET("events", EvalEvents);
DYAD_REGISTER_EVAL_TARGET("actors", EvalActors);

}  // namespace dyad::cli
