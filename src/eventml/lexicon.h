// Internal: the semantic classes of words that the learned event coder uses as
// features, read from WordNet 3.0's database files (Debian's wordnet-base,
// /usr/share/wordnet) by our own reader at training time and stored in the
// event model, so that coding needs no WordNet files.
//
// A word's classes are small integers: the lexicographer file (lexname) of its
// first two senses ("verb.communication", "noun.act") and the synsets on the
// hypernym paths of its first senses, a few levels up. Two verbs never seen in
// training but sharing a hypernym ("shell" and "bombard" under "attack") then
// share features.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dyad/status.h"

namespace dyad::eventml {

class SemanticLexicon {
 public:
  // Class kinds, in the top four bits of a class.
  enum Kind : uint32_t {
    kLexname1 = 1,  // lexname of the first sense
    kLexname2 = 2,  // lexname of the second sense
    kSynset1 = 3,   // a synset on the hypernym path of the first sense (itself included)
    kSynset2 = 4,   // ... of the second or third sense
  };
  static constexpr uint32_t kKindShift = 28;
  static Kind KindOf(uint32_t c) { return static_cast<Kind>(c >> kKindShift); }
  static uint32_t ValueOf(uint32_t c) { return c & ((1u << kKindShift) - 1); }
  // Lexname numbers of WordNet's lexicographer files (lexnames(5WN)).
  static std::string_view LexnameName(uint32_t n);
  static constexpr uint32_t kNounAct = 4, kNounCommunication = 10, kNounEvent = 11, kNounGroup = 14,
                            kNounLocation = 15, kNounPerson = 18, kNounArtifact = 6;

  // Reads index.verb/data.verb and index.noun/data.noun under dir. depth:
  // hypernym levels above each sense; senses: how many senses give synsets.
  static Result<SemanticLexicon> ReadWordNet(const std::string& dir, int depth = 3, int senses = 3);

  // The classes of a lemma ('v' verb, 'n' noun; multiword lemmas with '_',
  // "pull_out"), or null.
  const uint32_t* Find(char pos, std::string_view lemma, size_t* n) const;
  // The lexname of the first sense, or -1.
  int FirstLexname(char pos, std::string_view lemma) const;
  size_t size() const { return index_.size(); }

  void Serialize(std::string& out) const;
  bool Deserialize(std::string_view& in);

 private:
  static uint64_t Key(char pos, std::string_view lemma);
  std::unordered_map<uint64_t, std::pair<uint32_t, uint32_t>> index_;  // key -> (offset, count) in classes_
  std::vector<uint32_t> classes_;
};

}  // namespace dyad::eventml
