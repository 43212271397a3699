// Statement extraction: cues of saying, their speakers and contents, quotes
// with no cue of their own, and speaker resolution (include/dyad/statements.h).
//
// The order of work: quotes are found per paragraph; every cue (a verb of
// saying, "according to", "per") is read with its speaker (the parse's
// subject when there is one, else word order) and content (the clause after
// the cue, else the quote or clause before it); quotes left over that begin a
// sentence continue the previous speaker; then speakers are resolved to
// actors and persons, pronouns to earlier speakers, and each statement is
// dated, given polarity, modality, events and terms.
#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "dyad/statements.h"
#include "dyad/text.h"
#include "dyad/time.h"

namespace dyad {

namespace {

// ---- Lexicon ---------------------------------------------------------------

// How a cue verb takes its content.
enum class CueFrame : uint8_t {
  kSay,           // a clause or a quote after it, else the quote/clause before it
  kTell,          // an addressee first ("told reporters (that) ...")
  kAnnounce,      // a clause, or a noun phrase ("announced the selection of ...")
  kClaim,         // claim, allege: a clause or a noun phrase ("claimed responsibility")
  kAccuse,        // accuse Y of Z, blame Y for Z
  kDeny,          // deny, dispute, rule out: a clause or a noun phrase
  kRejectClaim,   // reject, dismiss: only a claim-like noun phrase ("rejected the allegations")
  kCharacterize,  // call / describe / slam Y (as) Z
  kAsk,           // ask, inquire: only a quoted question
  kThat,          // acknowledge, reveal, conclude ...: only a that-clause, a quote or a clause before it
};

struct CueWord {
  std::string_view lemma;
  CueFrame frame;
};

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
    CueWord{"tweet", CueFrame::kSay},         CueWord{"report", CueFrame::kThat},
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

const CueWord* FindCue(std::string_view lemma) {
  for (const CueWord& c : kCues)
    if (c.lemma == lemma) return &c;
  return nullptr;
}

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set)
    if (s == w) return true;
  return false;
}

// Nouns that make a document or an occasion the frame of what is said:
// "said in a statement", "in a speech on May 4, X announced".
bool IsFrameNoun(std::string_view lemma) {
  return In(lemma, {"statement", "speech", "letter", "email", "e-mail", "release", "interview",
                    "conference", "briefing", "remark", "communique", "declaration", "post",
                    "tweet", "telecon", "teleconference", "testimony", "blog", "address"});
}

// Heads of noun phrases that can speak: people, groups, bodies, documents.
bool IsAgentiveNoun(std::string_view lemma) {
  return In(lemma,
            {"source", "official", "spokesman", "spokeswoman", "spokesperson", "representative",
             "analyst", "expert", "economist", "observer", "police", "authority", "government",
             "ministry", "department", "agency", "office", "union", "group", "report",
             "statement", "release", "letter", "survey", "study", "data", "figure", "side",
             "people", "person", "resident", "witness", "member", "leader", "lawyer", "attorney",
             "prosecutor", "doctor", "physician", "company", "firm", "utility", "commission",
             "committee", "council", "court", "judge", "minister", "president", "official",
             "officer", "commander", "chief", "director", "executive", "worker", "employee",
             "customer", "teacher", "student", "activist", "protester", "advocate", "critic",
             "supporter", "opponent", "backer", "lawmaker", "senator", "diplomat", "ambassador",
             "envoy", "negotiator", "journalist", "reporter", "newspaper", "paper", "agency",
             "organization", "organisation", "association", "institute", "center", "centre",
             "foundation", "bank", "brokerage", "trader", "investor", "manufacturer", "retailer",
             "administration", "military", "army", "force", "troop", "rebel", "militant",
             "insurgent", "party", "candidate", "governor", "mayor", "secretary", "adviser",
             "advisor", "aide", "staff", "counsel", "commissioner", "scholar", "professor",
             "researcher", "scientist", "deportee", "settler", "farmer", "family", "victim",
             "user", "owner", "founder", "ceo", "chairman", "chairwoman", "head", "regulator",
             "authorities", "service", "website", "commenter", "administrator", "man", "woman",
             "men", "women", "parent", "mother", "father", "child", "official", "participant",
             "operator", "provider", "ministry", "board", "panel", "institution", "body"});
}

bool IsPersonPronoun(std::string_view w) { return In(w, {"he", "she"}); }
bool IsPronoun(std::string_view w) { return In(w, {"he", "she", "they", "it", "i", "we"}); }

// Words that can stand between a subject and its verb of saying.
bool IsSubjectGap(std::string_view w) {
  return In(w, {"has", "have", "had", "also", "later", "then", "further", "again", "previously",
                "repeatedly", "publicly", "earlier", "recently", "reportedly", "separately",
                "once", "always", "often", "already", "now", "first", "subsequently", "simply",
                "flatly", "firmly", "strongly", "sharply", "formally", "officially",
                "initially", "finally", "similarly", "likewise", "however", "in", "fact",
                "did", "does", "do", "is", "are", "was", "were"});
}

// Auxiliaries and adverbs before a cue that make the saying unreal.
bool IsUnrealMarker(std::string_view w) {
  return In(w, {"will", "'ll", "would", "could", "might", "may", "should", "must", "can", "shall",
                "not", "n't", "never", "to", "declined", "refused", "if", "unless", "whether"});
}

const std::string& LemmaOf(const Token& t) { return t.lemma.empty() ? t.lower : t.lemma; }

// ---- Quotes ----------------------------------------------------------------

struct Quote {
  uint32_t open = 0;   // token of the opening mark
  uint32_t close = 0;  // token of the closing mark (== end token when unclosed)
  uint32_t tb = 0, te = 0;  // tokens inside
  Span inner;          // bytes inside the marks
  bool used = false;   // part of a statement already
};

bool IsDoubleQuote(const Document& doc, const Token& t) {
  if (!t.Has(kTokQuote)) return false;
  std::string_view s = doc.Text(t.span);
  return s == "\"" || s == "\xE2\x80\x9C" || s == "\xE2\x80\x9D" || s == "``" || s == "''" ||
         s == "\xE2\x80\x9E" || s == "\xC2\xAB" || s == "\xC2\xBB";
}

// Whether a double quote mark opens (true) or closes: curly marks say so;
// a straight one opens after a space or at the start of a paragraph.
bool Opens(const Document& doc, const Token& t, bool inside) {
  std::string_view s = doc.Text(t.span);
  if (s == "\xE2\x80\x9C" || s == "``" || s == "\xE2\x80\x9E" || s == "\xC2\xAB") return true;
  if (s == "\xE2\x80\x9D" || s == "''" || s == "\xC2\xBB") return false;
  if (!inside) return true;
  // A straight mark inside a quote closes it unless a word touches it on the right only.
  bool space_before = t.span.begin == 0 || doc.text[t.span.begin - 1] == ' ' || doc.text[t.span.begin - 1] == '\n';
  bool space_after = t.span.end >= doc.text.size() || doc.text[t.span.end] == ' ' || doc.text[t.span.end] == '\n';
  return space_before && !space_after;
}

std::vector<Quote> FindQuotes(const Document& doc) {
  std::vector<Quote> out;
  for (uint32_t p = 0; p < doc.paragraphs.size(); ++p) {
    // Tokens of the paragraph: sentences know their paragraph.
    uint32_t first = UINT32_MAX, last = 0;
    for (const Sentence& s : doc.sentences)
      if (s.paragraph == p) {
        first = std::min(first, s.token_begin);
        last = std::max(last, s.token_end);
      }
    if (first == UINT32_MAX) continue;
    bool inside = false;
    uint32_t open = 0;
    for (uint32_t i = first; i < last; ++i) {
      const Token& t = doc.tokens[i];
      if (!IsDoubleQuote(doc, t)) continue;
      bool opens = Opens(doc, t, inside);
      if (!inside) {
        inside = true;
        open = i;
        continue;
      }
      if (opens) {  // an opening mark while open: the earlier one was a stray
        open = i;
        continue;
      }
      inside = false;
      if (i > open + 1) {
        Quote q;
        q.open = open;
        q.close = i;
        q.tb = open + 1;
        q.te = i;
        q.inner = {doc.tokens[open].span.end, t.span.begin};
        out.push_back(q);
      }
    }
    // Unclosed at the end of a paragraph: news style for a quote that goes on
    // in the next paragraph.
    if (inside && last > open + 2) {
      Quote q;
      q.open = open;
      q.close = last;
      q.tb = open + 1;
      q.te = last;
      q.inner = {doc.tokens[open].span.end, doc.tokens[last - 1].span.end};
      out.push_back(q);
    }
  }
  return out;
}

