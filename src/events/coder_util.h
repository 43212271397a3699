// Internal: the parts of the rule coder that the learned coder (src/eventml)
// shares with it, so both read triggers, clauses, negation, modality, stance
// cues, coordinated actors and dates the same way.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dyad/events.h"
#include "dyad/time.h"

namespace dyad::coder {

const std::string& LemmaOf(const Token& t);
bool IsDeterminer(std::string_view lower);
bool IsPreposition(std::string_view lower);
// Words of occurrence: "talks began", "launched an attack".
bool IsRealisCue(std::string_view lemma);
// What may stand between a subject and its verb ("has also strongly").
bool IsSubjectGap(std::string_view lower);

// A pattern matched at tokens [tb, te) of the document.
struct PatternMatch {
  const EventPattern* pattern = nullptr;
  uint32_t tb = 0, te = 0;
  int words = 0;  // non-gap words: more = more specific
};
// The most specific pattern whose first word is token i of the sentence
// [first, last) (verbal patterns only on verbs, nominal ones only on nouns when
// the tokens are tagged). `guessed`: rule-based lemmas of every document token
// (tried besides the tagger's, which may slip on a rare verb), or null.
std::optional<PatternMatch> BestMatchAt(const PatternDictionary& patterns, const Document& doc, uint32_t first,
                                        uint32_t last, uint32_t i, const std::vector<std::string>* guessed);

// The clause around a trigger at [tb, te) in the sentence [first, last).
uint32_t ClauseStart(const Document& doc, uint32_t first, uint32_t tb);
uint32_t ClauseEnd(const Document& doc, uint32_t last, uint32_t te);

// What the cue logic needs to know of a trigger.
struct TriggerCue {
  uint32_t tb = 0, te = 0;        // tokens
  bool nominal = false;           // a noun trigger
  bool nominal_asserted = false;  // a noun that is an event by itself ("the statement")
  std::string_view code;          // CAMEO code (statements, "01", report no speech)
};

// Polarity and modality from cue words in the trigger's clause: negators,
// questions, conditions, modals, "to + verb", gerunds after prepositions, a
// noun without a verb of occurrence, reported speech. Returns whether a noun
// trigger has a verb of occurrence (always true for verbs).
bool MarkModality(const Document& doc, uint32_t first, uint32_t last, const TriggerCue& t, uint32_t clause_start,
                  Event& e);

// What the words before a trigger say about the actor's stance towards it:
// "will give", "promised to withdraw" (intent), "threatened to attack"
// (threat), "refused to negotiate" (refusal).
struct StanceCues {
  std::string intent, threat, refusal;
};
StanceCues FindStance(const Document& doc, uint32_t first, const TriggerCue& t, uint32_t clause_start);

// The mentions coordinated with actors[k] ("Iraqi and American officials",
// "A, B and C"): the index range [first, second] in actors.
std::pair<size_t, size_t> CoordinatedRange(const Document& doc, const std::vector<const Mention*>& actors, size_t k);

// Per sentence: its actor and time mentions, and the date an event without a
// date of its own takes (carried within a paragraph, else the document date),
// with the rule that says why.
struct SentenceContext {
  std::vector<std::vector<const Mention*>> actors;
  // The dating rule events share with statements (include/dyad/time.h).
  std::unique_ptr<DocumentDates> dates;
  std::vector<std::string> guessed;  // rule-based lemmas when the tokens are tagged, else empty
};
SentenceContext BuildSentenceContext(const Document& doc);
// A language name used as a language ("supports Spanish and English", "teach
// French"), not as a people or a country's adjective ("the French", "French
// and British troops"): not an actor. BuildSentenceContext leaves these out.
bool IsLanguageUse(const Document& doc, const Mention& m);
// A state or place name, government, military, police, courts, legislature,
// party, armed group, opposition, intelligence, named elite or IGO: what an
// event needs on one side (PROTEST and ASSAULT may have any actor).
bool PoliticallyRelevant(const Mention& m);
bool TypeAllowsAnyActor(std::string_view plover);

// The event's date: DocumentDates::At for the trigger token (the sentence's
// time mention nearest it, else the carried date), as statements are dated.
void DateEvent(const DocumentDates& dates, uint32_t sentence, uint32_t trigger_token, Event& e);

EventActor ToEventActor(const Document& doc, const Mention& m);

}  // namespace dyad::coder
