// Cue logic shared by the rule coder and the learned coder (coder_util.h).
#include "events/coder_util.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <unordered_set>

#include "dyad/text.h"

namespace dyad::coder {

namespace {

using WordSet = std::unordered_set<std::string_view>;

const WordSet& Determiners() {
  static const WordSet s = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that",
                            "these", "those", "'s", "'", "any", "no", "every", "each", "first",
                            "latest", "new", "recent", "last", "previous", "final"};
  return s;
}
const WordSet& Prepositions() {
  static const WordSet s = {"at",   "in",      "of",     "for",   "from",  "with",  "to",
                            "by",   "on",      "between", "about", "into",  "against", "among",
                            "over", "towards", "toward", "under", "across", "through", "within",
                            "without", "near", "after", "before", "during", "like"};
  return s;
}
// Words that open a new clause: the trigger's actors are not found past them.
const WordSet& ClauseOpeners() {
  static const WordSet s = {";", "which", "who", "whom", "whose", "while", "because", "but",
                            "although", "though", "whereas", "since", "unless", "where", "when"};
  return s;
}
// What may stand between a subject and its verb: "Iraq has also strongly demanded".
const WordSet& SubjectGap() {
  static const WordSet s = {"has", "have", "had", "was", "were", "is", "are", "be", "been",
                            "will", "would", "could", "should", "may", "might", "must", "can",
                            "shall", "did", "does", "do", "also", "strongly", "repeatedly",
                            "reportedly", "again", "officially", "formally", "publicly", "jointly",
                            "then", "now", "already", "still", "recently", "not", "n't", "never",
                            "just", "firmly", "once", "finally", "today", "yesterday", "on", ","};
  return s;
}
const WordSet& RealisCues() {
  static const WordSet s = {"start",  "begin",   "began",  "begun",   "hold",    "held",
                            "take",   "conclude", "end",   "launch",  "complete", "continue",
                            "resume", "occur",   "happen", "carry",   "took",    "started",
                            "ended",  "concluded", "opened", "open", "wrap", "proceed",
                            // an attempt is coded as the act, as CAMEO codes attempted attacks
                            "try", "tried", "attempt", "manage", "managed"};
  return s;
}

}  // namespace

const std::string& LemmaOf(const Token& t) { return t.lemma.empty() ? t.lower : t.lemma; }
bool IsDeterminer(std::string_view lower) { return Determiners().count(lower) > 0; }
bool IsPreposition(std::string_view lower) { return Prepositions().count(lower) > 0; }
bool IsRealisCue(std::string_view lemma) { return RealisCues().count(lemma) > 0; }
bool IsSubjectGap(std::string_view lower) { return SubjectGap().count(lower) > 0; }

namespace {

bool IsClauseOpener(const Token& t) { return ClauseOpeners().count(t.lower) > 0; }

// Matches pattern p at token i of [i, last); gaps skip up to four tokens but
// never a clause opener.
// `guessed`: the rule-based lemma of every token of the document (or empty),
// tried besides the tagger's lemma: a trained lemmatiser that slips on a
// rare verb ("blamed" -> "blam") must not hide the trigger.
bool MatchFrom(const Document& doc, const EventPattern& p, size_t w, uint32_t i, uint32_t last,
               uint32_t& end, const std::vector<std::string>* guessed) {
  if (w == p.words.size()) {
    end = i;
    return true;
  }
  const std::string& word = p.words[w][0];
  if (word == "*" && p.words[w].size() == 1) {
    for (uint32_t skip = 0; skip <= 4 && i + skip < last; ++skip) {
      if (skip > 0 && (IsClauseOpener(doc.tokens[i + skip - 1]) || doc.tokens[i + skip - 1].lower == "."))
        break;
      if (MatchFrom(doc, p, w + 1, i + skip, last, end, guessed)) return true;
    }
    return false;
  }
  if (i >= last) return false;
  const Token& t = doc.tokens[i];
  bool any = false;
  for (const std::string& alt : p.words[w])
    any = any || LemmaOf(t) == alt || t.lower == alt || (guessed && (*guessed)[i] == alt);
  if (!any) return false;
  return MatchFrom(doc, p, w + 1, i + 1, last, end, guessed);
}


}  // namespace

