// Cues of saying and what they say: the lexicon, quotes, verb cues,
// "according to", contents before and after the cue, and quotes that go on
// with no cue of their own.
#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>

#include "statements/extractor.h"

namespace dyad::statements_internal {

namespace {

constexpr std::array kCues = {
    CueWord{"say", CueFrame::kSay},           CueWord{"tell", CueFrame::kTell},
    CueWord{"add", CueFrame::kSay},           CueWord{"state", CueFrame::kSay},
    CueWord{"announce", CueFrame::kAnnounce}, CueWord{"declare", CueFrame::kSay},
    CueWord{"explain", CueFrame::kSay},       CueWord{"note", CueFrame::kThat},
    CueWord{"insist", CueFrame::kSay},        CueWord{"argue", CueFrame::kSay},
    CueWord{"warn", CueFrame::kThat},         CueWord{"stress", CueFrame::kSay},
    CueWord{"emphasise", CueFrame::kSay},     CueWord{"emphasize", CueFrame::kSay},
    CueWord{"reiterate", CueFrame::kSay},     CueWord{"confirm", CueFrame::kThat},
    CueWord{"acknowledge", CueFrame::kThat},  CueWord{"admit", CueFrame::kThat},
    CueWord{"recognize", CueFrame::kThat},    CueWord{"recognise", CueFrame::kThat},
    CueWord{"reveal", CueFrame::kThat},       CueWord{"suggest", CueFrame::kThat},
    CueWord{"testify", CueFrame::kSay},       CueWord{"write", CueFrame::kSay},
    CueWord{"tweet", CueFrame::kSay},         CueWord{"report", CueFrame::kSay},
    CueWord{"estimate", CueFrame::kThat},     CueWord{"project", CueFrame::kThat},
    CueWord{"conclude", CueFrame::kThat},     CueWord{"assure", CueFrame::kTell},
    CueWord{"reply", CueFrame::kSay},         CueWord{"answer", CueFrame::kSay},
    CueWord{"ask", CueFrame::kAsk},           CueWord{"inquire", CueFrame::kAsk},
    CueWord{"recall", CueFrame::kThat},       CueWord{"relay", CueFrame::kThat},
    CueWord{"contend", CueFrame::kSay},       CueWord{"assert", CueFrame::kSay},
    CueWord{"maintain", CueFrame::kThat},     CueWord{"predict", CueFrame::kThat},
    CueWord{"caution", CueFrame::kThat},      CueWord{"observe", CueFrame::kThat},
    CueWord{"remark", CueFrame::kSay},        CueWord{"complain", CueFrame::kThat},
    CueWord{"claim", CueFrame::kClaim},       CueWord{"allege", CueFrame::kClaim},
    CueWord{"accuse", CueFrame::kAccuse},     CueWord{"blame", CueFrame::kAccuse},
    CueWord{"deny", CueFrame::kDeny},         CueWord{"dispute", CueFrame::kDeny},
    CueWord{"refute", CueFrame::kDeny},       CueWord{"rebut", CueFrame::kDeny},
    CueWord{"reject", CueFrame::kRejectClaim}, CueWord{"dismiss", CueFrame::kRejectClaim},
    CueWord{"call", CueFrame::kCharacterize}, CueWord{"describe", CueFrame::kCharacterize},
    CueWord{"slam", CueFrame::kCharacterize}, CueWord{"tout", CueFrame::kCharacterize},
    CueWord{"dub", CueFrame::kCharacterize},  CueWord{"brand", CueFrame::kCharacterize},
    CueWord{"label", CueFrame::kCharacterize}, CueWord{"assail", CueFrame::kCharacterize},
};

const CueWord kPointOut{"point out", CueFrame::kThat};
const CueWord kRuleOut{"rule out", CueFrame::kDeny};
const CueWord kVoice{"voice concern", CueFrame::kThat};

// Auxiliaries and adverbs before a cue that make the saying unreal.
bool IsUnrealMarker(std::string_view w) {
  return In(w, {"will", "'ll", "would", "could", "might", "may", "should", "must", "can", "shall",
                "not", "n't", "never", "declined", "refused", "if", "unless", "whether"});
}

StatementKind Rank(StatementKind current, StatementKind proposed) {
  auto rank = [](StatementKind k) {
    switch (k) {
      case StatementKind::kDenial:
      case StatementKind::kClaim: return 3;
      case StatementKind::kDirect: return 2;
      case StatementKind::kReported: return 1;
      default: return 0;
    }
  };
  return rank(proposed) > rank(current) ? proposed : current;
}

}  // namespace

const CueWord* FindCue(std::string_view lemma) {
  for (const CueWord& c : kCues)
    if (c.lemma == lemma) return &c;
  return nullptr;
}

// A cue by any of its forms ("touted", "says", "emphasizing", "told"): the
// tagger's lemma of a rare verb may be the form itself.
const CueWord* FindCueForm(std::string_view form) {
  static const auto* forms = [] {
    auto* m = new std::unordered_map<std::string, const CueWord*>();
    for (const CueWord& c : kCues) {
      std::string l(c.lemma);
      auto add = [&](std::string f) { m->emplace(std::move(f), &c); };
      add(l);
      bool e_end = l.back() == 'e';
      std::string stem = e_end ? l.substr(0, l.size() - 1) : l;
      add(l.back() == 'y' && l.size() > 2 && !In(std::string_view(l).substr(l.size() - 2, 1), {"a", "e", "o", "u"})
              ? l.substr(0, l.size() - 1) + "ies" : (l.ends_with("s") || l.ends_with("sh") ? l + "es" : l + "s"));
      add(l.back() == 'y' && !In(std::string_view(l).substr(l.size() - 2, 1), {"a", "e", "o", "u"})
              ? l.substr(0, l.size() - 1) + "ied" : (e_end ? l + "d" : l + "ed"));
      add(stem + "ing");
      // Doubled final consonant: "slammed", "dubbed".
      char z = l.back();
      if (l.size() <= 4 && !e_end && !In(std::string_view(&z, 1), {"a", "e", "i", "o", "u", "w", "y"})) {
        add(l + std::string(1, z) + "ed");
        add(l + std::string(1, z) + "ing");
      }
    }
    static const CueWord* say = FindCue("say");
    static const CueWord* tell = FindCue("tell");
    static const CueWord* write = FindCue("write");
    m->emplace("said", say);
    m->emplace("says", say);
    m->emplace("told", tell);
    m->emplace("wrote", write);
    m->emplace("written", write);
    m->emplace("writes", write);
    return m;
  }();
  auto it = forms->find(std::string(form));
  return it == forms->end() ? nullptr : it->second;
}

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set)
    if (s == w) return true;
  return false;
}