// ---- The extractor ---------------------------------------------------------

struct Found {
  Statement s;
  int id = -1;                        // order of finding
  int continues = -1;                 // id of the statement an uncued quote continues
  uint32_t cue_token = UINT32_MAX;    // first token of the cue
  uint32_t speaker_tb = 0, speaker_te = 0;  // tokens of the speaker in its sentence
  uint32_t content_tb = 0, content_te = 0;
  const CueWord* cue = nullptr;
};

class Extractor {
 public:
  explicit Extractor(Document& doc) : doc_(doc), dates_(doc) {
    quotes_ = FindQuotes(doc);
    quote_of_.assign(doc.tokens.size(), -1);
    for (size_t q = 0; q < quotes_.size(); ++q)
      for (uint32_t t = quotes_[q].open; t < quotes_[q].close + 1 && t < doc.tokens.size(); ++t)
        quote_of_[t] = static_cast<int>(q);
    mention_at_.assign(doc.tokens.size(), -1);
    for (size_t k = 0; k < doc.mentions.size(); ++k) {
      const Mention& m = doc.mentions[k];
      if (m.kind != MentionKind::kActor) continue;
      for (uint32_t t = m.token_begin; t < m.token_end && t < doc.tokens.size(); ++t)
        if (mention_at_[t] < 0) mention_at_[t] = static_cast<int>(k);
    }
    for (const Token& t : doc.tokens) parsed_ = parsed_ || !t.deprel.empty();
    for (const Token& t : doc.tokens) tagged_ = tagged_ || !t.upos.empty();
  }