std::optional<PatternMatch> BestMatchAt(const PatternDictionary& patterns, const Document& doc, uint32_t first,
                                        uint32_t last, uint32_t i, const std::vector<std::string>* guessed) {
  const Token& t = doc.tokens[i];
  std::optional<PatternMatch> best;
  bool after_determiner = i > first && IsDeterminer(doc.tokens[i - 1].lower);
  // Capitalised words inside a sentence are names ("March", "Strike Force").
  if (i > first && t.Has(kTokCapitalised) && !doc.tokens[i - 1].Has(kTokQuote)) return std::nullopt;
  const std::string* guess = guessed ? &(*guessed)[i] : &t.lower;
  for (const std::string* key : {&LemmaOf(t), &t.lower, guess}) {
    const auto* ids = patterns.ByFirstLemma(*key);
    if (!ids) continue;
    for (uint32_t id : *ids) {
      const EventPattern& p = patterns.patterns()[id];
      if (!p.nominal && after_determiner) continue;  // "the attack" is a noun
      // With the tagger's part of speech: "the two neighbouring states" is
      // no statement, "talks" as a verb is no negotiation.
      if (!t.upos.empty()) {
        if (!p.nominal && t.upos != "VERB" && t.upos != "AUX") continue;
        if (p.nominal && t.upos != "NOUN" && t.upos != "PROPN" && t.upos != "X") continue;
      }
      // A noun trigger is not a verb form: "according" is not "accord".
      if (p.nominal && t.lower != p.words[0][0] &&
          (t.lower.ends_with("ing") || t.lower.ends_with("ed")))
        continue;
      uint32_t end = 0;
      if (!MatchFrom(doc, p, 0, i, last, end, guessed)) continue;
      int words = 0;
      for (const auto& w : p.words) words += !(w.size() == 1 && w[0] == "*");
      bool better = !best || words > best->words ||
                    (words == best->words && !p.nominal && best->pattern->nominal);
      if (better) best = PatternMatch{&p, i, end, words};
    }
    if (key == guess) break;
  }
  return best;
}


uint32_t ClauseStart(const Document& doc, uint32_t first, uint32_t tb) {
  uint32_t j = tb;
  while (j > first) {
    const Token& t = doc.tokens[j - 1];
    if (t.lower == ";" || t.lower == ":" || t.lower == "whether") break;
    // "reveals that the US ...": a complement clause has its own subject;
    // "that country" is a determiner.
    if ((t.lower == "that" || t.lower == "if") && j < doc.tokens.size()) {
      const Token& next = doc.tokens[j];
      if (next.lower == "the" || next.lower == "a" || next.Has(kTokCapitalised) ||
          next.lower == "it" || next.lower == "they" || next.lower == "he" || next.lower == "she")
        break;
    }
    --j;
  }
  return j;
}
uint32_t ClauseEnd(const Document& doc, uint32_t last, uint32_t te) {
  uint32_t j = te;
  // "demanded that the US cancel ...": a complementizer right after the
  // trigger opens its object, not a new clause.
  if (j < last && doc.tokens[j].lower == "that") ++j;
  while (j < last) {
    const Token& t = doc.tokens[j];
    if (IsClauseOpener(t) || t.lower == "that" || t.lower == "before" || t.lower == "after") break;
    if (t.lower == "," && j + 1 < last && IsClauseOpener(doc.tokens[j + 1])) break;
    ++j;
  }
  return j;
}


