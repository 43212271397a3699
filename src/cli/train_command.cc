// dyad train tagger|parser|clusters|events: trains the linguistic models on a CoNLL-U treebank,
// word clusters on raw text, the event coder on the annotated event corpus.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli_common.h"
#include "cli/command.h"
#include "dyad/conllu.h"
#include "dyad/eventml.h"
#include "dyad/parser.h"
#include "dyad/places.h"
#include "dyad/tagger.h"
#include "dyad/text.h"
#include "tagger/clusters.h"

namespace dyad::cli {

namespace {

// Unlabeled text for `dyad train clusters`: sentences of word keys.
struct KeySentences {
  std::vector<std::vector<std::string>> keys;
  std::vector<std::vector<uint8_t>> upper;  // 1 = the form starts with a capital letter
  void Add(std::vector<std::string>& k, std::vector<uint8_t>& u) {
    if (k.empty()) return;
    keys.push_back(std::move(k));
    upper.push_back(std::move(u));
    k.clear();
    u.clear();
  }
  // Every sentence of a tokenised document; returns the number of words added.
  size_t AddDocument(const Document& d);
};
bool Upper(std::string_view form) { return !form.empty() && form[0] >= 'A' && form[0] <= 'Z'; }

size_t KeySentences::AddDocument(const Document& d) {
  size_t words = 0;
  for (const Sentence& s : d.sentences) {
    std::vector<std::string> k;
    std::vector<uint8_t> u;
    for (uint32_t i = s.token_begin; i < s.token_end; ++i) {
      k.push_back(ml::ClusterWordKey(d.tokens[i].lower));
      u.push_back(Upper(d.tokens[i].norm));
    }
    words += k.size();
    Add(k, u);
  }
  return words;
}

Status ReadConlluForms(const std::string& path, KeySentences& out, size_t& words) {
  ConlluReadOptions ro;
  ro.require_heads = false;
  auto sents = ReadConlluFile(path, ro);
  if (!sents.ok()) return sents.status();
  for (const Document& d : ConlluToDocuments(*sents)) words += out.AddDocument(d);
  return Status::Ok();
}

// One token per line in the first column (tab or space separated), blank lines between sentences.
Status ReadColumnTokens(const std::string& path, KeySentences& out, size_t& words) {
  std::ifstream f(path);
  if (!f) return Status::NotFound(path + ": cannot open");
  std::string line;
  std::vector<std::string> keys;
  std::vector<uint8_t> up;
  auto flush = [&] {
    words += keys.size();
    out.Add(keys, up);
  };
  while (std::getline(f, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t end = line.find_first_of(" \t");
    const std::string tok = line.substr(0, end);
    if (tok.empty()) {
      flush();
      continue;
    }
    if (tok.rfind("-DOCSTART-", 0) == 0 || !IsValidUtf8(tok)) continue;
    keys.push_back(ml::ClusterWordKey(Lowercase(FoldTypography(tok))));
    up.push_back(Upper(tok));
  }
  flush();
  return Status::Ok();
}

// Plain text files (a directory is walked in sorted order), tokenised and split by dyad.
Status ReadPlainText(const std::string& path, KeySentences& out, size_t& words, size_t& files) {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(path, ec))
      if (e.is_regular_file()) paths.push_back(e.path().string());
    std::sort(paths.begin(), paths.end());
  } else {
    paths.push_back(path);
  }
  for (const std::string& p : paths) {
    std::ifstream f(p, std::ios::binary);
    if (!f) return Status::NotFound(p + ": cannot open");
    std::stringstream ss;
    ss << f.rdbuf();
    Document d;
    d.text = ss.str();
    if (!IsValidUtf8(d.text)) RepairUtf8(d.text);
    TokenizeDocument(d);
    words += out.AddDocument(d);
    ++files;
  }
  return Status::Ok();
}

class TrainCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = app.add_subcommand("train", "Train the POS tagger/lemmatiser or the dependency parser on CoNLL-U");
    cmd_->require_subcommand(1);
    tagger_ = cmd_->add_subcommand("tagger", "Train the tagger + lemmatiser (UPOS, XPOS, LEMMA)");
    parser_ = cmd_->add_subcommand("parser", "Train the labelled dependency parser (HEAD, DEPREL)");
    clusters_ = cmd_->add_subcommand("clusters", "Learn word clusters from unlabeled text (features of tagger/parser v3)");
    gazetteer_ = cmd_->add_subcommand("gazetteer", "Build the place gazetteer from GeoNames dumps (scripts/build_gazetteer.sh)");
    gazetteer_->add_option("--geonames", gaz_.geonames_dir, "Directory with cities500.txt, cities15000.txt, regionInfo.tsv, admin2Codes.txt, countryInfo.tsv")
        ->required();
    gazetteer_->add_option("--countries", gaz_.countries_txt, "Country names, adjectives, demonyms (data/actors/countries.txt)");
    gazetteer_->add_option("--extra", gaz_.extra_txt, "Continents, regions, abbreviations, points (data/geo/extra.txt)");
    gazetteer_->add_option("--words", gaz_.words_txt, "English word list: flags names that are also words (/usr/share/dict/american-english)");
    gazetteer_->add_option("--min-population", gaz_.min_population, "Smaller places only if seats or in keep-small countries")
        ->capture_default_str();
    gazetteer_->add_option("--out", out_, "Where to write the gazetteer")->required();
    clusters_->add_option("--conllu", cl_conllu_, "CoNLL-U files (their FORM column)");
    clusters_->add_option("--columns", cl_columns_, "Token-per-line files (first column; blank line = sentence end)");
    clusters_->add_option("--text", cl_text_, "Plain text files or directories (tokenised by dyad)");
    clusters_->add_option("--out", out_, "Where to write the clusters")->required();
    clusters_->add_option("--min-count", cl_options_.min_count, "Words seen fewer times get no cluster")->capture_default_str();
    clusters_->add_option("--context-words", cl_options_.context_words, "Most frequent words used as contexts")
        ->capture_default_str();
    clusters_->add_option("--depth", cl_options_.depth, "Bits per cluster path")->capture_default_str();
    clusters_->add_option("--window", cl_options_.window, "Neighbours on each side as contexts (1 or 2)")
        ->capture_default_str();
    clusters_->add_option("--other", cl_options_.other, "Count the less frequent neighbours as one context (0/1)")
        ->capture_default_str();
    clusters_->add_option("--dump", cl_dump_, "Also write word, bit path and count per line to this file");
    clusters_->add_option("--iterations", cl_options_.iterations, "2-means iterations per split")->capture_default_str();
    events_ = cmd_->add_subcommand("events", "Train the learned event coder on the annotated corpus and external sets");
    events_->add_option("--out", out_, "Where to write the model (none with --cv-only)");
    events_->add_option("--data", ev_.data_dir, "Directory of the built-in data (default: found next to the binary)");
    events_->add_option("--shared", ev_.shared_dir, "The shared data directory (default: ../shared beside the source tree)");
    events_->add_option("--wordnet", ev_.wordnet_dir, "WordNet database directory")->capture_default_str();
    events_->add_option("--clusters", ev_.clusters, "Word clusters (default: models/en-clusters.bin)");
    events_->add_option("--sources", ev_sources_, "Training material: ours,plv,plover,satp,petrarch,ngec")
        ->capture_default_str();
    events_->add_option("--epochs", ev_.epochs, "Training passes")->capture_default_str();
    events_->add_option("--positive-weight", ev_.positive_weight, "Updates per missed event (cost-sensitive)")
        ->capture_default_str();
    events_->add_option("--partial-negatives", ev_.partial_negatives,
                        "PLV/PLOVER candidates of a type their record lacks are negatives (0/1)")->capture_default_str();
    events_->add_option("--seed", ev_.seed, "Random seed (example order)")->capture_default_str();
    events_->add_option("--folds", ev_.folds, "Report K-fold cross-validated scores first (0 = none)")->capture_default_str();
    events_->add_flag("--cv-only", ev_.cv_only, "Only cross-validate; write no model");
    events_->add_option("--cv-thresholds", ev_.cv_thresholds, "Also cross-validate these thresholds")->delimiter(',');
    events_->add_option("--cv-setups", ev_.cv_setups,
                        "Also cross-validate these coder setups ('mode=combined,gate=1;mode=rules', as stage eventml's options)")
        ->delimiter(';');
    events_->add_option("--cv-misses", ev_.cv_misses, "List this many misses of the corpus' cross-validation");
    events_->add_option("--threshold", ev_.threshold, "Type margin over NONE needed to code an event")->capture_default_str();
    events_->add_option("--satp-max", ev_.satp_max, "At most this many SATP attack summaries")->capture_default_str();
    events_->add_option("--nouns-need-occurrence", ev_.nouns_need_occurrence,
                        "Event nouns need a verb of occurrence (0/1)")->capture_default_str();
    events_->add_option("--relevance", ev_.relevance, "Events need a politically relevant actor (0/1)")->capture_default_str();
    for (CLI::App* sub : {tagger_, parser_}) {
      sub->add_option("--train", train_, "Training treebank (CoNLL-U)")->required();
      sub->add_option("--dev", dev_, "Development treebank (CoNLL-U), picks the best epoch")->required();
      sub->add_option("--out", out_, "Where to write the model")->required();
      sub->add_option("--seed", seed_, "Random seed (shuffling, exploration)")->capture_default_str();
      sub->add_option("--prune", prune_, "Drop averaged weights below this magnitude")->capture_default_str();
    }
    tagger_->add_option("--epochs", tagger_epochs_, "Training passes")->capture_default_str();
    tagger_->add_option("--features", tagger_features_, "Feature set: 1 (format v1), 2 (v2, with a tag dictionary) or 3 (v3, word clusters; needs --clusters)")
        ->capture_default_str();
    tagger_->add_option("--clusters", clusters_model_, "Word clusters (dyad train clusters) for feature set 3");
    parser_->add_option("--clusters", clusters_model_, "Word clusters for feature set 3 (default: the tagger's)");
    parser_->add_option("--features", parser_features_, "Feature set: 2 (format v2) or 3 (v3, word clusters)")
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