bool IsFrameNoun(std::string_view lemma) {
  return In(lemma, {"statement", "speech", "letter", "email", "e-mail", "release", "interview",
                    "conference", "briefing", "remark", "communique", "declaration", "tweet",
                    "telecon", "teleconference", "testimony", "blog", "address"});
}

const std::string& LemmaOf(const Token& t) { return t.lemma.empty() ? t.lower : t.lemma; }

bool IsDoubleQuote(const Document& doc, const Token& t) {
  if (!t.Has(kTokQuote)) return false;
  std::string_view s = doc.Text(t.span);
  return s == "\"" || s == "\xE2\x80\x9C" || s == "\xE2\x80\x9D" || s == "``" || s == "''" ||
         s == "\xE2\x80\x9E" || s == "\xC2\xAB" || s == "\xC2\xBB";
}

// ---- Quotes ----------------------------------------------------------------

void Extractor::FindQuotes() {
  auto opens = [&](const Token& t, bool inside) {
    std::string_view s = doc_.Text(t.span);
    if (s == "\xE2\x80\x9C" || s == "``" || s == "\xE2\x80\x9E" || s == "\xC2\xAB") return true;
    if (s == "\xE2\x80\x9D" || s == "''" || s == "\xC2\xBB") return false;
    if (!inside) return true;
    // A straight mark inside a quote closes it unless only its right side touches a word.
    const std::string& x = doc_.text;
    bool space_before = t.span.begin == 0 || x[t.span.begin - 1] == ' ' || x[t.span.begin - 1] == '\n';
    bool space_after = t.span.end >= x.size() || x[t.span.end] == ' ' || x[t.span.end] == '\n';
    return space_before && !space_after;
  };
  uint32_t si = 0;
  while (si < doc_.sentences.size()) {
    const uint32_t para = doc_.sentences[si].paragraph;
    const uint32_t first = doc_.sentences[si].token_begin;
    uint32_t last = first;
    while (si < doc_.sentences.size() && doc_.sentences[si].paragraph == para) last = doc_.sentences[si++].token_end;
    bool inside = false;
    uint32_t open = 0;
    for (uint32_t i = first; i < last; ++i) {
      const Token& t = T(i);
      if (!IsDoubleQuote(doc_, t)) continue;
      bool o = opens(t, inside);
      if (!inside || o) {  // an opening mark while open: the earlier one was a stray
        inside = true;
        open = i;
        continue;
      }
      inside = false;
      if (i > open + 1) quotes_.push_back(Quote{open, i, open + 1, i, {T(open).span.end, t.span.begin}});
    }
    // Unclosed at the end of a paragraph: news style for a quote that goes on
    // in the next paragraph.
    if (inside && last > open + 2)
      quotes_.push_back(Quote{open, last, open + 1, last, {T(open).span.end, T(last - 1).span.end}});
  }
  quote_of_.assign(doc_.tokens.size(), -1);
  for (size_t q = 0; q < quotes_.size(); ++q)
    for (uint32_t t = quotes_[q].open; t <= quotes_[q].close && t < doc_.tokens.size(); ++t)
      quote_of_[t] = static_cast<int>(q);
}

// ---- Cues ------------------------------------------------------------------

void Extractor::FindInSentence(uint32_t si, std::vector<Found>& out) {
  const Sentence& s = doc_.sentences[si];
  for (uint32_t i = s.token_begin; i < s.token_end; ++i) {
    const Token& t = T(i);
    if (InQuote(i)) continue;  // the speaker's own words
    // "according to X", "per X", "per the X".
    if (t.lower == "according" && i + 1 < s.token_end && T(i + 1).lower == "to") {
      ReadAccordingTo(si, i, i + 2, out);
      continue;
    }
    if (t.lower == "per" && i + 1 < s.token_end && !InQuote(i + 1) &&
        (T(i + 1).Has(kTokCapitalised) ||
         (T(i + 1).lower == "the" && i + 2 < s.token_end && T(i + 2).Has(kTokCapitalised)))) {
      ReadAccordingTo(si, i, i + 1, out);
      continue;
    }
    if (i + 1 < s.token_end && IsVerbLike(i)) {
      const std::string& l = LemmaOf(t);
      const std::string& n = T(i + 1).lower;
      if (l == "point" && n == "out") { ReadVerbCue(si, i, kPointOut, out, 2); continue; }
      if (l == "rule" && n == "out") { ReadVerbCue(si, i, kRuleOut, out, 2); continue; }
      if (l == "voice" && (n == "concern" || n == "concerns")) { ReadVerbCue(si, i, kVoice, out, 2); continue; }
    }
    const CueWord* cue = FindCue(LemmaOf(t));
    if (!cue) cue = FindCueForm(t.lower);
    if (!cue) continue;
    if (!IsVerbLike(i)) {
      // "Emily Feng reports", "the Budget Office projects that": a verb the
      // tagger read as a plural noun, after a name and before a clause.
      bool after_subject = i > s.token_begin && (T(i - 1).upos == "PROPN" || T(i - 1).upos == "PRON");
      bool before_clause = i + 1 < s.token_end && (T(i + 1).lower == "," || T(i + 1).upos == "ADP");
      bool that_after_noun = i > s.token_begin && T(i - 1).upos == "NOUN" && i + 1 < s.token_end &&
                             T(i + 1).lower == "that";
      bool third_person = t.upos == "NOUN" && t.lower.back() == 's';
      // ", warning: ...", ", saying ...": a participle read as a noun.
      bool participle = t.lower.ends_with("ing") && i > s.token_begin && T(i - 1).lower == ",";
      if (!((third_person && ((after_subject && (before_clause || T(i + 1).lower == "that")) || that_after_noun)) ||
            participle))
        continue;
    }
    ReadVerbCue(si, i, *cue, out);
  }
}

