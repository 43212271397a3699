// Internal: which coder(s) a stage runs and the relevance gates applied to
// their events (stage "eventml" options mode/overlap/gate/sides; training's
// cross-validation scores the same settings).
#pragma once

#include <string>
#include <string_view>

#include "dyad/document.h"
#include "dyad/events.h"
#include "dyad/status.h"
#include "eventml/model.h"

namespace dyad::eventml {

struct CoderSetup {
  enum class Mode { kRules, kLearned, kCombined } mode = Mode::kLearned;
  // Combined: the model's event is dropped when a rule event covers its
  // trigger (or has its PLOVER type in the sentence); with kPattern also when
  // its trigger is a hand-written pattern's (the rules judged that word and
  // declined it); with kSentence when the rules coded any PLOVER event in its
  // sentence.
  enum class Overlap { kTrigger, kPattern, kSentence } overlap = Overlap::kTrigger;
  float margin = 0.0f;  // the model's events need this type margin (weight units) over NONE
  // The model's event nouns need a verb of occurrence ("talks began"), as the
  // rule coder's do (nouns=occur).
  bool nouns_need_occurrence = false;
  // Document gate: 0 none; 1 the document names a state organ, party or
  // armed group of a known country, or an IGO (a mention with a political
  // sector and a country, or an IGO/IMG code);
  // 2 as 1, or two different countries as actors.
  int gate = 0;
  // 1: as the coders have it. 2: an event needs a source and a target unless
  // its type is one-sided by nature (PROTEST, ASSAULT, MOBILIZE, RETREAT) or
  // it is a statement. 3: in a document that names no political organ
  // (as for gate 1: a state organ of a known country, or an IGO), an event
  // without a target needs such an organ as its actor (not a bare country or
  // place, not "---GOV"; for PROTEST also civilians, workers, the opposition).
  // 4: as 3 in every document (drops "France withdrew its ambassador").
  int sides = 1;
  // Parses "mode=combined,overlap=sentence,gate=1,sides=2,margin=4,nouns=occur" (all optional).
  static Result<CoderSetup> Parse(std::string_view spec);
  std::string ToString() const;
};

// Codes doc with the setup's coder(s) and filters what they appended.
void CodeWithSetup(const CoderSetup& setup, const EventModel* model, const PatternDictionary& patterns,
                   const CameoTable& cameo, Document& doc, const CoderOptions& rule_options,
                   const CodeOptions& ml_options);

// Gate 1/2 above, over the document's actor mentions (language uses excluded).
bool DocumentIsPolitical(const Document& doc, int gate);

}  // namespace dyad::eventml