  int RunClusters() {
    auto t0 = std::chrono::steady_clock::now();
    std::ostringstream cmd, sources;
    cmd << "dyad train clusters";
    KeySentences sents;
    auto note = [&](const std::string& what, const std::string& path, size_t words) {
      sources << (sources.tellp() > 0 ? "; " : "") << path << " (" << what << ", " << words << " tokens)";
    };
    for (const std::string& p : cl_conllu_) {
      size_t words = 0;
      if (Status st = ReadConlluForms(p, sents, words); !st.ok()) return Fail(st);
      cmd << " --conllu " << p;
      note("CoNLL-U forms", p, words);
    }
    for (const std::string& p : cl_columns_) {
      size_t words = 0;
      if (Status st = ReadColumnTokens(p, sents, words); !st.ok()) return Fail(st);
      cmd << " --columns " << p;
      note("token column", p, words);
    }
    for (const std::string& p : cl_text_) {
      size_t words = 0, files = 0;
      if (Status st = ReadPlainText(p, sents, words, files); !st.ok()) return Fail(st);
      cmd << " --text " << p;
      note(std::to_string(files) + " text files", p, words);
    }
    cmd << " --out " << out_ << " --min-count " << cl_options_.min_count << " --context-words "
        << cl_options_.context_words << " --depth " << cl_options_.depth << " --iterations " << cl_options_.iterations
        << " --window " << cl_options_.window << " --other " << cl_options_.other;
    std::cerr << "dyad: " << cmd.str() << '\n';
    ml::ClusterTrainOptions o = cl_options_;
    o.sources = sources.str();
    o.command = cmd.str();
    o.log = &std::cerr;
    std::ofstream dump;
    if (!cl_dump_.empty()) {
      dump.open(cl_dump_);
      if (!dump) return Fail(Status::IoError(cl_dump_ + ": cannot write"));
      o.dump = &dump;
    }
    auto clusters = ml::WordClusters::Train(sents.keys, o, &sents.upper);
    if (!clusters.ok()) return Fail(clusters.status());
    if (Status st = clusters->Save(out_); !st.ok()) return Fail(st);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "dyad: wrote " << out_ << " in " << static_cast<int>(secs) << " s\n";
    return kExitOk;
  }