void Extractor::ReadAccordingTo(uint32_t si, uint32_t cue_b, uint32_t np_b, std::vector<Found>& out) {
  const Sentence& s = doc_.sentences[si];
  uint32_t np_e = np_b;
  // "what is stated in the Pentagon statement": up to the comma, a dash or the end.
  while (np_e < s.token_end && T(np_e).lower != "," && !IsClauseStop(np_e) &&
         !IsDoubleQuote(doc_, T(np_e)) && T(np_e).lower != "-" && T(np_e).lower != "--" &&
         T(np_e).lower != "\xE2\x80\x94" && T(np_e).lower != ")")
    ++np_e;
  if (np_e - np_b > 14 || !CanSpeak(si, np_b, np_e)) return;
  Found f;
  f.cue_token = cue_b;
  f.s.cue = Bytes(cue_b, np_b);
  f.s.cue_lemma = T(cue_b).lower == "per" ? "per" : "according to";
  f.s.sentence = si;
  f.s.kind = StatementKind::kReported;
  f.speaker_tb = np_b;
  f.speaker_te = np_e;
  // "what is stated in the Pentagon statement": the actor inside speaks.
  if (In(T(np_b).lower, {"what", "that"})) {
    if (const Mention* m = BestMention(np_b, np_e)) {
      f.speaker_tb = m->token_begin;
      f.speaker_te = m->token_end;
    }
  }
  // Content: after "according to X," when what comes before is no clause;
  // else what precedes.
  const uint32_t first = s.token_begin;
  uint32_t cb, ce;
  if (np_e < s.token_end && T(np_e).lower == "," && ClauseStartsAt(si, np_e + 1) &&
      !HasVerb(first, cue_b)) {
    cb = np_e + 1;
    ce = EndOfContent(si, cb);
  } else if (np_e < s.token_end && T(np_e).lower == "," && !IsClauseEnd(si, np_e + 1) &&
             !ClauseStartsAt(si, np_e + 1)) {
    // "He had, according to X, killed a rabbit": the whole sentence.
    cb = ContentStart(si, first);
    ce = EndOfContent(si, cb);
  } else {
    cb = ContentStart(si, first);
    // Back to a dash that opens the aside: "-- and the fact that P, according to X --".
    for (uint32_t t = cue_b; t > cb; --t)
      if (In(T(t - 1).lower, {"--", "\xE2\x80\x94", "("})) {
        cb = t;
        while (cb < cue_b && In(T(cb).lower, {"and", "the", "fact", "that"})) ++cb;
        break;
      }
    ce = cue_b;
    while (ce > cb && (T(ce - 1).lower == "," || T(ce - 1).lower == "-")) --ce;
  }
  if (ce <= cb + 1) return;
  f.content_tb = cb;
  f.content_te = ce;
  f.s.content = Bytes(cb, ce);
  out.push_back(std::move(f));
}

bool Extractor::IsClauseEnd(uint32_t si, uint32_t t) const {
  const Sentence& s = doc_.sentences[si];
  for (; t < s.token_end; ++t)
    if (!IsPunct(t)) return false;
  return true;
}

// Where a content that starts at the sentence's first token really starts:
// after discourse words ("But", "Meanwhile,").
uint32_t Extractor::ContentStart(uint32_t si, uint32_t t) const {
  const Sentence& s = doc_.sentences[si];
  while (t < s.token_end && (In(T(t).lower, {"but", "and", "so", "yet", "meanwhile", "however",
                                              "separately", "still", "also", "moreover"}) ||
                             (T(t).lower == "," && t <= s.token_begin + 1)))
    ++t;
  return t;
}

// The end of a content starting at cb: the sentence end (before its final
// punctuation), or before another cue (", adding that", "and said"), or ";".
uint32_t Extractor::EndOfContent(uint32_t si, uint32_t cb) const {
  const Sentence& s = doc_.sentences[si];
  uint32_t e = cb;
  for (; e < s.token_end; ++e) {
    if (InQuote(e) && !(quote_of_[e] >= 0 && quotes_[quote_of_[e]].open == e)) continue;
    const Token& t = T(e);
    if (t.lower == ";") break;
    if ((t.lower == "," || t.lower == "and" || t.lower == "but") && e + 1 < s.token_end) {
      uint32_t n = e + 1;
      if (t.lower == "," && n + 1 < s.token_end && In(T(n).lower, {"and", "but"})) ++n;
      if (t.lower == "," && In(T(n).lower, {"while", "whereas"})) break;
      const CueWord* c = FindCue(LemmaOf(T(n)));
      if (!c) c = FindCueForm(T(n).lower);
      if (c && IsVerbLike(n) && c->frame != CueFrame::kCharacterize &&
          (T(n).lower.ends_with("ing") || t.lower != "," || n > e + 1))
        break;  // ", adding that", "and said", ", but added"
      if (t.lower == "," && T(n).lower == "according") break;
    }
  }
  while (e > cb && IsPunct(e - 1) && !IsDoubleQuote(doc_, T(e - 1)) && T(e - 1).lower != ")" &&
         T(e - 1).lower != "?" && T(e - 1).lower != "!")
    --e;
  return e;
}

bool Extractor::HasVerb(uint32_t b, uint32_t e) const {
  for (uint32_t t = b; t < e; ++t) {
    const Token& x = T(t);
    if (x.upos.empty() ? x.Has(kTokWord) : (x.upos == "VERB" || x.upos == "AUX")) return true;
  }
  return false;
}

