// The statements stage's run (include/dyad/statements.h): cues are read
// sentence by sentence (cues.cc), speakers resolved in text order
// (speakers.cc), then each statement is dated by the event coder's rule and
// given the polarity and modality of its content, the events coded inside
// it and its key terms.
#include <algorithm>
#include <unordered_map>

#include "dyad/statements.h"
#include "dyad/text.h"
#include "statements/extractor.h"

namespace dyad {

namespace statements_internal {

Extractor::Extractor(Document& doc) : doc_(doc), dates_(doc) {
  mention_at_.assign(doc.tokens.size(), -1);
  for (size_t k = 0; k < doc.mentions.size(); ++k) {
    const Mention& m = doc.mentions[k];
    if (m.kind != MentionKind::kActor) continue;
    for (uint32_t t = m.token_begin; t < m.token_end && t < doc.tokens.size(); ++t)
      if (mention_at_[t] < 0) mention_at_[t] = static_cast<int>(k);
  }
  for (const Token& t : doc.tokens) {
    parsed_ = parsed_ || !t.deprel.empty();
    tagged_ = tagged_ || !t.upos.empty();
  }
  FindQuotes();
  FindNames();
}

void Extractor::Run() {
  std::vector<Found> found;
  for (uint32_t si = 0; si < doc_.sentences.size(); ++si) FindInSentence(si, found);
  DropCitations(found);
  for (Found& f : found) f.id = next_id_++;
  ExtendFramedContents(found);
  AddContinuations(found);
  auto pos = [](const Found& f) {
    return f.s.cue.empty() ? f.s.content.begin : std::min(f.s.cue.begin, f.s.content.begin);
  };
  std::stable_sort(found.begin(), found.end(), [&](const Found& a, const Found& b) { return pos(a) < pos(b); });
  std::unordered_map<int, size_t> by_id;  // id -> index into doc_.statements
  for (Found& f : found) {
    const Statement* prev = nullptr;
    if (f.continues >= 0) {
      auto it = by_id.find(f.continues);
      if (it == by_id.end()) continue;  // what it continued was dropped
      prev = &doc_.statements[it->second];
    }
    if (!Resolve(f, prev)) continue;
    Finish(f, prev);
    by_id[f.id] = doc_.statements.size();
    doc_.statements.push_back(std::move(f.s));
  }
}

bool Extractor::IsVerbLike(uint32_t i) const {
  const Token& t = T(i);
  return t.upos.empty() || t.upos == "VERB" || t.upos == "AUX";
}

bool Extractor::IsClauseStop(uint32_t i) const {
  const std::string& w = T(i).lower;
  return w == ";" || w == "." || w == "?" || w == "!";
}

Span Extractor::Bytes(uint32_t tb, uint32_t te) const {
  if (te <= tb) return {};
  return {T(tb).span.begin, T(te - 1).span.end};
}

uint32_t Extractor::HeadOf(uint32_t si, uint32_t t) const {
  int32_t h = T(t).head;
  return h < 0 ? UINT32_MAX : doc_.sentences[si].token_begin + static_cast<uint32_t>(h);
}

std::string_view Extractor::Rel(uint32_t t) const {
  std::string_view r = T(t).deprel;
  return r.substr(0, r.find(':'));
}

uint32_t Extractor::SentenceOf(uint32_t tok) const {
  size_t lo = 0, hi = doc_.sentences.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (doc_.sentences[mid].token_end <= tok) lo = mid + 1;
    else hi = mid;
  }
  if (lo < doc_.sentences.size() && doc_.sentences[lo].token_begin <= tok) return static_cast<uint32_t>(lo);
  return UINT32_MAX;
}

bool Extractor::IsTimeWord(uint32_t t) const {
  const std::string& w = T(t).lower;
  return In(w, {"today", "yesterday", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday",
                "saturday", "sunday", "january", "february", "march", "april", "june", "july",
                "august", "september", "october", "november", "december", "jan.", "feb.", "aug.",
                "sept.", "sep.", "oct.", "nov.", "dec.", "week", "month", "year", "morning",
                "afternoon", "evening", "night", "weekend", "summer", "winter", "spring"}) ||
         (w == "may" && T(t).Has(kTokCapitalised) && t + 1 < doc_.tokens.size() &&
          T(t + 1).Has(kTokNumber));
}

// Date, polarity, modality, events and terms.
void Extractor::Finish(Found& f, const Statement* prev) {
  Statement& st = f.s;
  if (prev) {
    st.date = prev->date;
    st.date_rule = prev->date_rule;
  } else {
    uint32_t anchor = f.cue_token != UINT32_MAX ? f.cue_token : f.content_tb;
    DatedAs d = dates_.At(st.sentence, anchor, st.content);
    st.date = std::move(d.date);
    st.date_rule = std::move(d.rule);
  }
  // Polarity and modality of the content's first clause.
  bool negated = false;
  for (uint32_t t = f.content_tb, n = 0; t < f.content_te && n < 14; ++t, ++n) {
    const std::string& w = T(t).lower;
    if (In(w, {"not", "n't", "never", "no", "nor", "neither", "nothing", "none"}) &&
        !(w == "not" && t + 1 < f.content_te && T(t + 1).lower == "only")) {
      negated = true;
      break;
    }
    if (w == "," && n > 4) break;
  }
  // A denial of a negated clause asserts it.
  if ((st.kind == StatementKind::kDenial) != negated) st.polarity = Polarity::kNegated;
  for (uint32_t t = f.content_tb, n = 0; t < f.content_te && n < 14; ++t, ++n) {
    const std::string& w = T(t).lower;
    if (In(w, {"will", "'ll", "shall"}) || (w == "going" && t + 1 < f.content_te && T(t + 1).lower == "to")) {
      st.modality = Modality::kFuture;
      break;
    }
    if (T(t).Has(kTokCapitalised) && t != f.content_tb) continue;  // "May"
    if (In(w, {"would", "could", "might", "may", "should", "if", "unless"})) {
      st.modality = Modality::kHypothetical;
      break;
    }
  }
  if (f.content_te > f.content_tb) {
    uint32_t e = f.content_te;
    while (e > f.content_tb && IsDoubleQuote(doc_, T(e - 1))) --e;
    if ((e > f.content_tb && T(e - 1).lower == "?") || T(f.content_tb).lower == "whether")
      st.modality = Modality::kQuestion;
  }
  for (uint32_t k = 0; k < doc_.events.size(); ++k)
    if (st.content.Contains(doc_.events[k].trigger)) st.events.push_back(k);
  st.terms = KeyTerms(doc_, st.content);
}

namespace {

bool IsStopLemma(std::string_view w) {
  return In(w, {"be", "have", "do", "say", "tell", "make", "get", "go", "take", "come", "will",
                "would", "could", "should", "may", "might", "can", "must", "also", "not", "n't",
                "this", "that", "these", "those", "there", "here", "which", "who", "what", "it",
                "they", "he", "she", "we", "i", "you", "their", "its", "his", "her", "our", "very",
                "more", "most", "other", "such", "many", "much", "some", "any", "all", "part",
                "way", "thing", "time", "year", "day", "week", "month", "lot", "just", "only",
                "even", "still", "now", "then", "so", "well", "new", "first", "last", "one",
                "add", "state", "according", "mr", "mrs", "ms", "re", "'s"});
}

}  // namespace

}  // namespace statements_internal