  int RunEvents() {
    namespace fs = std::filesystem;
    auto data = FindDataDir(ev_.data_dir, argv0_);
    if (!data.ok()) return Fail(data.status());
    ev_.data_dir = *data;
    ev_.repo_dir = fs::path(*data).parent_path().lexically_normal().string();
    if (ev_.shared_dir.empty()) ev_.shared_dir = (fs::path(ev_.repo_dir) / ".." / "shared").lexically_normal().string();
    ev_.sources.clear();
    for (size_t p = 0; p <= ev_sources_.size();) {
      size_t c = ev_sources_.find(',', p);
      if (c == std::string::npos) c = ev_sources_.size();
      if (c > p) ev_.sources.push_back(ev_sources_.substr(p, c - p));
      p = c + 1;
    }
    if (out_.empty() && !ev_.cv_only) {
      std::cerr << "dyad: train events needs --out (or --cv-only)\n";
      return kExitUsage;
    }
    ev_.out = ev_.cv_only ? "" : out_;
    ev_.command = fmt::format("dyad train events --sources {} --epochs {} --seed {} --threshold {} --satp-max {} "
                              "--nouns-need-occurrence {} --relevance {} --positive-weight {} --partial-negatives {}{}",
                              ev_sources_, ev_.epochs, ev_.seed, ev_.threshold, ev_.satp_max,
                              ev_.nouns_need_occurrence ? 1 : 0, ev_.relevance ? 1 : 0, ev_.positive_weight,
                              ev_.partial_negatives ? 1 : 0,
                              ev_.out.empty() ? "" : " --out " + ev_.out);
    ev_.log = &std::cerr;
    std::cerr << "dyad: " << ev_.command << '\n';
    auto t0 = std::chrono::steady_clock::now();
    Status s = TrainEventModel(ev_);
    if (!s.ok()) return Fail(s);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "dyad: done in " << static_cast<int>(secs) << " s\n";
    return kExitOk;
  }