// Whether a clause (a subject, then a verb) starts at token b.
bool Extractor::ClauseStartsAt(uint32_t si, uint32_t b) const {
  const Sentence& s = doc_.sentences[si];
  if (b >= s.token_end) return false;
  const Token& t = T(b);
  if (IsDoubleQuote(doc_, t)) return true;
  if (t.Has(kTokPunct)) return false;
  if (In(t.lower, {"at", "about", "around", "over", "nearly", "almost", "more"}) && b + 1 < s.token_end &&
      (In(T(b + 1).lower, {"least", "most", "than"}) || T(b + 1).Has(kTokNumber)))
    return HasVerb(b + 1, s.token_end);  // "at least 5,000 people entered"
  if (!t.upos.empty()) {
    if (t.upos == "ADV") {
      // "soon after", "later in": an adjunct; "only he knows": a clause.
      if (b + 1 >= s.token_end || T(b + 1).upos == "ADP" || T(b + 1).upos == "ADV") return false;
    } else if (!(t.upos == "PRON" || t.upos == "DET" || t.upos == "PROPN" || t.upos == "NOUN" ||
                 t.upos == "NUM" || t.upos == "ADJ" || t.lower == "there" || t.upos == "SCONJ")) {
      return false;
    }
    if (t.upos == "PRON" && In(t.lower, {"him", "her", "them", "me", "us"})) return false;
    // A subject pronoun is a clause by itself ("said it "regrets ..."").
    if (t.upos == "PRON" && In(t.lower, {"he", "she", "it", "they", "we", "i", "you"})) return true;
  }
  return HasVerb(b + 1, s.token_end);
}

// Whether a noun phrase (or a pronoun, or a quote) starts at b.
bool Extractor::PhraseStartsAt(uint32_t si, uint32_t b) const {
  const Sentence& s = doc_.sentences[si];
  if (b >= s.token_end) return false;
  const Token& t = T(b);
  if (IsDoubleQuote(doc_, t)) return true;
  if (t.Has(kTokPunct)) return false;
  if (t.upos.empty()) return t.Has(kTokWord);
  return In(t.upos, {"PRON", "DET", "PROPN", "NOUN", "NUM", "ADJ"}) ||
         (t.upos == "VERB" && t.lower.ends_with("ing"));
}

bool Extractor::ClaimNounIn(uint32_t b, uint32_t e) const {
  for (uint32_t t = b; t < e && t < b + 8; ++t)
    if (In(LemmaOf(T(t)), {"accusation", "allegation", "claim", "charge", "report", "notion",
                           "idea", "suggestion", "assertion", "criticism", "theory", "rumor",
                           "rumour", "speculation", "story", "account"}))
      return true;
  return false;
}

// Whether quotes make up most of tokens [b, e).
bool Extractor::QuoteCovers(uint32_t b, uint32_t e) const {
  if (e <= b) return false;
  if (quote_of_[b] >= 0 && quote_of_[e - 1] >= 0 && quote_of_[b] == quote_of_[e - 1]) return true;
  if (!IsDoubleQuote(doc_, T(b))) return false;
  uint32_t in = 0;
  for (uint32_t t = b; t < e; ++t) in += quote_of_[t] >= 0;
  return in * 10 >= (e - b) * 8;
}

// Adjuncts after a cue: "in a statement", "on Tuesday", "this month", "soon
// after the hearing", "in an email to The AP". Returns the first token past
// them (at a comma, "that", ":" or a quote, when one ends them).
uint32_t Extractor::SkipAdjuncts(uint32_t si, uint32_t k, bool* framed) const {
  const uint32_t last = doc_.sentences[si].token_end;
  for (int guard = 0; guard < 4 && k < last; ++guard) {
    const Token& t = T(k);
    bool quantity = In(t.lower, {"at", "about", "around", "over", "nearly", "almost", "some", "more"}) &&
                    k + 1 < last && (In(T(k + 1).lower, {"least", "most", "than"}) || T(k + 1).Has(kTokNumber));
    bool adjunct = !quantity &&
                   ((!t.upos.empty() && t.upos == "ADP" && t.lower != "that") || IsTimeWord(k) ||
                    (In(t.lower, {"this", "last", "next", "earlier", "later"}) && k + 1 < last && IsTimeWord(k + 1)) ||
                    In(t.lower, {"on", "in", "at", "during", "after", "before", "earlier", "later", "soon",
                                 "shortly", "again", "publicly", "repeatedly", "recently"}));
    if (!adjunct) break;
    uint32_t e = k + 1;
    // A year after a comma belongs to the date ("on Thursday, January 25, 2024 that").
    auto year_next = [&](uint32_t c) {
      return c + 1 < last && T(c + 1).Has(kTokNumber) && T(c + 1).lower.size() == 4;
    };
    while (e < last && (T(e).lower != "," || year_next(e)) && T(e).lower != "that" && T(e).lower != ":" &&
           !IsDoubleQuote(doc_, T(e)) && !IsClauseStop(e) && e < k + 14) {
      if (framed && IsFrameNoun(LemmaOf(T(e)))) *framed = true;
      ++e;
    }
    k = e;
    if (k >= last || T(k).lower != ",") break;
    // ", QUOTE", ", that": go on; a comma and a clause: stop at the comma.
    if (k + 1 < last && (IsDoubleQuote(doc_, T(k + 1)) || T(k + 1).lower == "that")) {
      ++k;
      break;
    }
    if (k + 1 < last && (T(k + 1).upos == "ADP" || IsTimeWord(k + 1))) {
      ++k;
      continue;
    }
    break;
  }
  return k;
}