std::pair<size_t, size_t> CoordinatedRange(const Document& doc, const std::vector<const Mention*>& actors, size_t k) {
  size_t lo = k, hi = k;
  // Coordinated: "A and B", "A, B and C" (a bare comma links only when an
  // "and"/"or" follows in the list).
  auto gap_kind = [&](const Mention* a, const Mention* b) {
    if (a->span == b->span) return 3;  // "the two sides": one span, two actors
    if (b->token_begin < a->token_end) return 0;
    bool conj = false;
    for (uint32_t t = a->token_end; t < b->token_begin; ++t) {
      const std::string& w = doc.tokens[t].lower;
      if (w == "and" || w == "or") conj = true;
      else if (w != "," && w != "the") return 0;
    }
    return conj ? 2 : (b->token_begin > a->token_end ? 1 : 0);
  };
  auto linked = [&](size_t x) {  // actors[x] and actors[x + 1]
    int g = gap_kind(actors[x], actors[x + 1]);
    if (g >= 2) return true;
    if (g == 1)
      for (size_t y = x + 1; y + 1 < actors.size(); ++y) {
        int h = gap_kind(actors[y], actors[y + 1]);
        if (h == 3) continue;
        if (h != 1) return h == 2;
      }
    return false;
  };
  while (lo > 0 && linked(lo - 1)) --lo;
  while (hi + 1 < actors.size() && linked(hi)) ++hi;
  return {lo, hi};
}


StanceCues FindStance(const Document& doc, uint32_t first, const TriggerCue& m, uint32_t clause_start) {
  static const WordSet intent = {"will", "'ll", "shall", "promise", "promised", "promises", "pledge",
                                 "pledged", "pledges", "vow", "vowed", "vows", "offer", "offered",
                                 "offers", "agree", "agreed", "agrees", "ready", "willing", "prepared",
                                 "committed", "commit", "commits", "plan", "plans", "planned", "intend",
                                 "intends", "intended", "decide", "decided", "decides", "undertake",
                                 "undertook", "sworn", "swore", "swear"};
  static const WordSet threat = {"threaten", "threatened", "threatens", "threatening"};
  static const WordSet refusal = {"refuse", "refused", "refuses", "refusing", "decline", "declined",
                                  "declines", "fail", "failed", "fails"};
  StanceCues cues;
  uint32_t lo = m.tb >= clause_start + 6 ? m.tb - 6 : clause_start;
  bool say_before = false, condition = false;
  for (uint32_t j = first; j < m.tb; ++j) {
    const std::string& l = LemmaOf(doc.tokens[j]);
    say_before = say_before || l == "say" || l == "announce" || l == "state" || l == "tell";
    condition = condition || doc.tokens[j].lower == "if" || doc.tokens[j].lower == "unless";
  }
  for (uint32_t j = lo; j < m.tb; ++j) {
    const std::string& w = doc.tokens[j].lower;
    if (doc.tokens[j].Has(kTokCapitalised) && j != first) continue;
    if (threat.count(w)) cues.threat = w;
    else if (refusal.count(w)) cues.refusal = w;
    else if (intent.count(w) || (w == "would" && say_before && !condition)) cues.intent = w;
  }
  return cues;
}