  void Run() {
    std::vector<Found> found;
    for (uint32_t si = 0; si < doc_.sentences.size(); ++si) FindInSentence(si, found);
    for (Found& f : found) f.id = next_id_++;
    ExtendFramedContents(found);
    AddContinuations(found);
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
      uint32_t pa = a.s.cue.empty() ? a.s.content.begin : std::min(a.s.cue.begin, a.s.content.begin);
      uint32_t pb = b.s.cue.empty() ? b.s.content.begin : std::min(b.s.cue.begin, b.s.content.begin);
      return pa < pb;
    });
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

 private:
  // ---- Token helpers ----
  const Token& T(uint32_t i) const { return doc_.tokens[i]; }
  bool IsVerbLike(uint32_t i) const {
    const Token& t = T(i);
    if (t.upos.empty()) return true;
    return t.upos == "VERB" || t.upos == "AUX";
  }
  uint32_t HeadOf(uint32_t si, uint32_t t) const {
    int32_t h = T(t).head;
    return h < 0 ? UINT32_MAX : doc_.sentences[si].token_begin + static_cast<uint32_t>(h);
  }
  std::string_view Rel(uint32_t t) const {
    std::string_view r = T(t).deprel;
    return r.substr(0, r.find(':'));
  }
  bool InQuote(uint32_t t) const { return quote_of_[t] >= 0; }
  Span Bytes(uint32_t tb, uint32_t te) const {
    if (te <= tb) return {};
    return {T(tb).span.begin, T(te - 1).span.end};
  }
  bool IsPunct(uint32_t i) const { return T(i).Has(kTokPunct); }
  bool IsClauseStop(uint32_t i) const {
    const std::string& w = T(i).lower;
    return w == ";" || w == "." || w == "?" || w == "!";
  }

  // ---- Cues ----
  void FindInSentence(uint32_t si, std::vector<Found>& out) {
    const Sentence& s = doc_.sentences[si];
    for (uint32_t i = s.token_begin; i < s.token_end; ++i) {
      const Token& t = T(i);
      if (InQuote(i)) continue;  // the speaker's own words
      // "according to X", "per X".
      if (t.lower == "according" && i + 1 < s.token_end && T(i + 1).lower == "to") {
        ReadAccordingTo(si, i, i + 2, out);
        continue;
      }
      if (t.lower == "per" && i + 1 < s.token_end && T(i + 1).Has(kTokCapitalised) &&
          !InQuote(i + 1)) {
        ReadAccordingTo(si, i, i + 1, out);
        continue;
      }
      const CueWord* cue = FindCue(LemmaOf(t));
      if (!cue && !t.lemma.empty()) cue = FindCue(t.lower);
      if (!cue) continue;
      if (!IsVerbLike(i)) continue;
      // "pointed out", "ruled out", "voiced concerns" are not in the table:
      ReadVerbCue(si, i, *cue, out);
    }
    // Phrasal cues.
    for (uint32_t i = s.token_begin; i + 1 < s.token_end; ++i) {
      if (InQuote(i)) continue;
      const std::string& l = LemmaOf(T(i));
      const std::string& n = T(i + 1).lower;
      static const CueWord kPointOut{"point out", CueFrame::kThat};
      static const CueWord kRuleOut{"rule out", CueFrame::kDeny};
      static const CueWord kVoice{"voice concern", CueFrame::kThat};
      if (l == "point" && n == "out" && IsVerbLike(i)) ReadVerbCue(si, i, kPointOut, out, 2);
      if (l == "rule" && n == "out" && IsVerbLike(i)) ReadVerbCue(si, i, kRuleOut, out, 2);
      if (l == "voice" && (n == "concern" || n == "concerns") && IsVerbLike(i))
        ReadVerbCue(si, i, kVoice, out, 2);
    }
  }

  // The sentence's first word is capitalised anyway; a name is a PROPN or a
  // capitalised word past the first.
  bool LooksNamed(uint32_t tb, uint32_t te, uint32_t sentence_first) const {
    for (uint32_t t = tb; t < te; ++t) {
      if (mention_at_[t] >= 0) return true;
      if (T(t).upos == "PROPN") return true;
      if (T(t).upos.empty() && T(t).Has(kTokCapitalised) && t != sentence_first) return true;
    }
    return false;
  }

  // Whether tokens [tb, te) can be a speaker: a pronoun, a name, an actor or
  // an agentive noun ("officials", "the report"); not "the available evidence".
  bool CanSpeak(uint32_t si, uint32_t tb, uint32_t te) const {
    if (te <= tb) return false;
    if (te == tb + 1 && IsPronoun(T(tb).lower)) return true;
    if (LooksNamed(tb, te, doc_.sentences[si].token_begin)) return true;
    for (uint32_t t = tb; t < te; ++t)
      if (IsAgentiveNoun(LemmaOf(T(t))) || IsAgentiveNoun(T(t).lower)) return true;
    return false;
  }

  // A noun phrase ending at token `end` (exclusive), walking left: words of a
  // name or a description, "'s", "of"/"for" inside ("a spokesperson for the
  // British Foreign Office").
  uint32_t NounPhraseLeft(uint32_t first, uint32_t end) const {
    uint32_t b = end;
    while (b > first) {
      const Token& t = T(b - 1);
      bool ok;
      if (t.Has(kTokPunct)) {
        ok = t.lower == "'s" || t.lower == "'" || t.lower == "-" || t.lower == "&" || t.lower == ".";
        if (t.lower == "." && !(b - 1 > first && T(b - 2).Has(kTokAbbrev))) ok = false;
      } else if (!t.upos.empty()) {
        ok = t.upos == "NOUN" || t.upos == "PROPN" || t.upos == "ADJ" || t.upos == "DET" ||
             t.upos == "NUM" || (t.upos == "PRON" && (t.lower == "his" || t.lower == "her" ||
                                                      t.lower == "its" || t.lower == "their" ||
                                                      t.lower == "our" || t.lower == "my")) ||
             t.lower == "of" || t.lower == "for" || t.lower == "at" || t.lower == "'s" ||
             t.lower == "and" || t.upos == "PART" || t.Has(kTokAbbrev);
        // "and" only between two capitalised words ("Volker and Morrison").
        if (t.lower == "and" && !(b - 1 > first && T(b - 2).Has(kTokCapitalised))) ok = false;
        if (t.upos == "VERB" && t.Has(kTokCapitalised) && b - 1 != first) ok = true;  // mis-tagged names
      } else {
        ok = t.Has(kTokWord) && !IsSubjectGap(t.lower) && !FindCue(t.lower);
      }
      if (!ok) break;
      --b;
    }
    // Do not start on "of"/"for"/"and".
    while (b < end && (T(b).lower == "of" || T(b).lower == "for" || T(b).lower == "and" ||
                       T(b).lower == "at"))
      ++b;
    return b;
  }

  // A noun phrase starting at token `b`, walking right until a comma, a verb
  // or a clause word.
  uint32_t NounPhraseRight(uint32_t b, uint32_t last) const {
    uint32_t e = b;
    while (e < last) {
      const Token& t = T(e);
      if (t.lower == "," || t.lower == "." || t.lower == ";" || t.lower == ":" || t.lower == "who" ||
          t.lower == "which" || t.lower == "that" || IsDoubleQuote(doc_, t) || t.lower == "(")
        break;
      if (!t.upos.empty() && (t.upos == "VERB" || t.upos == "AUX" || t.upos == "SCONJ") &&
          !(t.Has(kTokCapitalised) && e > b))
        break;
      if (e > b && t.upos == "ADP" && t.lower != "of" && t.lower != "for" && t.lower != "at" &&
          t.lower != "in")
        break;
      ++e;
    }
    // A trailing preposition is no part of it.
    while (e > b && (T(e - 1).lower == "of" || T(e - 1).lower == "for" || T(e - 1).lower == "at" ||
                     T(e - 1).lower == "in"))
      --e;
    return e;
  }

  // The tokens of the subject NP headed at h (its left part, flat names and
  // prepositional modifiers to the right; not relative clauses or appositions).
  std::pair<uint32_t, uint32_t> SubtreeNP(uint32_t si, uint32_t h) const {
    const Sentence& s = doc_.sentences[si];
    uint32_t b = h, e = h + 1;
    // Collect descendants, excluding appos/acl/relcl/punct branches.
    std::vector<uint32_t> stack{h};
    std::vector<char> in(s.token_end - s.token_begin, 0);
    in[h - s.token_begin] = 1;
    for (uint32_t t = s.token_begin; t < s.token_end; ++t) {
      // Walk up to find whether t descends from h through allowed relations.
      uint32_t x = t;
      bool ok = false;
      for (int guard = 0; guard < 64 && x != UINT32_MAX; ++guard) {
        if (x == h) {
          ok = true;
          break;
        }
        std::string_view r = Rel(x);
        if (r == "appos" || r == "acl" || r == "punct" || r == "parataxis" || r == "advcl" ||
            r == "conj" || r == "cc" || r == "dep")
          break;
        x = HeadOf(si, x);
      }
      if (ok) {
        b = std::min(b, t);
        e = std::max(e, t + 1);
      }
    }
    // Keep it contiguous and free of commas and quotes.
    for (uint32_t t = h; t > b; --t)
      if (T(t - 1).lower == "," || IsDoubleQuote(doc_, T(t - 1))) {
        b = t;
        break;
      }
    for (uint32_t t = h + 1; t < e; ++t)
      if (T(t).lower == "," || IsDoubleQuote(doc_, T(t)) || T(t).lower == "(") {
        e = t;
        break;
      }
    return {b, e};
  }

  // ---- "according to X" ----
  void ReadAccordingTo(uint32_t si, uint32_t cue_b, uint32_t np_b, std::vector<Found>& out) {
    const Sentence& s = doc_.sentences[si];
    uint32_t np_e = np_b;
    // "what is stated in the Pentagon statement": up to the comma or the end.
    while (np_e < s.token_end && T(np_e).lower != "," && !IsClauseStop(np_e) &&
           !IsDoubleQuote(doc_, T(np_e)))
      ++np_e;
    if (np_e - np_b > 14 || !CanSpeak(si, np_b, np_e)) return;
    Found f;
    f.cue = nullptr;
    f.cue_token = cue_b;
    f.s.cue = Bytes(cue_b, np_b);
    f.s.cue_lemma = T(cue_b).lower == "per" ? "per" : "according to";
    f.s.sentence = si;
    f.s.kind = StatementKind::kReported;
    f.speaker_tb = np_b;
    f.speaker_te = np_e;
    // Content: after "according to X," the rest; before it, what precedes.
    uint32_t cb, ce;
    uint32_t first = s.token_begin;
    bool leading = true;
    for (uint32_t t = first; t < cue_b; ++t)
      if (!IsPunct(t) && !In(T(t).lower, {"but", "and", "also", "however", "so", "yet"})) leading = false;
    if (leading) {
      cb = np_e < s.token_end && T(np_e).lower == "," ? np_e + 1 : np_e;
      ce = EndOfContent(si, cb);
    } else if (np_e < s.token_end && T(np_e).lower == "," && !IsClauseEnd(si, np_e + 1)) {
      // "X, according to Y, did Z": the whole sentence.
      cb = ContentStart(si, first);
      ce = EndOfContent(si, cb);
    } else {
      cb = ContentStart(si, first);
      ce = cue_b;
      while (ce > cb && (T(ce - 1).lower == "," || T(ce - 1).lower == "-")) --ce;
    }
    if (ce <= cb + 1) return;
    f.content_tb = cb;
    f.content_te = ce;
    f.s.content = Bytes(cb, ce);
    out.push_back(std::move(f));
  }

  // Whether only end punctuation (and closing quotes) follow.
  bool IsClauseEnd(uint32_t si, uint32_t t) const {
    const Sentence& s = doc_.sentences[si];
    for (; t < s.token_end; ++t)
      if (!IsPunct(T(t))) return false;
    return true;
  }
  bool IsPunct(const Token& t) const { return t.Has(kTokPunct); }

  // Where a content that starts at the sentence's first token really starts:
  // after discourse words ("But", "Meanwhile,").
  uint32_t ContentStart(uint32_t si, uint32_t t) const {
    const Sentence& s = doc_.sentences[si];
    while (t < s.token_end && (In(T(t).lower, {"but", "and", "so", "yet", "meanwhile", "however",
                                                "separately", "still", "also", "moreover"}) ||
                               (T(t).lower == "," && t == s.token_begin + 1)))
      ++t;
    return t;
  }

  // The end of a content starting at cb: the sentence end (before final
  // punctuation), or before ", adding ..."/"; "/" and said" (another cue).
  uint32_t EndOfContent(uint32_t si, uint32_t cb) const {
    const Sentence& s = doc_.sentences[si];
    uint32_t e = cb;
    int depth_quote = 0;
    for (; e < s.token_end; ++e) {
      const Token& t = T(e);
      if (IsDoubleQuote(doc_, t)) depth_quote ^= 1;
      if (depth_quote) continue;
      if (t.lower == ";") break;
      if ((t.lower == "," || t.lower == "and" || t.lower == "but") && e + 1 < s.token_end) {
        const Token& n = T(e + 1);
        const CueWord* c = FindCue(LemmaOf(n));
        if (c && IsVerbLike(e + 1) && (n.lower.ends_with("ing") || t.lower != ",") &&
            c->frame != CueFrame::kCharacterize)
          break;  // ", adding that", "and said"
        if (t.lower == "," && n.lower == "according") break;
      }
    }
    while (e > cb && (IsPunct(T(e - 1)) && !IsDoubleQuote(doc_, T(e - 1)) && T(e - 1).lower != ")" &&
                      T(e - 1).lower != "?"))
      --e;
    return e;
  }

  // Whether a clause (a subject and a verb) starts at token b.
  bool ClauseStartsAt(uint32_t si, uint32_t b) const {
    const Sentence& s = doc_.sentences[si];
    if (b >= s.token_end) return false;
    const Token& t = T(b);
    if (IsDoubleQuote(doc_, t)) return true;
    if (t.Has(kTokPunct)) return false;
    if (!t.upos.empty()) {
      if (!(t.upos == "PRON" || t.upos == "DET" || t.upos == "PROPN" || t.upos == "NOUN" ||
            t.upos == "NUM" || t.upos == "ADJ" || t.lower == "there" || t.upos == "ADV" ||
            t.upos == "SCONJ"))
        return false;
      if (t.upos == "PRON" && In(t.lower, {"him", "her", "them", "me", "us"})) return false;
    }
    for (uint32_t k = b + 1; k < s.token_end; ++k) {
      const Token& x = T(k);
      if (x.upos.empty() ? x.Has(kTokWord) : (x.upos == "VERB" || x.upos == "AUX")) return true;
    }
    return false;
  }

  // ---- Verb cues ----
  void ReadVerbCue(uint32_t si, uint32_t v, const CueWord& cue, std::vector<Found>& out,
                   uint32_t cue_len = 1) {
    const Sentence& s = doc_.sentences[si];
    const uint32_t first = s.token_begin, last = s.token_end;
    const Token& vt = T(v);
    // "the said issues", "of said ...": an adjective.
    if (v > first && In(T(v - 1).lower, {"the", "of", "said", "a", "these", "those"}) && cue.lemma == "say") return;
    if (vt.lower == "say" && v + 1 < last && T(v + 1).lower == ",") {
      // "say, Costco": for example. (Also "Hold on, say ...".)
      if (v > first && T(v - 1).lower == "—") return;
    }
    // Unreal saying: "will say", "did not say", "declined to say", "if asked".
    for (uint32_t k = v; k > first && v - k < 3; --k) {
      const std::string& w = T(k - 1).lower;
      if (IsUnrealMarker(w)) {
        // "has said", "was told": not unreal. "to" only as infinitive marker after a verb.
        if (w == "to" && !(k - 1 > first && In(LemmaOf(T(k - 2)), {"decline", "refuse", "expect",
                                                                     "want", "plan", "try",
                                                                     "going", "likely", "fail",
                                                                     "seem", "appear", "able"})))
          continue;
        return;
      }
      if (!IsSubjectGap(w) && w != "also") break;
    }
    if (v > first && T(v - 1).lower == "to" && v >= first + 2 && LemmaOf(T(v - 2)) == "try") return;
    // Gerunds as nouns ("the reporting"), participles describing a noun ("a
    // plan announced by ..."): need a verb reading.
    bool passive = false;
    for (uint32_t k = v; k > first && v - k < 3; --k) {
      const std::string& w = T(k - 1).lower;
      if (In(w, {"is", "are", "was", "were", "be", "been", "being", "'s", "'re"})) {
        passive = !vt.lower.ends_with("ing");
        break;
      }
      if (!IsSubjectGap(w)) break;
    }
    if (!passive && !vt.feats.empty() && vt.feats.find("Voice=Pass") != std::string::npos) passive = true;
    if (!passive && vt.xpos == "VBN" && v > first && !In(T(v - 1).lower, {"has", "have", "had"})) {
      // "the move announced on Monday by Pompeo": a participle after a noun.
      const Token& p = T(v - 1);
      if (!p.upos.empty() && (p.upos == "NOUN" || p.upos == "PROPN") && !IsAgentiveNoun(LemmaOf(p)))
        passive = true;
    }

    Found f;
    f.cue = &cue;
    f.cue_token = v;
    f.s.sentence = si;
    f.s.cue = Bytes(v, v + cue_len);
    f.s.cue_lemma = std::string(cue.lemma);

    // ---- Speaker ----
    std::optional<std::pair<uint32_t, uint32_t>> sp;
    if (passive) {
      // "was accused of rape by a woman": the by-agent speaks.
      for (uint32_t k = v + 1; k + 1 < last && k < v + 12; ++k)
        if (T(k).lower == "by" && !InQuote(k)) {
          uint32_t e = NounPhraseRight(k + 1, last);
          if (e > k + 1) sp = {k + 1, e};
          break;
        }
      if (!sp) {
        // "in the statement of the Iraqi government, X have been emphasized".
        sp = FrameSpeaker(si);
        if (!sp) return;
        f.content_tb = ContentStart(si, FrameEnd(si));
        uint32_t ce = v;
        while (ce > f.content_tb && (IsSubjectGap(T(ce - 1).lower) || In(T(ce - 1).lower, {"been", "be", "being"}))) --ce;
        if (ce <= f.content_tb + 1) return;
        f.content_te = ce;
        f.speaker_tb = sp->first;
        f.speaker_te = sp->second;
        f.s.content = Bytes(f.content_tb, f.content_te);
        f.s.kind = StatementKind::kReported;
        out.push_back(std::move(f));
        return;
      }
    }
    if (!sp) sp = ParseSpeaker(si, v);
    if (!sp) sp = WordOrderSpeaker(si, v, cue_len);
    if (!sp) {
      // "saying", "adding", "emphasizing": the subject of the clause it hangs on.
      if (vt.lower.ends_with("ing") && v > first && (T(v - 1).lower == "," || T(v - 1).lower == "while")) {
        sp = GoverningSubject(si, v, out);
      }
    }
    if (!sp) return;
    if (sp->second <= sp->first) return;
    // First-person speakers outside quotes are the author.
    if (sp->second == sp->first + 1 && In(T(sp->first).lower, {"i", "we", "you"})) return;
    if (!CanSpeak(si, sp->first, sp->second)) return;
    if (IsAbstractSpeaker(sp->first, sp->second)) return;
    f.speaker_tb = sp->first;
    f.speaker_te = sp->second;

    // ---- Content ----
    if (!ReadContent(si, v, cue_len, cue, f)) return;
    if (f.content_te <= f.content_tb) return;
    // The speaker is not part of what is said.
    if (f.speaker_tb >= f.content_tb && f.speaker_te <= f.content_te && f.speaker_tb > v) return;
    // "said in a statement", "in a speech on May 4, X announced": told as an event.
    for (uint32_t t = first; t < last; ++t)
      if ((t < f.content_tb || t >= f.content_te) && !InQuote(t) && IsFrameNoun(LemmaOf(T(t))) &&
          !T(t).upos.empty() && T(t).upos == "NOUN")
        f.s.kind = Rank(f.s.kind, StatementKind::kReported);
    f.s.content = Bytes(f.content_tb, f.content_te);
    out.push_back(std::move(f));
  }

  // "the set of said issues reveals", "experience has shown": things that do
  // not speak.
  bool IsAbstractSpeaker(uint32_t tb, uint32_t te) const {
    uint32_t head = te - 1;
    const std::string& l = LemmaOf(T(head));
    return In(l, {"set", "issue", "contradiction", "fact", "experience", "evidence", "situation",
                  "development", "history", "trend", "question", "answer", "problem", "idea",
                  "concept", "approach", "decision", "move", "result", "thinking", "logic",
                  "article", "analysis", "story", "this", "that", "which", "what", "it's"}) &&
           !LooksNamed(tb, te, UINT32_MAX);
  }

  // The subject of the cue verb from the parse; for "who said", its antecedent.
  std::optional<std::pair<uint32_t, uint32_t>> ParseSpeaker(uint32_t si, uint32_t v) const {
    if (!parsed_) return std::nullopt;
    const Sentence& s = doc_.sentences[si];
    for (uint32_t c = s.token_begin; c < s.token_end; ++c) {
      if (HeadOf(si, c) != v) continue;
      if (T(c).deprel != "nsubj") continue;
      if (InQuote(c)) continue;
      if (In(T(c).lower, {"who", "that", "which"})) {
        // The relative clause's noun.
        uint32_t rel = HeadOf(si, v);
        if (rel != UINT32_MAX && Rel(v) == "acl") return SubtreeNP(si, rel);
        continue;
      }
      auto np = SubtreeNP(si, c);
      if (np.second > v) continue;  // a subject after the verb must be next to it
      return np;
    }
    // Inverted: "said Scott Paul" parsed with the name as nsubj after the verb.
    return std::nullopt;
  }

  std::optional<std::pair<uint32_t, uint32_t>> WordOrderSpeaker(uint32_t si, uint32_t v,
                                                                uint32_t cue_len) const {
    const Sentence& s = doc_.sentences[si];
    const uint32_t first = s.token_begin, last = s.token_end;
    // Inverted: `..., said X` / `"...," says X` / `asked Pineda`.
    bool after_comma = v > first && (T(v - 1).lower == "," || IsDoubleQuote(doc_, T(v - 1)));
    if (after_comma && v + cue_len < last) {
      uint32_t b = v + cue_len;
      uint32_t e = NounPhraseRight(b, last);
      if (e > b && CanSpeak(si, b, e)) return std::make_pair(b, e);
    }
    // Before the verb, over auxiliaries and adverbs.
    uint32_t j = v;
    while (j > first && IsSubjectGap(T(j - 1).lower) && !T(j - 1).Has(kTokCapitalised)) --j;
    // "Scissors, who consults with administration officials, said": skip the
    // relative clause or apposition between commas.
    if (j > first && T(j - 1).lower == ",") {
      uint32_t k = j - 1;
      while (k > first && T(k - 1).lower != "," && !IsDoubleQuote(doc_, T(k - 1)) && j - k < 25) --k;
      if (k > first && T(k - 1).lower == "," && (T(k).lower == "who" || T(k).upos == "DET" ||
                                                 T(k).lower == "the" || T(k).lower == "a" ||
                                                 T(k).lower == "an")) {
        uint32_t e = k - 1;
        uint32_t b = NounPhraseLeft(first, e);
        if (e > b && CanSpeak(si, b, e)) return std::make_pair(b, e);
      }
      return std::nullopt;
    }
    uint32_t b = NounPhraseLeft(first, j);
    if (j > b) return std::make_pair(b, j);
    return std::nullopt;
  }

  // "The US welcomed the exchange, saying ...": the subject of the clause the
  // participle hangs on; the speaker of a statement just found in the same
  // sentence, else the sentence's first subject.
  std::optional<std::pair<uint32_t, uint32_t>> GoverningSubject(uint32_t si, uint32_t v,
                                                                const std::vector<Found>& out) const {
    for (auto it = out.rbegin(); it != out.rend(); ++it)
      if (it->s.sentence == si && it->cue_token < v && it->speaker_te > it->speaker_tb)
        return std::make_pair(it->speaker_tb, it->speaker_te);
    if (parsed_) {
      uint32_t x = HeadOf(si, v);
      for (int up = 0; up < 4 && x != UINT32_MAX; ++up) {
        if (auto sp = ParseSpeaker(si, x)) return sp;
        x = HeadOf(si, x);
      }
    }
    return std::nullopt;
  }

  // "in the statement of the Iraqi government", "in its statement", "in X's speech".
  std::optional<std::pair<uint32_t, uint32_t>> FrameSpeaker(uint32_t si) const {
    const Sentence& s = doc_.sentences[si];
    for (uint32_t i = s.token_begin; i + 2 < s.token_end && i < s.token_begin + 6; ++i) {
      if (T(i).lower != "in") continue;
      uint32_t j = i + 1;
      uint32_t owner_b = 0, owner_e = 0;
      // "in X's statement"
      while (j < s.token_end && j < i + 8 && !IsFrameNoun(LemmaOf(T(j)))) ++j;
      if (j >= s.token_end || !IsFrameNoun(LemmaOf(T(j)))) continue;
      for (uint32_t k = i + 1; k < j; ++k)
        if (T(k).lower == "'s" && k > i + 1) {
          owner_b = NounPhraseLeft(i + 1, k);
          owner_e = k;
        }
      if (owner_e == 0 && j + 2 < s.token_end && T(j + 1).lower == "of") {
        owner_b = j + 2;
        owner_e = NounPhraseRight(owner_b, s.token_end);
      }
      if (owner_e > owner_b) return std::make_pair(owner_b, owner_e);
    }
    return std::nullopt;
  }
  // The first token after the framing "in the statement of X," phrase.
  uint32_t FrameEnd(uint32_t si) const {
    const Sentence& s = doc_.sentences[si];
    for (uint32_t i = s.token_begin; i < s.token_end && i < s.token_begin + 20; ++i)
      if (T(i).lower == ",") return i + 1;
    return s.token_begin;
  }

  // Content of a verb cue. Fills f.content_tb/te and f.s.kind; false when
  // there is no content (not a statement).
  bool ReadContent(uint32_t si, uint32_t v, uint32_t cue_len, const CueWord& cue, Found& f) {
    const Sentence& s = doc_.sentences[si];
    const uint32_t first = s.token_begin, last = s.token_end;
    uint32_t j = v + cue_len;
    // Inverted speaker after the verb: skip it.
    if (f.speaker_tb >= j && f.speaker_tb <= j + 1) j = f.speaker_te;
    // Apposition after an inverted speaker: ", the company's chief operating officer,".
    // Framed content after the verb.
    auto set_kind_default = [&](StatementKind k) { f.s.kind = k; };
    switch (cue.frame) {
      case CueFrame::kClaim:
      case CueFrame::kDeny:
      case CueFrame::kRejectClaim:
      case CueFrame::kAccuse:
        set_kind_default(cue.frame == CueFrame::kClaim || cue.frame == CueFrame::kAccuse
                             ? StatementKind::kClaim
                             : StatementKind::kDenial);
        break;
      default:
        set_kind_default(StatementKind::kIndirect);
    }
    // 1. After the cue: "(that) CLAUSE", ": QUOTE", ", QUOTE", an addressee first for tell.
    uint32_t k = j;
    if (cue.frame == CueFrame::kTell && k < last && !IsDoubleQuote(doc_, T(k)) && T(k).lower != "that") {
      // The addressee: a short noun phrase ("reporters", "Polygraph.info",
      // "VOA Pentagon correspondent Carla Babb").
      uint32_t e = NounPhraseRight(k, last);
      if (e > k && e - k <= 6) k = e;
    }
    // Adjuncts: "in a statement", "on Tuesday", "this month", "in an email to The AP".
    uint32_t adj = k;
    bool framed = false;
    for (int guard = 0; guard < 4 && adj < last; ++guard) {
      const Token& t = T(adj);
      bool starts_adjunct = (!t.upos.empty() && t.upos == "ADP" && t.lower != "that") ||
                            In(t.lower, {"today", "yesterday", "tuesday", "monday", "wednesday",
                                         "thursday", "friday", "saturday", "sunday", "last", "this",
                                         "earlier", "later", "on", "in", "at", "during", "after",
                                         "before"});
      if (!starts_adjunct) break;
      uint32_t e = adj + 1;
      while (e < last && T(e).lower != "," && T(e).lower != "that" && T(e).lower != ":" &&
             !IsDoubleQuote(doc_, T(e)) && !IsClauseStop(e) && e < adj + 14) {
        if (IsFrameNoun(LemmaOf(T(e)))) framed = true;
        ++e;
      }
      if (e >= last || IsClauseStop(e)) {
        adj = e;
        break;
      }
      adj = e;
      if (T(adj).lower == ",") {
        // ", QUOTE" or ", that" continue; a comma then a clause too.
        if (adj + 1 < last && (IsDoubleQuote(doc_, T(adj + 1)) || T(adj + 1).lower == "that")) {
          ++adj;
          break;
        }
        break;
      }
    }
    if (adj != k && adj < last && (T(adj).lower == "that" || T(adj).lower == ":" ||
                                   IsDoubleQuote(doc_, T(adj))))
      k = adj;
    else if (adj != k && adj < last && T(adj).lower == "," && adj + 1 < last &&
             ClauseStartsAt(si, adj + 1) && cue.frame != CueFrame::kCharacterize)
      k = adj + 1;
    if (framed) f.s.kind = f.s.kind == StatementKind::kIndirect ? StatementKind::kReported : f.s.kind;
    if (k < last && (T(k).lower == ":" || T(k).lower == ",") && k + 1 < last &&
        (IsDoubleQuote(doc_, T(k + 1)) || T(k).lower == ":"))
      ++k;
    bool that = false;
    if (k < last && T(k).lower == "that" && (T(k).upos.empty() || T(k).upos == "SCONJ" ||
                                             ClauseStartsAt(si, k + 1))) {
      that = true;
      ++k;
    }
    // A quote right here.
    if (k < last && IsDoubleQuote(doc_, T(k)) && quote_of_[k] >= 0) {
      Quote& q = quotes_[quote_of_[k]];
      if (q.open == k) {
        // The content is the quote; when the sentence goes on past it with
        // more words, up to the end of the clause.
        uint32_t after = q.close + 1;
        bool more = false;
        for (uint32_t t = after; t < last; ++t)
          if (!IsPunct(T(t))) more = true;
        if (!more || q.close >= last) {
          f.content_tb = q.tb;
          f.content_te = q.te;
          q.used = true;
          f.s.kind = Rank(f.s.kind, StatementKind::kDirect);
          return true;
        }
        f.content_tb = k;
        f.content_te = EndOfContent(si, k);
        q.used = true;
        f.s.kind = Rank(f.s.kind, StatementKind::kDirect);
        return true;
      }
    }
    switch (cue.frame) {
      case CueFrame::kAsk:
        break;  // only quotes, read below
      case CueFrame::kAccuse: {
        // accuse Y of Z / blame Y for Z.
        if (k < last && ClauseStartsAt(si, k)) {
          uint32_t e = EndOfContent(si, k);
          bool of = false;
          for (uint32_t t = k; t < e; ++t) of = of || T(t).lower == "of" || T(t).lower == "for";
          if (of) {
            f.content_tb = k;
            f.content_te = e;
            return true;
          }
        }
        // "was accused of rape by a woman": passive, content "of Z".
        if (k < last && T(k).lower == "of") {
          uint32_t e = k + 1;
          while (e < last && T(e).lower != "by" && T(e).lower != "," && !IsClauseStop(e)) ++e;
          f.content_tb = k;
          f.content_te = e;
          return true;
        }
        return false;
      }
      case CueFrame::kCharacterize: {
        // call Y Z, describe Y as Z: needs "as" or a quote for Z (call).
        if (k >= last || !ClauseStartsAt(si, k)) return false;
        uint32_t e = EndOfContent(si, k);
        bool as = false, quoted = false;
        for (uint32_t t = k; t < e; ++t) {
          as = as || T(t).lower == "as";
          quoted = quoted || IsDoubleQuote(doc_, T(t));
        }
        if (cue.lemma == "call" && e < last && (T(k).lower == "for" || T(k).lower == "on")) return false;
        if (!(as || (quoted && (cue.lemma == "call" || cue.lemma == "dub" || cue.lemma == "brand" || cue.lemma == "label")) ||
              (cue.lemma == "call" && e - k >= 2 && e - k <= 8)))
          return false;
        if (cue.lemma == "call" && !as && !quoted) {
          // "called the impeachment process a sham": an object and a noun.
          bool has_det2 = false;
          for (uint32_t t = k + 1; t < e; ++t) has_det2 = has_det2 || In(T(t).lower, {"a", "an"});
          if (!has_det2) return false;
        }
        f.content_tb = k;
        f.content_te = e;
        return true;
      }
      default:
        break;
    }
    if (cue.frame != CueFrame::kAsk && k < last && (that || ClauseStartsAt(si, k))) {
      uint32_t e = EndOfContent(si, k);
      // Requests with a verb for content ("urged X to", "told them to leave"):
      // not statements.
      if (!that && k + 2 < e && cue.frame == CueFrame::kTell) {
        uint32_t t = k;
        while (t < e && !IsVerbLike(t) && T(t).lower != "to") ++t;
        if (t < e && T(t).lower == "to") return false;
      }
      if (!that && (cue.frame == CueFrame::kThat) && !(cue.lemma == "report" || cue.lemma == "warn" ||
                                                       cue.lemma == "suggest" || cue.lemma == "note" ||
                                                       cue.lemma == "reveal"))
        return false;
      if (e > k) {
        // A noun phrase alone is content only for announcements, claims and denials.
        bool has_verb = false;
        for (uint32_t t = k; t < e; ++t)
          if (!T(t).upos.empty() && (T(t).upos == "VERB" || T(t).upos == "AUX") && !InQuoteToken(t)) has_verb = true;
        bool np_ok = cue.frame == CueFrame::kAnnounce || cue.frame == CueFrame::kClaim ||
                     cue.frame == CueFrame::kDeny ||
                     (cue.frame == CueFrame::kRejectClaim && ClaimNounIn(k, e));
        if (cue.frame == CueFrame::kRejectClaim && !ClaimNounIn(k, e)) return false;
        if (has_verb || np_ok || !tagged_) {
          // "suggested that the President change his diet": a request.
          if (that && cue.lemma == "suggest" && Subjunctive(si, k, e)) return false;
          f.content_tb = k;
          f.content_te = e;
          if (QuoteCovers(k, e)) f.s.kind = Rank(f.s.kind, StatementKind::kDirect);
          return true;
        }
      }
    }
    // 2. Before the cue: `"QUOTE," X said` / `CLAUSE, X said` / `CLAUSE, said X`.
    uint32_t lead = std::min(v, f.speaker_tb);
    if (lead > first && (T(lead - 1).lower == "," || IsDoubleQuote(doc_, T(lead - 1)) ||
                         T(lead - 1).lower == "." || T(lead - 1).lower == "?")) {
      uint32_t ce = lead;
      while (ce > first && (T(ce - 1).lower == "," || T(ce - 1).lower == "-" || T(ce - 1).lower == "—")) --ce;
      // A quote ending here: its whole span (maybe several sentences).
      if (ce > first && IsDoubleQuote(doc_, T(ce - 1)) && quote_of_[ce - 1] >= 0) {
        Quote& q = quotes_[quote_of_[ce - 1]];
        if (q.close == ce - 1 && q.te > q.tb) {
          // Parenthetical inside the quote's sentence? Then also what follows.
          f.content_tb = q.tb;
          f.content_te = q.te;
          // A quote that does not start the clause ("Border agents "say ...,""): from the clause start.
          uint32_t cs = ContentStart(si, first);
          if (q.open > cs && q.open >= first) {
            f.content_tb = cs;
            f.content_te = ce;
            q.used = true;
            return true;
          }
          q.used = true;
          f.s.kind = Rank(f.s.kind, StatementKind::kDirect);
          return true;
        }
      }
      if (cue.frame == CueFrame::kAccuse || cue.frame == CueFrame::kCharacterize ||
          cue.frame == CueFrame::kRejectClaim)
        return false;
      uint32_t cb = ContentStart(si, first);
      if (ce > cb + 1) {
        // Parenthetical: ", McKinley said, is the flow" - the sentence goes on.
        uint32_t after = std::max(v + cue_len, f.speaker_te);
        if (after < last && T(after).lower == "," && after + 1 < last && !IsClauseEnd(si, after + 1)) {
          const Token& n = T(after + 1);
          bool verb_next = !n.upos.empty() && (n.upos == "AUX" || n.upos == "VERB") &&
                           !n.lower.ends_with("ing") && !FindCue(LemmaOf(n));
          if (verb_next) {
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
    }
    return false;
  }

  bool InQuoteToken(uint32_t t) const { return quote_of_[t] >= 0; }

  // "suggested that the President change his diet": a bare verb after the subject.
  bool Subjunctive(uint32_t si, uint32_t b, uint32_t e) const {
    (void)si;
    for (uint32_t t = b; t < e; ++t)
      if (!T(t).upos.empty() && T(t).upos == "VERB") return T(t).xpos == "VB";
    return false;
  }

  bool ClaimNounIn(uint32_t b, uint32_t e) const {
    for (uint32_t t = b; t < e && t < b + 8; ++t)
      if (In(LemmaOf(T(t)), {"accusation", "allegation", "claim", "charge", "report", "notion",
                             "idea", "suggestion", "assertion", "criticism", "theory", "rumor",
                             "rumour", "speculation", "story", "account"}))
        return true;
    return false;
  }

  // Whether quotes make up most of tokens [b, e).
  bool QuoteCovers(uint32_t b, uint32_t e) const {
    if (e <= b || !IsDoubleQuote(doc_, T(b))) {
      if (e > b && quote_of_[b] >= 0 && quote_of_[e - 1] >= 0 && quote_of_[b] == quote_of_[e - 1]) return true;
      return false;
    }
    uint32_t in = 0;
    for (uint32_t t = b; t < e; ++t) in += quote_of_[t] >= 0;
    return in * 10 >= (e - b) * 8;
  }

  static StatementKind Rank(StatementKind current, StatementKind proposed) {
    // denial, claim > direct > reported > indirect
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

  // Quotes no cue took that begin a sentence and follow a statement of the
  // same or the previous paragraph continue that statement's speaker.
  void AddContinuations(std::vector<Found>& found) {
    // Which quotes lie inside a found content.
    for (const Found& f : found)
      for (Quote& q : quotes_)
        if (q.open >= f.content_tb && q.close <= f.content_te + 1 && q.tb < f.content_te) q.used = true;
    std::vector<Found> extra;
    for (Quote& q : quotes_) {
      if (q.used) continue;
      if (q.te - q.tb < 4) continue;  // titles and scare quotes
      // It begins a sentence.
      uint32_t si = SentenceOf(q.open);
      if (si == UINT32_MAX || doc_.sentences[si].token_begin != q.open) continue;
      // The previous statement, in this or the previous paragraph.
      const Found* prev = nullptr;
      uint32_t para = doc_.sentences[si].paragraph;
      for (const Found& f : found) {
        if (f.content_te > q.open) continue;
        uint32_t fp = doc_.sentences[f.s.sentence].paragraph;
        if (fp + 1 < para) continue;
        if (!prev || f.content_te > prev->content_te) prev = &f;
      }
      for (const Found& f : extra) {
        if (f.content_te > q.open) continue;
        if (!prev || f.content_te > prev->content_te) prev = &f;
      }
      if (!prev) continue;
      // Nothing but the quote in between.
      bool clean = true;
      for (uint32_t t = prev->content_te; t < q.open; ++t) {
        if (t >= prev->content_te && t < prev->content_te + 0) continue;
        if (quote_of_[t] >= 0) continue;
        // Words between the previous content and this quote: only its own
        // reporting clause ("," he said.").
        if (t >= prev->speaker_tb && t < prev->speaker_te) continue;
        if (t == prev->cue_token) continue;
        if (IsPunct(T(t))) continue;
        if (IsSubjectGap(T(t).lower) || In(T(t).lower, {"in", "a", "the", "an", "statement", "said",
                                                         "told", "added", "he", "she", "to",
                                                         "reporters", "on", "of"}))
          continue;
        clean = false;
        break;
      }
      if (!clean) continue;
      Found c;
      c.s.sentence = si;
      c.s.kind = StatementKind::kDirect;
      c.s.cue_lemma = "";
      c.cue = nullptr;
      c.cue_token = UINT32_MAX;
      c.speaker_tb = prev->speaker_tb;
      c.speaker_te = prev->speaker_te;
      c.s.speaker_ref = {};
      c.content_tb = q.tb;
      c.content_te = q.te;
      // A quote closing past this sentence runs on.
      c.s.content = q.inner;
      q.used = true;
      c.continues = prev->id;
      c.id = next_id_++;
      extra.push_back(std::move(c));
    }
    for (Found& f : extra) found.push_back(std::move(f));
  }

  uint32_t SentenceOf(uint32_t tok) const {
    // Binary search over sentence token ranges.
    size_t lo = 0, hi = doc_.sentences.size();
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (doc_.sentences[mid].token_end <= tok) lo = mid + 1;
      else hi = mid;
    }
    if (lo < doc_.sentences.size() && doc_.sentences[lo].token_begin <= tok) return static_cast<uint32_t>(lo);
    return UINT32_MAX;
  }

  // ---- Speakers ----
  struct Known {
    EventActor actor;
    std::string person;
    std::string head;      // head word of how it was named ("spokesperson", "utility")
    uint32_t pos = 0;      // byte offset of the statement
    uint32_t paragraph = 0;
    bool is_person = false;
    char gender = 0;       // 'm', 'f', 0
  };

  static bool IsTitleWord(std::string_view lower) {
    return In(lower, {"president", "minister", "secretary", "adviser", "advisor", "spokesman",
                      "spokeswoman", "spokesperson", "chief", "director", "ambassador", "general",
                      "gen.", "gen", "lt.", "lt", "col.", "col", "cmdr.", "cmdr", "rep.", "rep",
                      "sen.", "sen", "dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "officer",
                      "commissioner", "governor", "gov.", "gov", "speaker", "prime", "deputy",
                      "interim", "acting", "police", "press", "foreign", "defense", "defence",
                      "national", "security", "state", "white", "house", "administrator", "associate",
                      "correspondent", "editor", "editor-in-chief", "professor", "chairman",
                      "chairwoman", "ceo", "cpo", "cfo", "coo", "vice", "senior", "principal", "head",
                      "leader", "envoy", "negotiator", "attorney", "judge", "justice", "mayor",
                      "sheriff", "superintendent", "captain", "capt.", "sgt.", "sergeant",
                      "lieutenant", "colonel", "commander", "admiral", "major", "chancellor", "king",
                      "queen", "prince", "princess", "pope", "rabbi", "imam", "sheikh", "emir",
                      "former", "then", "u.s.", "us", "department", "ministry", "office", "agency",
                      "association", "institute", "university", "council", "committee", "commission",
                      "party", "republican", "democratic", "democrat", "administration", "staff",
                      "military", "army", "navy", "air", "force", "federal", "central", "general's",
                      "executive", "officials", "official", "union", "teachers", "director-general",
                      "secretary-general", "high", "commissioner's", "representative", "delegate",
                      "premier", "counsel", "nasa", "fbi", "cia", "un", "eu", "nato"});
  }

  // The personal name inside a speaker phrase: the last run of capitalised
  // words after any title ("American National Security Adviser Jake Sullivan"
  // -> "Jake Sullivan"); none when the name owns the speaker ("Nadia Cruz's
  // office") or no word of it can be a name.
  std::pair<uint32_t, uint32_t> PersonIn(uint32_t tb, uint32_t te) const {
    uint32_t e = te;
    // The head must be the name: a trailing "'s office" makes it no person.
    while (e > tb && IsPunct(T(e - 1))) --e;
    uint32_t b = e;
    while (b > tb) {
      const Token& t = T(b - 1);
      bool name_like = t.Has(kTokCapitalised) || (t.Has(kTokAbbrev) && t.Has(kTokCapitalised)) ||
                       (t.Has(kTokPunct) && t.lower == "-" && b - 1 > tb);
      if (!name_like) break;
      if (IsTitleWord(t.lower)) break;
      --b;
    }
    if (b == e) return {0, 0};
    // A lone capitalised word: a person only when the dictionary or an earlier
    // full name says so, or a title stands before it ("Ms Persson").
    if (e - b == 1) {
      bool titled = b > tb && IsTitleWord(T(b - 1).lower);
      int m = mention_at_[b];
      bool dict_person = m >= 0 && doc_.mentions[m].entry.find("people.txt") != std::string::npos;
      bool known = people_.count(T(b).lower) > 0;
      if (!titled && !dict_person && !known) return {0, 0};
      if (m >= 0 && !dict_person) {
        // "NASA", "Reuters": an actor that is not a person.
        return {0, 0};
      }
    } else {
      // Every word covered by a non-person actor: an organisation ("White House").
      bool org = true;
      for (uint32_t t = b; t < e; ++t) {
        int m = mention_at_[t];
        if (m < 0 || doc_.mentions[m].entry.find("people.txt") != std::string::npos) org = false;
      }
      if (org) return {0, 0};
      if (!T(b).upos.empty() && T(e - 1).upos != "PROPN" && T(e - 1).upos != "NOUN" &&
          T(e - 1).upos != "X")
        return {0, 0};
    }
    return {b, e};
  }

  // The best actor mention among tokens [b, e): a person of the dictionary,
  // else the most specific code.
  const Mention* BestMention(uint32_t b, uint32_t e) const {
    const Mention* best = nullptr;
    for (uint32_t t = b; t < e; ++t) {
      int k = mention_at_[t];
      if (k < 0) continue;
      const Mention& m = doc_.mentions[k];
      auto score = [](const Mention& x) {
        int s = static_cast<int>(x.code.size());
        if (x.entry.find("people.txt") != std::string::npos) s += 10;
        if (x.code.rfind("---", 0) == 0) s -= 4;
        return s;
      };
      if (!best || score(m) > score(*best)) best = &m;
    }
    return best;
  }

  // Words right after the speaker that describe it: ", PG&E's principal
  // meteorologist," (not a relative clause).
  std::pair<uint32_t, uint32_t> Apposition(uint32_t si, uint32_t te) const {
    const Sentence& s = doc_.sentences[si];
    if (te >= s.token_end || T(te).lower != ",") return {0, 0};
    uint32_t b = te + 1;
    if (b < s.token_end && In(T(b).lower, {"who", "which", "that", "where"})) return {0, 0};
    uint32_t e = b;
    while (e < s.token_end && e < b + 14 && T(e).lower != "," && !IsClauseStop(e) &&
           !IsDoubleQuote(doc_, T(e)))
      ++e;
    return {b, e};
  }

  static void SetActor(EventActor& a, const Mention& m) {
    a.code = m.code;
    a.country = m.country;
    a.sector = m.sector;
    a.entry = m.entry;
  }

  // Resolves f's speaker; false when a pronoun finds no antecedent it could
  // stand for and nothing else is known (the statement is then dropped: a
  // speaker nobody can name is no use to an analyst).
  bool Resolve(Found& f, const Statement* prev) {
    Statement& st = f.s;
    const uint32_t para = doc_.sentences[st.sentence].paragraph;
    if (prev) {
      st.speaker = prev->speaker;
      st.person = prev->person;
      Remember(st, para, 0);
      return true;
    }
    const uint32_t tb = f.speaker_tb, te = f.speaker_te;
    const Span local = Bytes(tb, te);
    const std::string& w0 = T(tb).lower;
    const bool pronoun = te == tb + 1 && IsPronoun(w0);
    const Known* ante = nullptr;
    if (pronoun) {
      const bool personal = IsPersonPronoun(w0);
      const char gender = w0 == "he" ? 'm' : w0 == "she" ? 'f' : 0;
      for (auto it = known_.rbegin(); it != known_.rend(); ++it) {
        if (it->paragraph + 4 < para) break;
        if (personal != it->is_person) continue;
        if (personal && it->gender && gender && it->gender != gender) continue;
        ante = &*it;
        break;
      }
      // A person named since the last speaker ("When Afghan President Ashraf
      // Ghani ... , he said"), or an actor for "it"/"they".
      const Mention* nearer = NearestMentionBefore(tb, personal, ante ? ante->pos : 0);
      if (nearer) {
        scratch_known_ = Known();
        scratch_known_.actor.text = std::string(doc_.Text(nearer->span));
        scratch_known_.actor.span = nearer->span;
        SetActor(scratch_known_.actor, *nearer);
        if (personal) {
          auto pn = PersonIn(nearer->token_begin, nearer->token_end);
          if (pn.second > pn.first) scratch_known_.person = std::string(doc_.Text(Bytes(pn.first, pn.second)));
          scratch_known_.is_person = true;
        }
        ante = &scratch_known_;
      }
      if (!ante) return false;
      st.speaker = ante->actor;
      st.person = ante->person;
      st.speaker_ref = local;
      Remember(st, para, gender);
      return true;
    }
    // A description that points back: "the utility", "the agency", "the spokesperson".
    const bool described = (w0 == "the" || w0 == "this" || w0 == "its") &&
                           !LooksNamed(tb, te, doc_.sentences[st.sentence].token_begin) && te - tb <= 3;
    if (described) {
      const std::string head = LemmaOf(T(te - 1));
      const bool org_noun = In(head, {"agency", "utility", "company", "ministry", "department",
                                      "statement", "office", "brokerage", "commission", "government",
                                      "group", "organization", "organisation", "firm", "bank",
                                      "administration", "authority", "release", "report", "military",
                                      "court", "council", "committee", "regime", "union"});
      for (auto it = known_.rbegin(); it != known_.rend(); ++it) {
        if (it->paragraph + 3 < para) break;
        if (it->head == head || (org_noun && !it->is_person && !it->actor.code.empty())) {
          ante = &*it;
          break;
        }
      }
      if (ante) {
        st.speaker = ante->actor;
        st.person = ante->person;
        st.speaker_ref = local;
        Remember(st, para, 0, head);
        return true;
      }
    }
    st.speaker.text = std::string(doc_.Text(local));
    st.speaker.span = local;
    const Mention* m = BestMention(tb, te);
    auto app = Apposition(st.sentence, te);
    if (!m && app.second > app.first) m = BestMention(app.first, app.second);
    // "Marco Villa, the company's chief operating officer, said": the
    // apposition sits between the speaker and the cue.
    if (!m && f.cue_token != UINT32_MAX && f.cue_token > te + 1 && f.cue_token < te + 16 &&
        T(te).lower == ",")
      m = BestMention(te + 1, f.cue_token);
    if (m) SetActor(st.speaker, *m);
    auto pn = PersonIn(tb, te);
    if (pn.second > pn.first) {
      st.person = std::string(doc_.Text(Bytes(pn.first, pn.second)));
      std::string surname = T(pn.second - 1).lower;
      auto it = people_.find(surname);
      if (it != people_.end()) {
        if (st.speaker.code.empty()) {
          st.speaker.code = it->second.actor.code;
          st.speaker.country = it->second.actor.country;
          st.speaker.sector = it->second.actor.sector;
          st.speaker.entry = it->second.actor.entry;
        }
        if (it->second.person.size() > st.person.size()) st.person = it->second.person;
      }
    }
    Remember(st, para, 0, LemmaOf(T(te - 1)));
    return true;
  }

  // The nearest actor mention before token `before` and after byte `after`:
  // a person for he/she (a dictionary person or a capitalised name with a
  // title), else a non-person actor.
  const Mention* NearestMentionBefore(uint32_t before, bool personal, uint32_t after) const {
    uint32_t si = SentenceOf(before);
    if (si == UINT32_MAX) return nullptr;
    uint32_t para = doc_.sentences[si].paragraph;
    // Search from this sentence back to the paragraph's start.
    for (uint32_t t = before; t > 0; --t) {
      uint32_t k = t - 1;
      if (T(k).span.begin < after) break;
      uint32_t ks = SentenceOf(k);
      if (ks == UINT32_MAX || doc_.sentences[ks].paragraph != para) break;
      if (InQuote(k)) continue;
      int mi = mention_at_[k];
      if (mi < 0) continue;
      const Mention& m = doc_.mentions[mi];
      bool is_person = m.entry.find("people.txt") != std::string::npos;
      if (!is_person) {
        auto pn = PersonIn(m.token_begin, m.token_end);
        is_person = pn.second > pn.first;
      }
      if (personal == is_person) return &m;
    }
    return nullptr;
  }

  void Remember(const Statement& st, uint32_t para, char gender, std::string head = "") {
    // A pronoun tells the gender of whom it stands for.
    if (gender) {
      for (auto it = known_.rbegin(); it != known_.rend(); ++it)
        if (it->actor.span == st.speaker.span) {
          it->gender = gender;
          break;
        }
      if (!st.person.empty()) {
        auto p = people_.find(Lowercase(LastWord(st.person)));
        if (p != people_.end()) p->second.gender = gender;
      }
    }
    Known k;
    k.actor = st.speaker;
    k.person = st.person;
    k.head = std::move(head);
    k.pos = st.cue.empty() ? st.content.begin : st.cue.begin;
    k.paragraph = para;
    k.is_person = !st.person.empty();
    k.gender = gender;
    if (k.is_person) {
      auto p = people_.find(Lowercase(LastWord(st.person)));
      if (p != people_.end() && !k.gender) k.gender = p->second.gender;
      Known& reg = people_[Lowercase(LastWord(st.person))];
      if (reg.person.size() < st.person.size()) reg.person = st.person;
      if (reg.actor.code.empty() && !st.speaker.code.empty()) reg.actor = st.speaker;
      if (gender) reg.gender = gender;
    }
    known_.push_back(std::move(k));
  }

  static std::string_view LastWord(std::string_view s) {
    size_t sp = s.find_last_of(' ');
    return sp == std::string_view::npos ? s : s.substr(sp + 1);
  }

  // ---- Dates, polarity, modality, events, terms ----
  void Finish(Found& f, const Statement* prev) {
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
    if (st.kind == StatementKind::kDenial) st.polarity = Polarity::kNegated;
    uint32_t n = 0;
    for (uint32_t t = f.content_tb; t < f.content_te && n < 14; ++t, ++n) {
      const std::string& w = T(t).lower;
      if (In(w, {"not", "n't", "never", "no", "nor", "neither", "nothing", "none"}) &&
          !(w == "not" && t + 1 < f.content_te && T(t + 1).lower == "only")) {
        st.polarity = st.kind == StatementKind::kDenial ? Polarity::kAsserted : Polarity::kNegated;
        break;
      }
      if (T(t).lower == "," && n > 4) break;
    }
    n = 0;
    for (uint32_t t = f.content_tb; t < f.content_te && n < 14; ++t, ++n) {
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
      if (e > f.content_tb && T(e - 1).lower == "?") st.modality = Modality::kQuestion;
      if (In(T(f.content_tb).lower, {"whether"})) st.modality = Modality::kQuestion;
    }
    for (uint32_t k = 0; k < doc_.events.size(); ++k)
      if (st.content.Contains(doc_.events[k].trigger)) st.events.push_back(k);
    st.terms = KeyTerms(doc_, st.content);
  }

  // "issued a statement ..., emphasizing that X. There will be Y.": a
  // statement told as an event often goes on in the next sentence of the
  // paragraph, which has no cue of its own.
  void ExtendFramedContents(std::vector<Found>& found) {
    std::vector<char> has(doc_.sentences.size(), 0);
    for (const Found& f : found) has[f.s.sentence] = 1;
    for (Found& f : found) {
      if (f.s.kind != StatementKind::kReported || f.cue == nullptr) continue;
      const uint32_t si = f.s.sentence;
      if (si + 1 >= doc_.sentences.size() || has[si + 1]) continue;
      const Sentence& s = doc_.sentences[si];
      const Sentence& n = doc_.sentences[si + 1];
      if (n.paragraph != s.paragraph) continue;
      if (!IsClauseEnd(si, f.content_te)) continue;
      bool frame_before = false;
      for (uint32_t t = s.token_begin; t < f.cue_token; ++t)
        frame_before = frame_before || (IsFrameNoun(LemmaOf(T(t))) && !InQuote(t));
      if (!frame_before) continue;
      const std::string& w = T(n.token_begin).lower;
      if (In(w, {"but", "however", "meanwhile", "in", "this", "that", "these", "therefore", "so",
                 "yet", "still", "of", "by", "before", "after", "since", "according", "as"}))
        continue;
      bool ok = true;
      for (uint32_t t = n.token_begin; t < n.token_end; ++t) {
        if (InQuote(t) || In(T(t).lower, {"i", "we", "you", "our", "?"})) ok = false;
      }
      if (!ok) continue;
      uint32_t e = n.token_end;
      while (e > n.token_begin && IsPunct(T(e - 1))) --e;
      f.content_te = e;
      f.s.content.end = T(e - 1).span.end;
    }
  }

  Known scratch_known_;
  Document& doc_;
  DocumentDates dates_;
  std::vector<Quote> quotes_;
  std::vector<int> quote_of_;
  std::vector<int> mention_at_;
  bool parsed_ = false;
  bool tagged_ = false;
  int next_id_ = 0;
  std::vector<Known> known_;                          // speakers so far, in text order
  std::unordered_map<std::string, Known> people_;     // by surname (lower-cased)
};

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
  // Content lemmas.
  for (uint32_t i = b; i < e; ++i) {
    const Token& t = doc.tokens[i];
    if (!t.Has(kTokWord)) continue;
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

void ExtractStatements(Document& doc) {
  Extractor(doc).Run();
}

}  // namespace dyad