void Extractor::ReadVerbCue(uint32_t si, uint32_t v, const CueWord& cue, std::vector<Found>& out,
                            uint32_t cue_len) {
  const Sentence& s = doc_.sentences[si];
  const uint32_t first = s.token_begin, last = s.token_end;
  const Token& vt = T(v);
  // "the said issues", "of said ...": an adjective.
  if (cue.lemma == "say" && v > first && In(T(v - 1).lower, {"the", "of", "a", "these", "those", "said"})) return;
  // Unreal saying: "will say", "did not say", "declined to say", "if asked",
  // "tried to suggest" is real.
  for (uint32_t k = v; k > first && v - k < 4; --k) {
    const std::string& w = T(k - 1).lower;
    if (w == "to") {
      if (k - 1 > first && In(LemmaOf(T(k - 2)), {"decline", "refuse", "expect", "want", "plan",
                                                  "going", "likely", "fail", "hope", "able",
                                                  "ready", "due", "scheduled", "set"}))
        return;
      continue;
    }
    if (IsUnrealMarker(w)) return;
    if (!(IsSubjectGapWord(w) || w == "to")) break;
  }
  // A condition before the cue in its clause: "If it seemed like Trump had written".
  for (uint32_t k = v; k > first; --k) {
    const std::string& w = T(k - 1).lower;
    if (w == "," || w == ";") break;
    if (w == "if" || w == "unless" || (w == "like" && k - 1 > first && LemmaOf(T(k - 2)) == "seem")) return;
  }
  // A participle that describes a noun ("resolutions declaring settlements
  // illegal", "the third witness testifying"): not a saying.
  const bool gerund = vt.lower.ends_with("ing");
  // "the prison, dubbed the "Hanoi Hilton" by ...": a participle describing a noun.
  if (vt.xpos == "VBN" && v > first && T(v - 1).lower == ",") return;
  if (gerund && v > first) {
    const Token& p = T(v - 1);
    bool attached = p.lower == "," || p.lower == "while" || p.lower == "when" || p.lower == "after" ||
                    p.lower == "and" || p.lower == "by" || p.lower == "in" || p.lower == "without" ||
                    In(p.lower, {"is", "are", "was", "were", "been", "be", "also", "repeatedly",
                                 "publicly", "keep", "kept", "started", "began", "continued"});
    bool absolute = false;  // ", with X warning of ..."
    for (uint32_t k = v; k > first + 1 && v - k < 8; --k)
      if (T(k - 1).lower == "with" && T(k - 2).lower == ",") absolute = true;
    if (!attached && !absolute) return;
  }
  bool passive = false;
  for (uint32_t k = v; k > first && v - k < 3; --k) {
    const std::string& w = T(k - 1).lower;
    if (In(w, {"is", "are", "was", "were", "be", "been", "being", "'re"})) {
      passive = !gerund;
      break;
    }
    if (!IsSubjectGapWord(w)) break;
  }
  if (!passive && vt.xpos == "VBN" && v > first && (T(v - 1).upos == "NOUN" || T(v - 1).upos == "PROPN")) {
    // "the move announced on Monday by Pompeo": a participle after a noun,
    // with its agent; without one it is the tagger's VBN for a VBD.
    for (uint32_t k = v + 1; k < last && k < v + 12; ++k)
      if (T(k).lower == "by") passive = true;
  }

  Found f;
  f.cue = &cue;
  f.cue_token = v;
  f.s.sentence = si;
  f.s.cue = Bytes(v, v + cue_len);
  f.s.cue_lemma = std::string(cue.lemma);
  f.s.kind = cue.frame == CueFrame::kClaim || cue.frame == CueFrame::kAccuse ? StatementKind::kClaim
             : cue.frame == CueFrame::kDeny || cue.frame == CueFrame::kRejectClaim
                 ? StatementKind::kDenial
                 : StatementKind::kIndirect;

  if (passive) {
    // "was accused of rape by a woman", "the move announced ... by Pompeo":
    // the by-agent speaks.
    std::optional<TokenRange> agent;
    for (uint32_t k = v + 1; k + 1 < last && k < v + 12; ++k)
      if (T(k).lower == "by" && !InQuote(k)) {
        uint32_t e = NounPhraseRight(k + 1, last);
        if (e > k + 1) agent = TokenRange{k + 1, e};
        break;
      }
    if (agent && CanSpeak(si, agent->first, agent->second)) {
      f.speaker_tb = agent->first;
      f.speaker_te = agent->second;
      if (cue.frame == CueFrame::kAnnounce && v > first && (T(v - 1).upos == "NOUN" || T(v - 1).upos == "PROPN")) {
        f.content_tb = NounPhraseLeft(first, v);
        f.content_te = v;
      } else if (cue.frame == CueFrame::kAccuse && v + 1 < last && T(v + 1).lower == "of") {
        f.content_tb = v + 1;
        f.content_te = agent->first - 1;
      } else {
        return;
      }
      if (f.content_te <= f.content_tb) return;
      f.s.content = Bytes(f.content_tb, f.content_te);
      out.push_back(std::move(f));
      return;
    }
    // "in the statement of the Iraqi government, X have been emphasized".
    uint32_t frame_end = 0;
    auto sp = FrameSpeaker(si, &frame_end);
    if (!sp) return;
    f.speaker_tb = sp->first;
    f.speaker_te = sp->second;
    f.content_tb = ContentStart(si, frame_end);
    uint32_t ce = v;
    while (ce > f.content_tb && (IsSubjectGapWord(T(ce - 1).lower) || In(T(ce - 1).lower, {"been", "be", "being"}))) --ce;
    if (ce <= f.content_tb + 1) return;
    f.content_te = ce;
    f.s.content = Bytes(f.content_tb, f.content_te);
    f.s.kind = Rank(f.s.kind, StatementKind::kReported);
    out.push_back(std::move(f));
    return;
  }

  auto sp = FindSpeaker(si, v, cue, cue_len, out);
  if (!sp || sp->second <= sp->first) return;
  // First-person speakers outside quotes are the author.
  if (sp->second == sp->first + 1 && In(T(sp->first).lower, {"i", "we", "you"})) return;
  if (!CanSpeak(si, sp->first, sp->second) || IsAbstractSpeaker(sp->first, sp->second)) return;
  f.speaker_tb = sp->first;
  f.speaker_te = sp->second;
  if (!ReadContent(si, v, cue_len, cue, f) || f.content_te <= f.content_tb) return;
  // The speaker is no part of what is said (unless the reporting clause sits
  // inside it: "A major part of the reason, McKinley said, is the flow").
  if (f.speaker_tb >= f.content_tb && f.speaker_te <= f.content_te && !(v >= f.content_tb && v < f.content_te))
    return;
  // "said in a statement", "in a speech on May 4, X announced": told as an event.
  for (uint32_t t = first; t < last; ++t)
    if ((t < f.content_tb || t >= f.content_te) && !InQuote(t) && IsFrameNoun(LemmaOf(T(t))) &&
        (T(t).upos.empty() || T(t).upos == "NOUN"))
      f.s.kind = Rank(f.s.kind, StatementKind::kReported);
  f.s.content = Bytes(f.content_tb, f.content_te);
  out.push_back(std::move(f));
}