using statements_internal::FindCue;
using statements_internal::In;
using statements_internal::IsStopLemma;

std::vector<std::string> KeyTerms(const Document& doc, Span span) {
  std::vector<std::string> out;
  auto add = [&](std::string term) {
    if (term.empty()) return;
    for (const std::string& x : out)
      if (x == term) return;
    out.push_back(std::move(term));
  };
  // Tokens of the span.
  uint32_t b = 0, e = 0;
  {
    size_t lo = 0, hi = doc.tokens.size();
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (doc.tokens[mid].span.end <= span.begin) lo = mid + 1;
      else hi = mid;
    }
    b = static_cast<uint32_t>(lo);
    e = b;
    while (e < doc.tokens.size() && doc.tokens[e].span.begin < span.end) ++e;
  }
  auto lemma = [&](const Token& t) -> std::string {
    std::string l = t.lemma.empty() ? t.lower : Lowercase(t.lemma);
    return l;
  };
  auto nominal = [](const Token& t) {
    if (t.upos.empty()) return t.Has(kTokWord) && t.lower.size() > 3;
    return t.upos == "NOUN" || t.upos == "PROPN" || t.upos == "ADJ";
  };
  auto head_noun = [](const Token& t) {
    if (t.upos.empty()) return t.Has(kTokWord);
    return t.upos == "NOUN" || t.upos == "PROPN";
  };
  // Noun phrases: runs of adjectives and nouns ending in a noun, joined over
  // "of" ("end of the “mission”" -> "end of mission").
  for (uint32_t i = b; i < e;) {
    if (!nominal(doc.tokens[i]) || IsStopLemma(lemma(doc.tokens[i]))) {
      ++i;
      continue;
    }
    uint32_t j = i;
    while (j < e && nominal(doc.tokens[j]) && !IsStopLemma(lemma(doc.tokens[j]))) ++j;
    uint32_t last = j;
    while (last > i && !head_noun(doc.tokens[last - 1])) --last;
    std::string np;
    for (uint32_t k = i; k < last; ++k) np += (np.empty() ? "" : " ") + lemma(doc.tokens[k]);
    // "of" and a second phrase.
    uint32_t k = j;
    if (last == j && k < e && doc.tokens[k].lower == "of") {
      uint32_t m = k + 1;
      while (m < e && (doc.tokens[m].lower == "the" || doc.tokens[m].lower == "a" ||
                       doc.tokens[m].lower == "an" || doc.tokens[m].Has(kTokQuote)))
        ++m;
      uint32_t n = m;
      while (n < e && nominal(doc.tokens[n]) && !IsStopLemma(lemma(doc.tokens[n]))) ++n;
      uint32_t nl = n;
      while (nl > m && !head_noun(doc.tokens[nl - 1])) --nl;
      if (nl > m && last > i) {
        std::string tail;
        for (uint32_t x = m; x < nl; ++x) tail += (tail.empty() ? "" : " ") + lemma(doc.tokens[x]);
        add(np + " of " + tail);
      }
    }
    if (last > i + 1) add(np);
    i = j;
  }
  // Content lemmas; a run of proper nouns is one term ("united states").
  for (uint32_t i = b; i < e; ++i) {
    const Token& t = doc.tokens[i];
    if (!t.Has(kTokWord)) continue;
    if (t.upos == "PROPN") {
      uint32_t j = i;
      std::string name;
      while (j < e && doc.tokens[j].upos == "PROPN") name += (name.empty() ? "" : " ") + doc.tokens[j++].lower;
      add(std::move(name));
      i = j - 1;
      continue;
    }
    bool content = t.upos.empty() ? t.lower.size() > 3
                                  : (t.upos == "NOUN" || t.upos == "PROPN" || t.upos == "ADJ" ||
                                     t.upos == "VERB");
    if (!content) continue;
    std::string l = lemma(t);
    if (l.size() < 2 || IsStopLemma(l) || FindCue(l)) continue;
    add(std::move(l));
  }
  return out;
}

void ExtractStatements(Document& doc) { statements_internal::Extractor(doc).Run(); }

}  // namespace dyad
