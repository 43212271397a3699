// Events: CAMEO/PLOVER coding of sentences, with polarity, modality and dates.
//
// A PatternDictionary (readable text, docs/dictionaries.md) lists verbal and
// nominal triggers over lemmas per CAMEO code; a CameoTable gives each code's
// Goldstein weight, quad class and PLOVER type. Both load once and are
// immutable. The coder finds triggers, picks source and target among the
// sentence's actor mentions, marks negation and modality, dates the event and
// records why (pattern id, cue words, date rule) so every event explains itself.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/actors.h"
#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

struct CameoInfo {
  std::string code;
  std::string name;
  double goldstein = 0.0;
  int quad_class = 0;
  std::string plover;       // "" where PLOVER has no equivalent (statements)
  std::string plover_mode;
  std::string plover_context;
};

class CameoTable {
 public:
  static Result<std::shared_ptr<const CameoTable>> LoadBuiltin(const std::string& data_dir);
  Status AddText(std::string_view content, std::string_view name);
  // The code's row, else its parent's ("0874" -> "087" -> "08"); nullptr if none.
  const CameoInfo* Find(std::string_view code) const;
  // What a statement of intent, a threat or a refusal to do `code` is coded
  // as ("07" aid -> "033" intent to provide aid); "" when the table says nothing.
  enum class Stance { kIntent, kThreat, kRefusal };
  std::string Transform(std::string_view code, Stance stance) const;
  size_t size() const { return rows_.size(); }

 private:
  std::map<std::string, CameoInfo, std::less<>> rows_;
  std::map<std::string, int> quad_by_root_;
  std::map<std::string, std::string> transforms_[3];  // by Stance
};

// Where a pattern looks for its target.
enum class TargetRule : uint8_t {
  kObject,  // the first actor after the trigger in its clause
  kPrep,    // only an actor introduced by one of the pattern's prepositions
  kNone,    // no target (statements)
};

struct EventPattern {
  std::string id;        // "patterns.txt:42"
  std::string code;      // CAMEO
  std::string label;     // the entry's header text
  bool nominal = false;  // a noun trigger ("talks between X and Y")
  std::vector<std::vector<std::string>> words;  // lemma alternatives per position; {"*"} = gap
  std::string text;      // as written
  TargetRule target = TargetRule::kObject;
  std::vector<std::string> target_preps;
  bool symmetric = false;      // "X and Y agreed": each is source and target
  bool nominal_asserted = false;  // a noun trigger is an event by itself ("the statement")
};

struct PetrarchImportStats {
  int patterns = 0;
  int skipped = 0;  // [---] patterns and those whose words before the verb matter
  std::vector<std::string> warnings;
};

class PatternDictionary {
 public:
  // PETRARCH CAMEO.verbpatterns files (for users who want TABARI's vocabulary).
  Status AddPetrarchVerbPatterns(std::string_view content, std::string_view name,
                                 PetrarchImportStats* stats = nullptr);
  static Result<std::shared_ptr<const PatternDictionary>> LoadBuiltin(const std::string& data_dir);
  // The built-in patterns plus extra files (PATH[:PATH], dyad's or PETRARCH's format).
  static Result<std::shared_ptr<const PatternDictionary>> LoadWithExtras(const std::string& data_dir,
                                                                         const std::string& extra);
  Status AddText(std::string_view content, std::string_view name);
  const std::vector<EventPattern>& patterns() const { return patterns_; }
  // Patterns whose first word can be this lemma.
  const std::vector<uint32_t>* ByFirstLemma(std::string_view lemma) const;

 private:
  std::vector<EventPattern> patterns_;
  std::map<std::string, std::vector<uint32_t>, std::less<>> by_first_;
};

// Bounds that keep coding linear whatever the input (docs/architecture.md):
// a sentence gives at most kMaxEventsPerSentence events (the most seen in 588
// local news articles is 9; sentences are at most kMaxSentenceTokens long), and
// a pattern has at most kMaxPatternGaps '*' gaps, each skipping at most 4
// words, so matching one pattern at one token tries at most 5^4 paths.
inline constexpr size_t kMaxEventsPerSentence = 32;
inline constexpr size_t kMaxPatternGaps = 4;

struct CoderOptions {
  bool keep_all = false;  // keep negated / non-actual events (labelled) instead of dropping them
  // Only statements (CAMEO 01, which PLOVER does not code): the learned coder
  // codes the rest.
  bool statements_only = false;
};

// Codes every sentence of doc. Needs tokens with lemmas, actor mentions and
// time mentions. Appends to doc.events.
void CodeEvents(const PatternDictionary& patterns, const CameoTable& cameo, Document& doc,
                const CoderOptions& options = {});

// Merges events with the same (date, source, target, CAMEO code) across one or
// many documents, as GDELT's NumMentions / NumSources. Undated events merge only
// within their document.
struct EventMention {
  std::string doc_id;
  uint32_t sentence = 0;
  Span trigger;
  std::string pattern_id;
};
struct DedupedEvent {
  Event event;  // the first mention's event
  std::vector<EventMention> mentions;
  int num_sources = 0;  // distinct documents
};
std::vector<DedupedEvent> DeduplicateEvents(const std::vector<const Document*>& docs,
                                            bool asserted_only = true);

}  // namespace dyad