bool Extractor::ReadContent(uint32_t si, uint32_t v, uint32_t cue_len, const CueWord& cue, Found& f) {
  const Sentence& s = doc_.sentences[si];
  const uint32_t last = s.token_end;
  uint32_t k = v + cue_len;
  // An inverted speaker right after the verb ("said Scott Paul").
  if (f.speaker_tb >= k && f.speaker_tb <= k + 1) {
    k = f.speaker_te;
    auto app = Apposition(si, f.speaker_te);
    if (app.second > app.first && app.second < last && T(app.second).lower == ",") k = app.second + 1;
  }
  // The addressee of tell / assure: a short noun phrase ("reporters",
  // "Polygraph.info", "VOA Pentagon correspondent Carla Babb").
  if (cue.frame == CueFrame::kTell && k < last && !IsDoubleQuote(doc_, T(k)) && T(k).lower != "that" &&
      T(k).lower != ":" && T(k).lower != ",") {
    uint32_t e = NounPhraseRight(k, last);
    if (e == k && T(k).Has(kTokCapitalised)) e = k + 1;  // "Polygraph.info", whatever its tag
    if (e > k && e - k <= 7) k = e;
  }
  // "warned of dangerous consequences": the thing warned of.
  if (cue.lemma == "warn" && k < last && T(k).lower == "of") ++k;
  bool framed = false;
  uint32_t adj = SkipAdjuncts(si, k, &framed);
  if (adj != k && (adj >= last || IsClauseStop(adj))) k = adj;  // only adjuncts follow
  else if (adj != k && adj < last &&
      (T(adj).lower == "that" || T(adj).lower == ":" || IsDoubleQuote(doc_, T(adj)) ||
       (T(adj - 1).lower == "," && ClauseStartsAt(si, adj) && cue.frame != CueFrame::kCharacterize)))
    k = adj;
  else if (adj != k && adj < last && T(adj).lower == "," && adj + 1 < last && ClauseStartsAt(si, adj + 1) &&
           cue.frame != CueFrame::kCharacterize)
    k = adj + 1;
  if (framed) f.s.kind = Rank(f.s.kind, StatementKind::kReported);
  if (k < last && (T(k).lower == ":" || T(k).lower == ",") && k + 1 < last &&
      (IsDoubleQuote(doc_, T(k + 1)) || T(k).lower == ":"))
    ++k;
  // Requests: "told them to leave", "warned people to stay away", "called on X to".
  if (k < last && T(k).lower == "to" && cue.frame != CueFrame::kCharacterize) return false;
  if (k < last && cue.frame != CueFrame::kCharacterize && T(k).lower != "that") {
    uint32_t e = NounPhraseRight(k, last);
    if (e > k && e + 1 < last && T(e).lower == "to" && IsVerbLike(e + 1) && T(e + 1).upos != "NOUN") return false;
  }
  if (cue.lemma == "call" && v + 1 < last && In(T(v + 1).lower, {"for", "on", "off", "up", "in", "out"})) return false;
  bool that = false;
  if (k < last && T(k).lower == "that" && (T(k).upos.empty() || T(k).upos == "SCONJ" || ClauseStartsAt(si, k + 1))) {
    that = true;
    ++k;
  }
  // A quote right here: the content is the quote, or, when the clause goes on
  // past it, the clause.
  if (k < last && quote_of_[k] >= 0 && quotes_[quote_of_[k]].open == k) {
    Quote& q = quotes_[quote_of_[k]];
    bool more = false;
    for (uint32_t t = q.close + 1; t < last; ++t)
      if (!IsPunct(t)) more = true;
    if (cue.frame == CueFrame::kCharacterize && !that) {
      // "warning of "dangerous consequences"", "called it "..."": the quote is the content.
    }
    if (!more || q.close >= last) {
      f.content_tb = q.tb;
      f.content_te = q.te;
    } else {
      f.content_tb = k;
      f.content_te = EndOfContent(si, k);
    }
    q.used = true;
    f.s.kind = Rank(f.s.kind, StatementKind::kDirect);
    return true;
  }
  switch (cue.frame) {
    case CueFrame::kAccuse: {
      // accuse Y of Z, blame Y for Z: the content is "Y of Z".
      if (!PhraseStartsAt(si, k)) return false;
      uint32_t e = EndOfContent(si, k);
      for (uint32_t t = k; t < e; ++t)
        if (T(t).lower == "of" || T(t).lower == "for") {
          f.content_tb = k;
          f.content_te = e;
          return true;
        }
      return false;
    }
    case CueFrame::kCharacterize: {
      // describe Y as Z, slam Y as Z, dub Y "Z", call Y a Z.
      if (!PhraseStartsAt(si, k) || (cue.lemma == "call" && In(T(k).lower, {"for", "on", "off", "up"})))
        return false;
      uint32_t e = EndOfContent(si, k);
      bool as = false, quoted = false, second_np = false;
      for (uint32_t t = k; t < e; ++t) {
        as = as || T(t).lower == "as";
        quoted = quoted || IsDoubleQuote(doc_, T(t));
        second_np = second_np || (t > k && In(T(t).lower, {"a", "an"}));
      }
      bool ok = as || ((cue.lemma == "call" || cue.lemma == "dub" || cue.lemma == "brand" ||
                        cue.lemma == "label") && (quoted || second_np));
      if (!ok || e <= k) return false;
      f.content_tb = k;
      f.content_te = e;
      return true;
    }
    case CueFrame::kAsk:
      return ContentBefore(si, v, cue_len, cue, f);
    default:
      break;
  }
  const bool np_frame = cue.frame == CueFrame::kAnnounce || cue.frame == CueFrame::kClaim ||
                        cue.frame == CueFrame::kDeny || cue.frame == CueFrame::kRejectClaim;
  // "which it said crashed in Logar": the relative clause's verb phrase.
  const bool relative = f.speaker_tb > s.token_begin && In(T(f.speaker_tb - 1).lower, {"which", "who", "that"});
  // "the staff member who reported the call recalled": in a relative clause
  // with "who" as subject, an object is no content.
  if (v > s.token_begin && In(T(v - 1).lower, {"who"}) && !that && k < last && !IsDoubleQuote(doc_, T(k)) &&
      !(T(k).upos == "PRON"))
    return false;
  const bool gerund_content = k < last && T(k).upos == "VERB" && T(k).lower.ends_with("ing") &&
                              (cue.frame == CueFrame::kThat || cue.frame == CueFrame::kDeny ||
                               cue.lemma == "report");
  if (k < last && (that || ClauseStartsAt(si, k) || (np_frame && PhraseStartsAt(si, k)) ||
                   gerund_content || (relative && IsVerbLike(k)))) {
    uint32_t e = EndOfContent(si, k);
    if (e <= k) return false;
    if (!that && cue.frame == CueFrame::kThat && !In(cue.lemma, {"report", "suggest", "note", "reveal", "warn", "voice concern", "point out"}) && !gerund_content)
      return false;
    if (cue.frame == CueFrame::kRejectClaim && !ClaimNounIn(k, e)) return false;
    // A noun phrase alone is content only for announcements, claims and denials.
    if (!HasVerb(k, e) && !np_frame && !gerund_content && tagged_) return ContentBefore(si, v, cue_len, cue, f);
    // "suggested that the President change his diet": advice, a request.
    if (that && cue.lemma == "suggest") {
      for (uint32_t t = k; t < e; ++t)
        if (T(t).upos == "VERB" || T(t).upos == "AUX") {
          if (T(t).xpos == "VB") return false;
          break;
        }
    }
    f.content_tb = k;
    f.content_te = e;
    if (QuoteCovers(k, e)) f.s.kind = Rank(f.s.kind, StatementKind::kDirect);
    return true;
  }
  return ContentBefore(si, v, cue_len, cue, f);
}

