// dyad eval: a group of scoring sub-subcommands (eval_command.h), and its
// first target, `dyad eval parse` (CoNLL 2018 scores on gold tokenisation).

#include "cli/eval_command.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <iostream>
#include <thread>

#include "cli/cli_common.h"
#include "cli/command.h"
#include "cli/parallel.h"
#include "dyad/conllu.h"
#include "dyad/parser.h"
#include "dyad/tagger.h"

namespace dyad::cli {

std::vector<std::pair<std::string, EvalTargetFactory>>& EvalTargetRegistry() {
  static std::vector<std::pair<std::string, EvalTargetFactory>> registry;
  return registry;
}

namespace {

class EvalCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    cmd_ = app.add_subcommand("eval", "Score dyad against gold data (eval parse, ...)");
    cmd_->require_subcommand(1);
    auto& registry = EvalTargetRegistry();
    std::sort(registry.begin(), registry.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [name, factory] : registry) {
      auto target = factory();
      CLI::App* sub = target->Setup(*cmd_, argv0);
      targets_.emplace_back(sub, std::move(target));
    }
    return cmd_;
  }
  int Run() override {
    for (auto& [sub, target] : targets_)
      if (sub->parsed()) return target->Run();
    return kExitUsage;
  }

 private:
  CLI::App* cmd_ = nullptr;
  std::vector<std::pair<CLI::App*, std::unique_ptr<EvalTarget>>> targets_;
};

// dyad eval parse --gold X.conllu [--pred P.conllu]
class EvalParse : public EvalTarget {
 public:
  CLI::App* Setup(CLI::App& eval, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = eval.add_subcommand(
        "parse", "UPOS, XPOS, lemma, UAS, LAS of a CoNLL-U prediction against gold (CoNLL 2018, gold tokenisation); "
                 "without --pred, dyad's own tagger and parser predict");
    cmd_->add_option("--gold", gold_, "Gold CoNLL-U")->required();
    cmd_->add_option("--pred", pred_, "Predicted CoNLL-U (same words); default: run dyad's models on the gold words");
    cmd_->add_option("--data", data_dir_, "Directory of the built-in data (models/ is looked up next to it)");
    cmd_->add_option("--tagger-model", tagger_model_, "Tagger model");
    cmd_->add_option("--parser-model", parser_model_, "Parser model");
    cmd_->add_option("--jobs,-j", jobs_, "Worker threads (0 = one per core)")->capture_default_str();
    cmd_->add_option("--write-pred", write_pred_, "Also write the prediction to this CoNLL-U file");
    cmd_->add_option("--min-upos", min_upos_, "Exit 1 if UPOS % is below this");
    cmd_->add_option("--min-las", min_las_, "Exit 1 if LAS % is below this");
    return cmd_;
  }

  int Run() override {
    auto gold = ReadConlluFile(gold_);
    if (!gold.ok()) return Fail(gold.status(), kExitUsage);
    std::vector<ConlluSentence> pred;
    if (!pred_.empty()) {
      auto p = ReadConlluFile(pred_);
      if (!p.ok()) return Fail(p.status(), kExitUsage);
      pred = std::move(*p);
    } else {
      auto data = FindDataDir(data_dir_, argv0_);
      const std::string dd = data.ok() ? *data : std::string();
      auto tagger = LoadTaggerShared(ResolveModelPath(tagger_model_, dd, kDefaultTaggerModel));
      if (!tagger.ok()) return Fail(tagger.status(), kExitUsage);
      auto parser = LoadParserShared(ResolveModelPath(parser_model_, dd, kDefaultParserModel));
      if (!parser.ok()) return Fail(parser.status(), kExitUsage);
      int jobs = jobs_ > 0 ? jobs_ : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
      std::vector<Document> docs = ConlluToDocuments(*gold, 64);
      std::vector<TaggerScratch> ts(static_cast<size_t>(jobs));
      std::vector<ParserScratch> ps(static_cast<size_t>(jobs));
      ParallelFor(docs.size(), jobs, [&](size_t i, int w) {
        for (Token& t : docs[i].tokens) {
          t.lemma.clear();
          t.upos.clear();
          t.xpos.clear();
          t.head = -1;
          t.deprel.clear();
        }
        (*tagger)->TagDocument(docs[i], ts[w]);
        (*parser)->ParseDocument(docs[i], ps[w]);
      });
      std::ostringstream out;
      WriteConlluWithAnnotation(*gold, docs, out);
      auto p = ParseConllu(out.str());
      if (!p.ok()) return Fail(p.status(), kExitSomeFailed);
      pred = std::move(*p);
      if (!write_pred_.empty()) {
        std::ofstream f(write_pred_, std::ios::binary);
        f << out.str();
        if (!f) return Fail(Status::IoError(write_pred_ + ": cannot write"), kExitSomeFailed);
      }
    }
    auto sc = ScoreConllu(*gold, pred);
    if (!sc.ok()) {
      std::cout << sc.status().message() << '\n';
      return kExitUsage;
    }
    std::printf("gold: %s\npred: %s\n", gold_.c_str(), pred_.empty() ? "(dyad tagger + parser)" : pred_.c_str());
    std::printf("sentences: %zu  words: %zu\n", sc->sentences, sc->words);
    if (sc->form_mismatches)
      std::printf("WARNING: %zu word forms differ (first: %s)\n", sc->form_mismatches, sc->first_form_mismatch.c_str());
    const std::pair<const char*, std::pair<size_t, double>> rows[] = {
        {"UPOS", {sc->upos, sc->Upos()}}, {"XPOS", {sc->xpos, sc->Xpos()}}, {"LEMMA", {sc->lemma, sc->Lemma()}},
        {"UAS", {sc->uas, sc->Uas()}}, {"LAS", {sc->las, sc->Las()}}};
    for (const auto& [name, v] : rows) std::printf("  %-6s %6.2f%%  (%zu/%zu)\n", name, v.second, v.first, sc->words);
    int rc = kExitOk;
    if (min_upos_ >= 0 && sc->Upos() < min_upos_) {
      std::printf("FAIL: upos=%.2f is below --min-upos %g\n", sc->Upos(), min_upos_);
      rc = kExitSomeFailed;
    }
    if (min_las_ >= 0 && sc->Las() < min_las_) {
      std::printf("FAIL: las=%.2f is below --min-las %g\n", sc->Las(), min_las_);
      rc = kExitSomeFailed;
    }
    std::printf("upos=%.2f xpos=%.2f lemma=%.2f uas=%.2f las=%.2f words=%zu sentences=%zu\n", sc->Upos(),
                sc->Xpos(), sc->Lemma(), sc->Uas(), sc->Las(), sc->words, sc->sentences);
    return rc;
  }

 private:
  static int Fail(const Status& s, int rc) {
    std::cerr << "dyad: " << s.message() << '\n';
    return rc;
  }
  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  std::string gold_, pred_, data_dir_, tagger_model_, parser_model_, write_pred_;
  int jobs_ = 1;
  double min_upos_ = -1, min_las_ = -1;
};

}  // namespace

DYAD_REGISTER_COMMAND("eval", EvalCommand);
DYAD_REGISTER_EVAL_TARGET("parse", EvalParse);

}  // namespace dyad::cli
