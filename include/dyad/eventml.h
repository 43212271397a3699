// The learned event coder (stage "eventml"; `dyad code --coder learned`) and
// its training. The default coder is this stage in mode=combined (the rule
// coder's events plus the model's where the rules coded none, with relevance
// gates; Pipeline::kDefaultEventStage): see docs/benchmarks.md.
//
// Stage "eventml" codes each predicate of the parse (verb, event noun, or a
// word where a hand-written pattern starts) with a trained classifier over
// NONE and the 16 PLOVER types, picks source and target with a trained ranker
// over the sentence's actor mentions, and keeps the rule coder's cue logic for
// negation, modality, stance and dates (docs/architecture.md). Statements
// (CAMEO 01, which PLOVER does not code) still come from the patterns.
// Options: model=PATH (default models/en-events.bin), all=yes (keep negated and
// non-actual events, labelled), explain=yes (top features in pattern_text),
// patterns=PATH[:PATH] (more pattern files, as features); mode=rules|learned|
// combined, overlap=trigger|pattern|sentence, margin=N, gate=0|1|2, sides=1|2|3,
// nouns=occur (src/eventml/combine.h says what each does).
//
// `dyad train events` (TrainEventModel) rebuilds the model from the committed
// stand-off corpus (data/annotations/events) and the external sets in
// ../shared/data/events, deterministically; with folds > 1 it first reports
// cross-validated scores.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "dyad/status.h"

namespace dyad {

inline constexpr std::string_view kDefaultEventModel = "en-events.bin";

struct EventTrainOptions {
  std::string repo_dir;     // the source tree (data/annotations/events)
  std::string shared_dir;   // ../shared (texts of the corpus, external sets)
  std::string data_dir;     // data/ (patterns, CAMEO table, dictionaries; models/ beside it)
  std::string wordnet_dir = "/usr/share/wordnet";
  std::string clusters;     // word clusters file (default models/en-clusters.bin)
  // Training material: "ours" (the corpus' train split), "plv", "plover" (the
  // PLOVER dev half), "satp", "petrarch", "ngec".
  std::vector<std::string> sources = {"ours", "plv", "plover", "satp"};
  int epochs = 10;
  int positive_weight = 1;  // a missed event updates the weights this many times
  bool partial_negatives = true;  // PLV/PLOVER: a type the record lacks is wrong (their labels name one type)
  uint32_t seed = 1;
  int folds = 0;            // > 1: report K-fold cross-validated scores first
  bool cv_only = false;     // only cross-validate, write no model
  float threshold = 0.0f;   // type margin over NONE needed to code an event
  bool nouns_need_occurrence = false;
  bool relevance = true;
  int satp_max = 1454;      // at most this many SATP summaries (ASSAULT-only labels)
  std::string out;          // model file to write
  std::string command;      // recorded in the model's metadata
  std::vector<float> cv_thresholds;  // also cross-validate these thresholds (a summary line each)
  // Also cross-validate these coder setups (stage eventml's mode/overlap/gate/sides, e.g. "mode=combined,gate=1").
  std::vector<std::string> cv_setups;
  int cv_misses = 0;        // misses of our corpus' cross-validation to list
  std::ostream* log = nullptr;
};

Status TrainEventModel(const EventTrainOptions& options);

}  // namespace dyad
