// Scoring coded events against PLOVER gold records (the metric of
// ../shared/tools/score_events.py, implemented here so `dyad eval events`
// needs no Python): per gold record, did dyad find an event of the gold type,
// and among those, is a source (target) country one of the gold ones.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dyad/status.h"

namespace dyad {

struct PloverGoldRecord {
  std::string id;
  // The record's gold types, normalised to current PLOVER names (DEMAND ->
  // REQUEST, ...): its `labels` when it has them (empty = a sentence with no
  // event, where every predicted event is wrong), else its single `event`.
  std::vector<std::string> types;
  std::string date;
  std::string text;
  std::vector<std::string> source_countries;  // upper-case 3-letter codes
  std::vector<std::string> target_countries;
  struct Actor {
    std::string country;  // first three letters of the gold code ("IGO" for the UN)
    std::string sector;   // may be empty
    std::string text;
  };
  std::vector<Actor> actors;  // sources and targets, for actor-recognition recall
};

// Actor recognition on gold records: is each gold actor's country (and
// sector) among the actor mentions dyad finds in the record's sentence?
struct ActorRecall {
  int actors = 0, found = 0;            // gold actors with a country; found by country
  int records = 0, records_all = 0;     // records with actors; all of them found
  int with_sector = 0, sector_found = 0;
  std::map<std::string, std::pair<int, int>> by_sector;  // sector -> (gold, found with sector)
  std::vector<std::string> misses;      // "id: country/sector 'text'"
};
std::string FormatActorRecall(const ActorRecall& r, size_t max_misses = 10);

struct PloverPrediction {
  std::string doc_id;
  std::string type;            // PLOVER type, upper case; "" when none
  std::string source_country;  // "" when none
  std::string target_country;
};

struct PloverScore {
  int records = 0, gold_pairs = 0;  // records; (record, gold type) pairs, the recall base
  int predicted = 0, predicted_ok = 0, covered = 0, type_hits = 0;
  int source_n = 0, source_ok = 0, target_n = 0, target_ok = 0;
  double type_recall = 0, type_precision = 0, type_f1 = 0, coverage = 0, source_acc = 0,
         target_acc = 0;
  struct PerType {
    int gold = 0, hit = 0, predicted = 0, predicted_ok = 0;  // predicted_ok: of a gold type of its record
  };
  std::map<std::string, PerType> per_type;
  struct Miss {
    std::string id, gold_type, predicted_types, text;
  };
  std::vector<Miss> misses;
};

// Reads gold JSONL (DOCUMENT records skipped); errors name file and line.
Result<std::vector<PloverGoldRecord>> ReadPloverGold(const std::string& path);
// The current PLOVER name of a gold type ("DEMAND" -> "REQUEST").
std::string NormalisePloverType(const std::string& type);
// Whether a predicted type counts for a gold type (YIELD, an older type, was
// split into CONCEDE and RETREAT).
bool PloverTypeMatches(const std::string& predicted, const std::string& gold);
PloverScore ScorePlover(const std::vector<PloverGoldRecord>& gold,
                        const std::vector<PloverPrediction>& predictions);
// The summary in score_events.py's layout, ending with the key=value line.
std::string FormatPloverScore(const PloverScore& s, size_t max_misses = 10);

}  // namespace dyad