  int Run() override {
    if (clusters_->parsed()) return RunClusters();
    if (events_->parsed()) return RunEvents();
    if (gazetteer_->parsed()) {
      std::string report;
      if (Status st = BuildGazetteer(gaz_, out_, &report); !st.ok()) return Fail(st);
      std::cerr << "dyad: " << report;
      return kExitOk;
    }
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
    if (parser_->parsed()) cmd << " --features " << parser_features_ << " --max-weights " << max_weights_;
    if (!clusters_model_.empty()) cmd << " --clusters " << clusters_model_;
    std::shared_ptr<const ml::WordClusters> clusters;
    if (!clusters_model_.empty()) {
      auto c = ml::WordClusters::Load(clusters_model_);
      if (!c.ok()) return Fail(c.status());
      clusters = *c;
    }
    if (parser_->parsed() && !tagger_model_.empty()) cmd << " --tagger " << tagger_model_ << " --jackknife " << jackknife_;
    std::cerr << "dyad: " << cmd.str() << '\n';
    Status saved;
    // The options both trainers share.
    auto common = [&](auto& o) {
      o.clusters = clusters;
      o.seed = seed_;
      o.prune = prune_;
      o.log = &std::cerr;
      o.train_name = train_;
      o.dev_name = dev_;
      o.command = cmd.str();
    };
    if (tagger_->parsed()) {
      TaggerTrainOptions o;
      o.epochs = tagger_epochs_;
      o.feature_set = tagger_features_;
      o.tagdict_min_count = tagdict_min_;
      common(o);
      auto model = Tagger::Train(*train, *dev, o);
      if (!model.ok()) return Fail(model.status());
      saved = model->Save(out_);
      if (saved.ok()) std::cerr << model->Describe();
    } else {
      ParserTrainOptions o;
      o.epochs = parser_epochs_;
      o.max_weights = max_weights_;
      o.feature_set = parser_features_;
      common(o);
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
        o.tagger_options.feature_set = (*t)->feature_set();
        o.tagger_options.clusters = (*t)->clusters();
        if (!o.clusters) o.clusters = (*t)->clusters();
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
  CLI::App* clusters_ = nullptr;
  CLI::App* events_ = nullptr;
  const char* argv0_ = nullptr;
  EventTrainOptions ev_;
  std::string ev_sources_ = "ours,plv,plover,satp";
  CLI::App* gazetteer_ = nullptr;
  GazetteerSources gaz_;
  std::vector<std::string> cl_conllu_, cl_columns_, cl_text_;
  ml::ClusterTrainOptions cl_options_;
  std::string clusters_model_, cl_dump_;
  int parser_features_ = 2;
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
