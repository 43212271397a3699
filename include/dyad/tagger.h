// The trained part-of-speech tagger and lemmatiser for English.
//
// A greedy left-to-right averaged perceptron predicts one joint UPOS+XPOS tag
// per word from word, affix, shape, context-word, previous-tag and
// ambiguity-class features. Lemmas come from edit scripts learned from the
// treebank: an exact (word, XPOS) lexicon, then the longest matching (XPOS,
// suffix) rule, then GuessLemma. A Tagger is immutable once built and shared
// by all threads; each thread brings its own TaggerScratch.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dyad/conllu.h"
#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

namespace ml {
class WordClusters;  // src/tagger/clusters.h
}

struct TaggerScratch {
  std::vector<uint64_t> feats;
  std::vector<float> scores;
  std::vector<uint64_t> word, cased, shape, suf1, suf2, suf3, suf4, pre1, pre2, pre3, amb, suf5, pre4, hyph;
  std::vector<int> fixed;  // tag-dictionary class per word (-1 = scored by the perceptron)
  std::vector<int> tags, right;  // this pass's tags; the previous pass's (empty in the first)
  std::vector<uint32_t> clu;     // word-cluster paths (format v3)
  uint64_t headline = 0;
};

struct TaggerTrainOptions {
  int epochs = 12;
  uint64_t seed = 1;
  int min_lexicon_count = 5;  // words seen fewer times have no ambiguity class
  // Tag dictionary: words seen >= this often with one class in >= 99.9 % of
  // their occurrences get that class without scoring (0 = off; 20 cost
  // 0.08 UPOS on EWT dev for little speed, so it is off by default).
  int tagdict_min_count = 0;
  // 1 = the 48 templates of format v1 (the shipped model); 2 = 55 templates and an
  // optional tag dictionary (format v2; not better on EWT dev: 94.89 vs 94.99 UPOS).
  // 3 = the 48 templates of v1 plus word-cluster features (format v3; needs `clusters`).
  int feature_set = 1;
  std::shared_ptr<const ml::WordClusters> clusters;
  float prune = 0.0f;         // drop averaged weights below this magnitude
  std::ostream* log = nullptr;
  std::string train_name, dev_name, command;  // recorded in the model
};

class Tagger {
 public:
  Tagger();
  ~Tagger();
  Tagger(Tagger&&) noexcept;
  Tagger& operator=(Tagger&&) noexcept;

  static Result<Tagger> Train(const std::vector<ConlluSentence>& train,
                              const std::vector<ConlluSentence>& dev,
                              const TaggerTrainOptions& options);
  static Result<std::shared_ptr<const Tagger>> Load(const std::string& path);
  Status Save(const std::string& path) const;

  // Tags tokens[begin, end) of one sentence: fills upos, xpos and lemma.
  void Tag(std::vector<Token>& tokens, size_t begin, size_t end, TaggerScratch& scratch) const;
  void TagDocument(Document& doc, TaggerScratch& scratch) const;
  // The lemma of a word form given its XPOS (UPOS breaks ties for "_").
  std::string Lemmatize(std::string_view form, std::string_view lower, std::string_view xpos) const;

  // The format version (= feature set) and the word clusters (format v3, else null).
  int feature_set() const;
  std::shared_ptr<const ml::WordClusters> clusters() const;

  // Self-description: format, features, training data and scores.
  const std::vector<std::pair<std::string, std::string>>& metadata() const;
  std::string Describe() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Where a model file is looked up: `explicit_path` when given; else
// $DYAD_MODELS/<file_name>; else <data_dir>/../models/<file_name> (the models/
// directory next to data/); else models/ in the source tree dyad was built from.
std::string ResolveModelPath(const std::string& explicit_path, const std::string& data_dir,
                             std::string_view file_name);
constexpr std::string_view kDefaultTaggerModel = "en-tagger.bin";
constexpr std::string_view kDefaultParserModel = "en-parser.bin";

// Loads a tagger once per process and path; later calls share the same model.
Result<std::shared_ptr<const Tagger>> LoadTaggerShared(const std::string& path);

}  // namespace dyad
