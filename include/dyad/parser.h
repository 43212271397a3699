// The trained labelled dependency parser (UD v2 relations) for English.
//
// Greedy arc-hybrid transition parser (a ROOT at the bottom of the stack, one
// root per sentence) scored by an averaged perceptron over rich
// Zhang & Nivre (2011)-style features, trained with the dynamic oracle of
// Goldberg & Nivre (2013) with exploration. Linear in sentence length.
// Requires UPOS/XPOS on the tokens (the tagger stage). A Parser is immutable
// once built and shared by all threads; each thread brings a ParserScratch.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "dyad/conllu.h"
#include "dyad/document.h"
#include "dyad/status.h"
#include "dyad/tagger.h"

namespace dyad {

struct ParserScratch {
  std::vector<uint64_t> w, t, u, x, feats;  // word, XPOS, UPOS, suffix-3 hashes per node
  std::vector<int> stack, head, label, lc1, lc2, rc1, rc2, lval, rval;
  std::vector<uint64_t> lset, rset;
  std::vector<uint32_t> c;  // word-cluster paths per node (format v3)
  std::vector<float> scores;
};

struct ParserTrainOptions {
  int epochs = 15;
  uint64_t seed = 1;
  double explore = 0.9;       // follow the model's own transition with this probability ...
  int explore_from = 2;       // ... from this epoch on (dynamic oracle)
  float prune = 0.0f;
  size_t max_weights = 4000000;  // keeps the model file under ~16 MB
  // 2 = the 106 templates of format v2; 3 = v2 plus word-cluster features
  // (format v3; needs `clusters`, stored in the model file).
  int feature_set = 2;
  std::shared_ptr<const ml::WordClusters> clusters;
  // Tags for training and dev: with a tagger, dev is tagged by it; train is
  // tagged by `jackknife` taggers each trained on the other folds (0 = gold tags).
  std::shared_ptr<const Tagger> tagger;
  int jackknife = 0;
  TaggerTrainOptions tagger_options;
  std::ostream* log = nullptr;
  std::string train_name, dev_name, command;
};

class Parser {
 public:
  Parser();
  ~Parser();
  Parser(Parser&&) noexcept;
  Parser& operator=(Parser&&) noexcept;

  static Result<Parser> Train(const std::vector<ConlluSentence>& train,
                              const std::vector<ConlluSentence>& dev,
                              const ParserTrainOptions& options);
  static Result<std::shared_ptr<const Parser>> Load(const std::string& path);
  Status Save(const std::string& path) const;

  // Parses tokens[begin, end) of one sentence: fills head (sentence-relative,
  // -1 = root) and deprel.
  void Parse(std::vector<Token>& tokens, size_t begin, size_t end, ParserScratch& scratch) const;
  void ParseDocument(Document& doc, ParserScratch& scratch) const;

  const std::vector<std::pair<std::string, std::string>>& metadata() const;
  std::string Describe() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Loads a parser once per process and path; later calls share the same model.
Result<std::shared_ptr<const Parser>> LoadParserShared(const std::string& path);

}  // namespace dyad