// `"QUOTE," X said` / `CLAUSE, X said` / `CLAUSE, said X` / `"QUOTE?" X asked`
// with the quote in the sentence before.
bool Extractor::ContentBefore(uint32_t si, uint32_t v, uint32_t cue_len, const CueWord& cue, Found& f) {
  const Sentence& s = doc_.sentences[si];
  const uint32_t first = s.token_begin, last = s.token_end;
  if (cue.frame != CueFrame::kSay && cue.frame != CueFrame::kThat && cue.frame != CueFrame::kTell &&
      cue.frame != CueFrame::kAsk)
    return false;
  uint32_t lead = std::min(v, f.speaker_tb);
  uint32_t ce = lead;
  while (ce > first && (T(ce - 1).lower == "," || T(ce - 1).lower == "-" || T(ce - 1).lower == "\xE2\x80\x94")) --ce;
  // The quote may close the sentence before ("So ...?" Schiff asked.).
  uint32_t qtok = UINT32_MAX;
  if (ce > first && IsDoubleQuote(doc_, T(ce - 1))) qtok = ce - 1;
  else if (ce == first && first > 0 && IsDoubleQuote(doc_, T(first - 1)) && si > 0 &&
           doc_.sentences[si - 1].paragraph == s.paragraph)
    qtok = first - 1;
  if (qtok != UINT32_MAX && quote_of_[qtok] >= 0) {
    Quote& q = quotes_[quote_of_[qtok]];
    if (q.close == qtok && q.te > q.tb) {
      // A quote that does not start its clause (Border agents "say ...,"):
      // from the clause's start.
      uint32_t cs = ContentStart(si, first);
      if (q.open > cs && q.open >= first && qtok >= first) {
        f.content_tb = cs;
        f.content_te = qtok + 1;
        q.used = true;
        return true;
      }
      f.content_tb = q.tb;
      f.content_te = q.te;
      q.used = true;
      f.s.kind = Rank(f.s.kind, StatementKind::kDirect);
      return true;
    }
  }
  if (cue.frame == CueFrame::kAsk) return false;
  if (ce == lead || lead == first) return false;  // no comma before the reporting clause
  // "P, he warned.": a that-verb takes a clause before it only at the end.
  if (cue.frame == CueFrame::kThat) {
    uint32_t after = std::max(v + cue_len, f.speaker_te);
    if (SkipAdjuncts(si, after, nullptr) < last && !IsClauseEnd(si, SkipAdjuncts(si, after, nullptr))) return false;
  }
  uint32_t cb = ContentStart(si, first);
  if (ce <= cb + 1 || !HasVerb(cb, ce)) return false;
  // Parenthetical: ", McKinley said, is the flow": the sentence goes on.
  uint32_t after = std::max(v + cue_len, f.speaker_te);
  if (after < last && T(after).lower == "," && after + 1 < last && !IsClauseEnd(si, after + 1)) {
    const Token& n = T(after + 1);
    if ((n.upos == "AUX" || n.upos == "VERB") && !n.lower.ends_with("ing") && !FindCue(LemmaOf(n))) {
      f.content_tb = cb;
      f.content_te = EndOfContent(si, cb);
      return true;
    }
  }
  f.content_tb = cb;
  f.content_te = ce;
  if (QuoteCovers(cb, ce)) f.s.kind = Rank(f.s.kind, StatementKind::kDirect);
  return true;
}

// "..., he said, according to the Intelligencer": the source of a report is
// no statement of its own; nor is "according to" inside another content.
void Extractor::DropCitations(std::vector<Found>& found) const {
  std::vector<char> drop(found.size(), 0);
  for (size_t a = 0; a < found.size(); ++a) {
    if (found[a].cue != nullptr) continue;  // a verb cue
    for (size_t b = 0; b < found.size(); ++b) {
      if (a == b || found[b].cue == nullptr) continue;
      if (found[b].s.sentence == found[a].s.sentence ||
          (found[a].cue_token >= found[b].content_tb && found[a].cue_token < found[b].content_te))
        drop[a] = 1;
    }
  }
  size_t out = 0;
  for (size_t a = 0; a < found.size(); ++a)
    if (!drop[a]) found[out++] = std::move(found[a]);
  found.resize(out);
}

