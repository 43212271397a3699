// Internal: distributional word clusters learnt by dyad from unlabeled text,
// used as features by the tagger (format v3) and the parser (format v3).
//
// Every word seen often enough gets a bit path in a binary tree (like Brown
// clusters): words with similar left and right neighbours share long
// prefixes. The tree is grown top-down by spherical 2-means over Hellinger-
// transformed neighbour distributions (one block for the word to the left,
// one for the word to the right, over the most frequent context words), so
// it is cheap (seconds for millions of words) and deterministic.
//
// A clusters file ("DYADCLU\x01", format v1) describes itself like the other
// models: source texts, sizes, settings, the command. The tagger and the
// parser keep a copy of the clusters they were trained with in their own file.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dyad/status.h"
#include "tagger/perceptron.h"

namespace dyad::ml {

// The word key of the tagger and the parser: lower-cased, digits folded to 0
// in words without letters, at most 64 bytes.
std::string ClusterWordKey(std::string_view lower);

struct ClusterTrainOptions {
  int min_count = 3;         // words seen fewer times get no cluster
  int context_words = 800;   // the most frequent words are the context dimensions
  int depth = 12;            // bits of a path (at most 4,096 leaves)
  int iterations = 8;        // 2-means iterations per split
  int window = 1;            // neighbours on each side (the second ones weigh half)
  bool other = true;         // a context dimension for all the less frequent words
  std::ostream* log = nullptr;
  std::ostream* dump = nullptr;  // if set: "word<TAB>bits<TAB>count" lines, for reading the clusters
  std::string sources, command;  // recorded in the metadata
};

class WordClusters {
 public:
  static constexpr int kMaxDepth = 20;
  // What is known of a word-key hash (ml::HashStr(ClusterWordKey(lower))),
  // 0 = nothing: bits 0-23 hold 1 + the leaf number at depth() (most
  // significant bit = first split), bits 24-26 how often the word is
  // capitalised inside a sentence (Caps()).
  uint32_t Info(uint64_t word_hash) const {
    auto it = paths_.find(word_hash);
    return it == paths_.end() ? 0 : it->second;
  }
  uint32_t Path(uint64_t word_hash) const { return Info(word_hash) & 0xFFFFFF; }
  // 0 = seen fewer than 3 times inside sentences; 1: capitalised < 5 % of
  // those times, 2: < 50 %, 3: < 95 %, 4: more often.
  static uint64_t Caps(uint32_t info) { return info >> 24; }
  // A feature value for the first `bits` bits of a path (a distinct constant
  // for words without a cluster); `info` as from Info().
  uint64_t Prefix(uint32_t info, int bits) const {
    const uint32_t path = info & 0xFFFFFF;
    if (path == 0) return 0xC1A5'0000ull + static_cast<uint64_t>(bits);
    if (bits > depth_) bits = depth_;
    return (static_cast<uint64_t>(bits) << 32) | ((path - 1) >> (depth_ - bits));
  }
  int depth() const { return depth_; }
  size_t size() const { return paths_.size(); }
  bool empty() const { return paths_.empty(); }
  const Metadata& metadata() const { return meta_; }
  std::string Describe() const;

  // sentences: word keys (ClusterWordKey of the lower-cased forms); upper
  // (optional, same shape): 1 where the form starts with a capital letter.
  static Result<WordClusters> Train(const std::vector<std::vector<std::string>>& sentences,
                                    const ClusterTrainOptions& options,
                                    const std::vector<std::vector<uint8_t>>* upper = nullptr);
  static Result<std::shared_ptr<const WordClusters>> Load(const std::string& path);
  Status Save(const std::string& path) const;
  // The clusters inside another model's payload (with their metadata).
  void Serialize(std::string& out) const;
  bool Deserialize(std::string_view& in);

 private:
  int depth_ = 0;
  std::unordered_map<uint64_t, uint32_t> paths_;
  Metadata meta_;
};

}  // namespace dyad::ml