// Returns whether a noun trigger has a verb of occurrence (always true for verbs).
bool MarkModality(const Document& doc, uint32_t first, uint32_t last, const TriggerCue& m, uint32_t clause_start,
                  Event& e) {
  bool occurs = !m.nominal;
  uint32_t lo = m.tb >= clause_start + 6 ? m.tb - 6 : clause_start;
  for (uint32_t j = lo; j < m.tb; ++j) {
    const std::string& w = doc.tokens[j].lower;
    bool negator = w == "not" || w == "n't" || w == "never" || w == "no" || w == "nor" ||
                   w == "neither" || w == "without" || w == "refuse" || w == "refused" ||
                   w == "refuses" || w == "fail" || w == "failed" || w == "fails";
    if (negator && w == "not" && j + 1 < last && doc.tokens[j + 1].lower == "only") continue;
    if (negator) {
      e.polarity = Polarity::kNegated;
      e.modality_cue = w;
    }
  }
  auto set = [&](Modality mod, std::string cue) {
    if (e.modality == Modality::kActual || mod == Modality::kQuestion ||
        (mod == Modality::kHypothetical && e.modality != Modality::kQuestion)) {
      e.modality = mod;
      if (!e.modality_cue.empty()) e.modality_cue += ", ";
      e.modality_cue += cue;
    }
  };
  // Sentence-wide: questions.
  if (last > first && doc.tokens[last - 1].lower == "?") set(Modality::kQuestion, "?");
  for (uint32_t j = first; j < m.tb; ++j) {
    const std::string& w = doc.tokens[j].lower;
    if (w == "whether") set(Modality::kQuestion, "whether");
    // A condition anywhere before the trigger governs it: "even if it is
    // assumed that the forces leave", "if talks fail, X will attack".
    if (w == "if" || w == "unless" || w == "assumed" || w == "suppose" || w == "supposing" ||
        w == "hypothetically")
      set(Modality::kHypothetical, w);
  }
  for (uint32_t j = lo; j < m.tb; ++j) {
    const std::string& w = doc.tokens[j].lower;
    if (w == "will" || w == "'ll" || w == "shall" || w == "plan" || w == "plans" ||
        w == "intend" || w == "intends" || w == "expected")
      set(Modality::kFuture, w);
    if (doc.tokens[j].Has(kTokCapitalised) && j != first) continue;  // "May 4" is a month
    if (w == "would" || w == "could" || w == "might" || w == "may" || w == "should" ||
        w == "possible" || w == "possibility" || w == "probably" || w == "likely")
      set(Modality::kHypothetical, w);
  }
  if (m.tb > first) {
    const std::string& prev = doc.tokens[m.tb - 1].lower;
    const bool gerund = doc.Text(doc.tokens[m.tb].span).size() > 4 &&
                        doc.tokens[m.tb].lower.ends_with("ing");
    if (!m.nominal && prev == "to") {
      // "agreed to form", "is looking to leave": intended, not done.
      bool realis = m.tb >= first + 2 && IsRealisCue(LemmaOf(doc.tokens[m.tb - 2]));
      if (!realis) set(Modality::kFuture, "to + verb");
    }
    // "thinking of withdrawing", "in supporting that regime": a gerund
    // after a preposition names an action, it does not report one.
    if (gerund && (prev == "of" || prev == "about" || prev == "for" || prev == "in" ||
                   prev == "on" || prev == "without" || prev == "against" || prev == "towards"))
      set(Modality::kHypothetical, prev + " + -ing");
    if (gerund && prev == "before") set(Modality::kFuture, "before + -ing");
  }
  if (m.nominal) {
    // A noun asserts an occurrence only with a verb of occurrence: after it
    // ("talks started", "the attack took place") or just before it
    // ("launched an attack"). Modal words on the way count ("the talks will
    // be held").
    uint32_t end = ClauseEnd(doc, last, m.te);
    bool realis = false;
    for (uint32_t j = m.te; j < end && !realis; ++j) {
      const Token& t = doc.tokens[j];
      const std::string& w = t.lower;
      if (w == "will" || w == "'ll" || w == "shall") set(Modality::kFuture, w);
      if (t.Has(kTokCapitalised)) continue;  // "on May 4": a month, not a modal
      if (w == "would" || w == "could" || w == "might" || w == "may" || w == "should")
        set(Modality::kHypothetical, w);
      realis = IsRealisCue(LemmaOf(t)) && !t.Has(kTokCapitalised) &&
               !IsDeterminer(doc.tokens[j - 1].lower);  // "the end of" is a noun
    }
    for (uint32_t j = m.tb; j > clause_start && m.tb - j < 4 && !realis; --j) {
      const Token& t = doc.tokens[j - 1];  // inflected: "launched", not "complete"
      realis = t.lower != LemmaOf(t) && IsRealisCue(LemmaOf(t));
    }
    if (!realis && !m.nominal_asserted)
      set(Modality::kHypothetical, "noun without a verb of occurrence");
    occurs = realis;
  }
  // Reported speech: "the Pentagon said Iraq had agreed".
  if (e.modality == Modality::kActual && m.code.substr(0, 2) != "01") {
    for (uint32_t j = clause_start; j < m.tb; ++j) {
      const std::string& l = LemmaOf(doc.tokens[j]);
      if (l == "say" || l == "report" || l == "claim" || l == "tell") {
        set(Modality::kReported, doc.tokens[j].lower);
        break;
      }
    }
  }
  return occurs;
}


void DateEvent(const DocumentDates& dates, uint32_t sentence, uint32_t trigger_token, Event& e) {
  DatedAs d = dates.At(sentence, trigger_token);
  e.date = std::move(d.date);
  e.date_rule = std::move(d.rule);
}


