// The place finder behind the "places" stage (places_stage.cc), exposed to
// its tests and to `dyad places`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dyad/places.h"

namespace dyad {

struct PlaceCandidate {
  uint32_t sentence = 0;
  uint32_t token_begin = 0, token_end = 0;
  Span span;
  std::string key;
  std::vector<GeoPosting> postings;
  uint8_t key_flags = 0;
  bool in_compound = false;       // a part of a hyphenated word
  bool strong = false;            // a cue says it is a place
  std::string cue;                // which cue
  int level_hint = -1;            // GeoLevel asked for by a kind word, -1 none
  int container = -1;             // index of the candidate after ", " that contains it
  int after_comma_of = -1;        // index of the candidate it contains
  bool sentence_initial = false;
  bool after_title = false;       // "Gov. Jackson"
  bool after_name = false;        // "Jesse Jackson"
  bool first_name = false;        // "Lincoln Chafee"
  bool adjective = false;         // only demonym/adjective readings left
  // Linking.
  uint32_t chosen = UINT32_MAX;
  double score = 0;
  double support = 0;             // the winner's score from context (document, container, kind word)
  std::string link_rule;
  std::vector<std::string> alternatives;  // the best readings with their score parts
};

class PlaceFinder {
 public:
  PlaceFinder(std::shared_ptr<const Gazetteer> gaz, bool adjectives);
  // Appends doc.places.
  Status Annotate(Document& doc) const;
  const std::shared_ptr<const Gazetteer>& gazetteer() const { return gaz_; }

  void FindCandidates(const Document& doc, std::vector<PlaceCandidate>& out) const;
  void ReadCues(const Document& doc, std::vector<PlaceCandidate>& cands) const;
  bool Keep(const Document& doc, PlaceCandidate& pc) const;
  void Link(const Document& doc, std::vector<PlaceCandidate>& cands) const;
  // Whether one of the candidate's readings is a country (not as an adjective).
  bool NamesCountry(const PlaceCandidate& pc) const;

 private:
  std::shared_ptr<const Gazetteer> gaz_;
  bool adjectives_;
};

// "Springfield, Illinois, United States" (GDELT's FullName).
std::string FullName(const GeoEntry& e);

}  // namespace dyad