// "issued a statement ..., emphasizing that X. There will be Y.": a
// statement told as an event often goes on in the next sentence of the
// paragraph, which has no cue of its own.
void Extractor::ExtendFramedContents(std::vector<Found>& found) {
  std::vector<char> has(doc_.sentences.size(), 0);
  for (const Found& f : found) has[f.s.sentence] = 1;
  for (Found& f : found) {
    if (f.s.kind != StatementKind::kReported || f.cue == nullptr) continue;
    const uint32_t si = f.s.sentence;
    if (si + 1 >= doc_.sentences.size() || has[si + 1]) continue;
    const Sentence& s = doc_.sentences[si];
    const Sentence& n = doc_.sentences[si + 1];
    if (n.paragraph != s.paragraph || !IsClauseEnd(si, f.content_te)) continue;
    bool frame_before = false;
    for (uint32_t t = s.token_begin; t < f.cue_token; ++t)
      frame_before = frame_before || (IsFrameNoun(LemmaOf(T(t))) && !InQuote(t));
    if (!frame_before) continue;
    if (In(T(n.token_begin).lower, {"but", "however", "meanwhile", "in", "this", "that", "these",
                                     "therefore", "so", "yet", "still", "of", "by", "before", "after",
                                     "since", "according", "as", "thus", "hence", "indeed"}))
      continue;
    bool ok = true;
    for (uint32_t t = n.token_begin; t < n.token_end && ok; ++t)
      ok = !InQuote(t) && !In(T(t).lower, {"i", "we", "you", "our", "?"});
    if (!ok) continue;
    uint32_t e = n.token_end;
    while (e > n.token_begin && IsPunct(e - 1)) --e;
    f.content_te = e;
    f.s.content.end = T(e - 1).span.end;
  }
}

// Quotes no cue took that begin a sentence and continue the statement just
// before them: in the same paragraph with nothing but its own sentence in
// between, or starting the next paragraph.
void Extractor::AddContinuations(std::vector<Found>& found) {
  for (const Found& f : found)
    for (Quote& q : quotes_)
      if (q.open + 1 >= f.content_tb && q.close <= f.content_te + 1 && q.tb < f.content_te) q.used = true;
  std::vector<Found> extra;
  for (Quote& q : quotes_) {
    if (q.used || q.te - q.tb < 3) continue;  // titles and scare quotes
    const uint32_t si = SentenceOf(q.open);
    if (si == UINT32_MAX || doc_.sentences[si].token_begin != q.open) continue;
    // Speech ends with sentence punctuation; headings do not ("“... from the Rubkan camp”").
    std::string_view inner = doc_.Text(q.inner);
    while (!inner.empty() && (inner.back() == ' ' || inner.back() == '\n')) inner.remove_suffix(1);
    if (inner.empty() || !In(inner.substr(inner.size() - 1), {".", "?", "!", ","})) continue;
    if (inner.rfind("\xE2\x80\xA6", 0) == 0 || inner.rfind("...", 0) == 0) continue;
    const uint32_t para = doc_.sentences[si].paragraph;
    const Found* prev = nullptr;
    for (const std::vector<Found>* list : {&found, &extra})
      for (const Found& f : *list)
        if (f.content_te <= q.open && (!prev || f.content_te > prev->content_te ||
                                       (f.content_te == prev->content_te && f.id > prev->id)))
          prev = &f;
    if (!prev) continue;
    const uint32_t prev_si = SentenceOf(prev->content_te - 1);
    const uint32_t pp = doc_.sentences[prev_si].paragraph;
    bool adjacent;
    if (pp == para) {
      // Sentences between them hold only quotes or the reporting clause.
      adjacent = true;
      for (uint32_t x = prev_si + 1; x < si && adjacent; ++x)
        for (uint32_t t = doc_.sentences[x].token_begin; t < doc_.sentences[x].token_end; ++t)
          if (!InQuote(t) && !IsPunct(t) && t != prev->cue_token &&
              !(t >= prev->speaker_tb && t < prev->speaker_te))
            adjacent = false;
    } else {
      // The first sentence of the next paragraph; the previous statement
      // ends its paragraph.
      adjacent = pp + 1 == para && doc_.sentences[si].token_begin == q.open &&
                 (si == 0 || doc_.sentences[si - 1].paragraph == pp) &&
                 (si - 1 == prev_si || SentenceOf(prev->cue_token == UINT32_MAX ? prev->content_te - 1 : prev->cue_token) + 1 >= si - 1);
      if (adjacent && si > 0) {
        // Nothing said by anyone else after it in its paragraph.
        const Sentence& ps = doc_.sentences[si - 1];
        for (uint32_t t = prev->content_te; t < ps.token_end; ++t)
          if (!InQuote(t) && !IsPunct(t) && t != prev->cue_token &&
              !(t >= prev->speaker_tb && t < prev->speaker_te) && !IsSubjectGapWord(T(t).lower) &&
              !In(T(t).lower, {"in", "a", "an", "the", "statement", "to", "reporters", "on", "of", "at"}) &&
              !IsTimeWord(t))
            adjacent = false;
      }
    }
    if (!adjacent) continue;
    Found c;
    c.s.sentence = si;
    c.s.kind = StatementKind::kDirect;
    c.speaker_tb = prev->speaker_tb;
    c.speaker_te = prev->speaker_te;
    c.content_tb = q.tb;
    c.content_te = q.te;
    c.s.content = q.inner;
    c.continues = prev->id;
    c.id = next_id_++;
    q.used = true;
    extra.push_back(std::move(c));
  }
  for (Found& f : extra) found.push_back(std::move(f));
}

}  // namespace dyad::statements_internal