bool IsLanguageUse(const Document& doc, const Mention& m) {
  static const std::unordered_set<std::string_view> kLanguages = {
      "english", "spanish", "french",  "german",  "italian",   "portuguese", "russian", "arabic",  "chinese",
      "mandarin", "japanese", "korean", "dutch", "greek",     "turkish",    "hindi",   "persian", "farsi",
      "polish",  "swedish", "danish",  "finnish", "norwegian", "hebrew",     "urdu",    "bengali", "vietnamese",
      "thai",    "indonesian", "ukrainian", "czech", "hungarian", "romanian"};
  if (m.token_end != m.token_begin + 1 || m.token_end > doc.tokens.size()) return false;
  if (!kLanguages.count(doc.tokens[m.token_begin].lower)) return false;
  // "the French", "a German": people.
  if (m.token_begin > 0 && IsDeterminer(doc.tokens[m.token_begin - 1].lower)) return false;
  // Past a list of such words ("Spanish, French and German"), a noun makes
  // them adjectives of a country ("French and British troops").
  uint32_t i = m.token_end;
  const uint32_t end = m.sentence < doc.sentences.size() ? doc.sentences[m.sentence].token_end : i;
  while (i < end) {
    const Token& t = doc.tokens[i];
    if (t.lower == "," || t.lower == "and" || t.lower == "or" || kLanguages.count(t.lower) ||
        (t.Has(kTokCapitalised) && t.lower.size() > 2 && (t.lower.ends_with("ish") || t.lower.ends_with("an") ||
                                                          t.lower.ends_with("ese") || t.lower.ends_with("ch")))) {
      ++i;
      continue;
    }
    break;
  }
  if (i >= end) return true;
  const Token& next = doc.tokens[i];
  if (!next.upos.empty()) return next.upos != "NOUN" && next.upos != "PROPN" && next.upos != "ADJ";
  // Without tags: a lower-case content word is the noun they modify.
  bool alpha = !next.lower.empty() && std::isalpha(static_cast<unsigned char>(next.lower[0]));
  return !alpha || IsPreposition(next.lower) || next.lower == "is" || next.lower == "was" || next.lower == "are";
}

bool PoliticallyRelevant(const Mention& m) {
  static const std::unordered_set<std::string_view> kSectors = {"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB",
                                                                "INS", "OPP", "SPY", "UAF", "IMG", "ELI", "IGO"};
  // International organisations and armed groups by their code.
  if (m.code.rfind("IGO", 0) == 0 || m.code.rfind("IMG", 0) == 0) return true;
  // The sector, or the code's ("---GOV": officials of no named country).
  std::string_view sector = m.sector;
  if (sector.empty() && m.code.size() >= 6) sector = std::string_view(m.code).substr(3, 3);
  if (!sector.empty()) return kSectors.count(sector) > 0;
  return m.detail == "place" || !m.country.empty();
}

bool TypeAllowsAnyActor(std::string_view plover) { return plover == "PROTEST" || plover == "ASSAULT"; }

SentenceContext BuildSentenceContext(const Document& doc) {
  SentenceContext c;
  const size_t n = doc.sentences.size();
  c.actors.resize(n);
  for (const Mention& m : doc.mentions) {
    if (m.sentence >= n) continue;
    if (m.kind == MentionKind::kActor && !IsLanguageUse(doc, m)) c.actors[m.sentence].push_back(&m);
  }
  // With a trained tagger's lemmas, also keep the rule-based ones at hand.
  bool tagged = false;
  for (const Token& t : doc.tokens) tagged = tagged || !t.upos.empty();
  if (tagged) {
    c.guessed.reserve(doc.tokens.size());
    for (const Token& t : doc.tokens) c.guessed.push_back(GuessLemma(t.lower));
  }
  c.dates = std::make_unique<DocumentDates>(doc);
  return c;
}

EventActor ToEventActor(const Document& doc, const Mention& m) {
  EventActor a;
  a.code = m.code;
  a.country = m.country;
  a.sector = m.sector;
  a.text = std::string(doc.Text(m.span));
  a.span = m.span;
  a.entry = m.entry;
  return a;
}

}  // namespace dyad::coder
