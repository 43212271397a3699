// dyad train tagger|parser: trains the linguistic models on a CoNLL-U treebank.

#include <chrono>
#include <iostream>
#include <sstream>

#include "cli/cli_common.h"
#include "cli/command.h"
#include "dyad/conllu.h"
#include "dyad/parser.h"
#include "dyad/tagger.h"

namespace dyad::cli {

namespace {

class TrainCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    cmd_ = app.add_subcommand("train", "Train the POS tagger/lemmatiser or the dependency parser on CoNLL-U");
    cmd_->require_subcommand(1);
    tagger_ = cmd_->add_subcommand("tagger", "Train the tagger + lemmatiser (UPOS, XPOS, LEMMA)");
    parser_ = cmd_->add_subcommand("parser", "Train the labelled dependency parser (HEAD, DEPREL)");
    for (CLI::App* sub : {tagger_, parser_}) {
      sub->add_option("--train", train_, "Training treebank (CoNLL-U)")->required();
      sub->add_option("--dev", dev_, "Development treebank (CoNLL-U), picks the best epoch")->required();
      sub->add_option("--out", out_, "Where to write the model")->required();
      sub->add_option("--seed", seed_, "Random seed (shuffling, exploration)")->capture_default_str();
      sub->add_option("--prune", prune_, "Drop averaged weights below this magnitude")->capture_default_str();
    }
    tagger_->add_option("--epochs", tagger_epochs_, "Training passes")->capture_default_str();
    tagger_->add_option("--features", tagger_features_, "Feature set: 1 (format v1) or 2 (v2, with a tag dictionary)")
        ->capture_default_str();
    tagger_->add_option("--tagdict-min", tagdict_min_, "Tag dictionary: minimum count of a word (0 = off)")
        ->capture_default_str();
    parser_->add_option("--epochs", parser_epochs_, "Training passes")->capture_default_str();
    parser_->add_option("--max-weights", max_weights_, "Keep only this many largest averaged weights")
        ->capture_default_str();
    parser_->add_option("--tagger", tagger_model_, "Tagger model: tags dev (and train, with --jackknife) as at run time");
    parser_->add_option("--jackknife", jackknife_, "Tag train with N taggers trained on the other folds (needs --tagger)")
        ->capture_default_str();
    return cmd_;
  }

  int Run() override {
    auto t0 = std::chrono::steady_clock::now();
    ConlluReadOptions ro;
    ro.require_heads = parser_->parsed();
    auto train = ReadConlluFile(train_, ro);
    if (!train.ok()) return Fail(train.status());
    auto dev = ReadConlluFile(dev_, ro);
    if (!dev.ok()) return Fail(dev.status());
    std::ostringstream cmd;
    cmd << "dyad train " << (tagger_->parsed() ? "tagger" : "parser") << " --train " << train_ << " --dev "
        << dev_ << " --out " << out_ << " --seed " << seed_ << " --prune " << prune_ << " --epochs "
        << (tagger_->parsed() ? tagger_epochs_ : parser_epochs_);
    if (tagger_->parsed()) cmd << " --features " << tagger_features_ << " --tagdict-min " << tagdict_min_;
    if (parser_->parsed()) cmd << " --max-weights " << max_weights_;
    if (parser_->parsed() && !tagger_model_.empty()) cmd << " --tagger " << tagger_model_ << " --jackknife " << jackknife_;
    std::cerr << "dyad: " << cmd.str() << '\n';
    Status saved;
    if (tagger_->parsed()) {
      TaggerTrainOptions o;
      o.epochs = tagger_epochs_;
      o.feature_set = tagger_features_;
      o.tagdict_min_count = tagdict_min_;
      o.seed = seed_;
      o.prune = prune_;
      o.log = &std::cerr;
      o.train_name = train_;
      o.dev_name = dev_;
      o.command = cmd.str();
      auto model = Tagger::Train(*train, *dev, o);
      if (!model.ok()) return Fail(model.status());
      saved = model->Save(out_);
      if (saved.ok()) std::cerr << model->Describe();
    } else {
      ParserTrainOptions o;
      o.epochs = parser_epochs_;
      o.max_weights = max_weights_;
      o.seed = seed_;
      o.prune = prune_;
      o.log = &std::cerr;
      o.train_name = train_;
      o.dev_name = dev_;
      o.command = cmd.str();
      if (!tagger_model_.empty()) {
        auto t = Tagger::Load(tagger_model_);
        if (!t.ok()) return Fail(t.status());
        o.tagger = *t;
        o.jackknife = jackknife_;
        o.tagger_options.seed = seed_;
        // The fold taggers are trained like the given one, for its best epoch count.
        std::string epochs = (*t)->Describe();
        size_t p = epochs.find("best on dev: ");
        if (p != std::string::npos) o.tagger_options.epochs = std::atoi(epochs.c_str() + p + 13);
        // ... and with its feature set and tag dictionary threshold.
        o.tagger_options.feature_set = epochs.find("format: DYADTAG v1") != std::string::npos ? 1 : 2;
        p = epochs.find("words seen >= ");
        if (p != std::string::npos) o.tagger_options.tagdict_min_count = std::atoi(epochs.c_str() + p + 14);
      } else if (jackknife_ > 1) {
        std::cerr << "dyad: --jackknife needs --tagger\n";
        return kExitUsage;
      }
      auto model = Parser::Train(*train, *dev, o);
      if (!model.ok()) return Fail(model.status());
      saved = model->Save(out_);
      if (saved.ok()) std::cerr << model->Describe();
    }
    if (!saved.ok()) return Fail(saved);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "dyad: wrote " << out_ << " in " << static_cast<int>(secs) << " s\n";
    return kExitOk;
  }

 private:
  static int Fail(const Status& s) {
    std::cerr << "dyad: " << s.message() << '\n';
    return s.code() == StatusCode::kInvalidArgument || s.code() == StatusCode::kNotFound ? kExitUsage
                                                                                        : kExitSomeFailed;
  }
  CLI::App* cmd_ = nullptr;
  CLI::App* tagger_ = nullptr;
  CLI::App* parser_ = nullptr;
  std::string train_, dev_, out_, tagger_model_;
  uint64_t seed_ = 1;
  float prune_ = 0.0f;
  int tagger_epochs_ = 12;
  int tagger_features_ = 1;
  int tagdict_min_ = 0;
  int parser_epochs_ = 15;
  int jackknife_ = 0;
  size_t max_weights_ = 4000000;
};

}  // namespace

DYAD_REGISTER_COMMAND("train", TrainCommand);

}  // namespace dyad::cli
