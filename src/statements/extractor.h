// Internals of the statements stage, shared by its three files:
//   cues.cc      the lexicon, quotes, cues and contents
//   speakers.cc  speaker phrases, names, pronouns and actors
//   statements.cc  the run: order, dates, polarity, modality, events, terms
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dyad/document.h"
#include "dyad/time.h"

namespace dyad::statements_internal {

// How a cue verb takes its content.
enum class CueFrame : uint8_t {
  kSay,           // a clause or a quote after it, else the quote or clause before it
  kTell,          // an addressee first ("told reporters (that) ...")
  kAnnounce,      // a clause, or a noun phrase ("announced the selection of ...")
  kClaim,         // a clause or a noun phrase ("claimed responsibility")
  kAccuse,        // accuse Y of Z, blame Y for Z
  kDeny,          // deny, dispute, rule out: a clause or a noun phrase
  kRejectClaim,   // reject, dismiss: only a claim-like noun phrase ("rejected the allegations")
  kCharacterize,  // call / describe / slam Y (as) Z
  kAsk,           // ask, inquire: only a quoted question
  kThat,          // acknowledge, reveal, conclude ...: a that-clause, or a quote before it
};

struct CueWord {
  std::string_view lemma;
  CueFrame frame;
};

const CueWord* FindCue(std::string_view lemma);
const CueWord* FindCueForm(std::string_view form);
bool In(std::string_view w, std::initializer_list<std::string_view> set);
bool IsFrameNoun(std::string_view lemma);
bool IsAgentiveNoun(std::string_view lemma);
bool IsTitleWord(std::string_view lower);
// Words that can stand between a subject and its verb ("has", "also", "later").
bool IsSubjectGapWord(std::string_view w);
const std::string& LemmaOf(const Token& t);
bool IsDoubleQuote(const Document& doc, const Token& t);

struct Quote {
  uint32_t open = 0;        // token of the opening mark
  uint32_t close = 0;       // token of the closing mark (the paragraph's end token when unclosed)
  uint32_t tb = 0, te = 0;  // tokens inside
  Span inner;               // bytes inside the marks
  bool used = false;        // inside a statement's content
};

// A statement being built, with its token positions.
struct Found {
  Statement s;
  int id = -1;         // order of finding
  int continues = -1;  // id of the statement an uncued quote continues
  uint32_t cue_token = UINT32_MAX;
  uint32_t speaker_tb = 0, speaker_te = 0;
  uint32_t content_tb = 0, content_te = 0;
  const CueWord* cue = nullptr;  // null for "according to" and continuations
};

using TokenRange = std::pair<uint32_t, uint32_t>;

// A personal name of the document ("Jake Sullivan", later "Sullivan").
struct Name {
  std::string full;     // the longest form seen
  char gender = 0;      // 'm', 'f' (from Mr/Ms or a resolved he/she), 0 unknown
  EventActor actor;     // the actor it was resolved to, when known
};

class Extractor {
 public:
  explicit Extractor(Document& doc);
  void Run();

 private:
  // ---- tokens (statements.cc) ----
  const Token& T(uint32_t i) const { return doc_.tokens[i]; }
  bool IsVerbLike(uint32_t i) const;
  bool IsPunct(uint32_t i) const { return T(i).Has(kTokPunct); }
  bool IsClauseStop(uint32_t i) const;
  bool InQuote(uint32_t t) const { return quote_of_[t] >= 0; }
  Span Bytes(uint32_t tb, uint32_t te) const;
  uint32_t HeadOf(uint32_t si, uint32_t t) const;
  std::string_view Rel(uint32_t t) const;
  uint32_t SentenceOf(uint32_t tok) const;
  bool IsTimeWord(uint32_t t) const;
  void Finish(Found& f, const Statement* prev);

  // ---- cues and contents (cues.cc) ----
  void FindQuotes();
  void FindInSentence(uint32_t si, std::vector<Found>& out);
  void ReadAccordingTo(uint32_t si, uint32_t cue_b, uint32_t np_b, std::vector<Found>& out);
  void ReadVerbCue(uint32_t si, uint32_t v, const CueWord& cue, std::vector<Found>& out,
                   uint32_t cue_len = 1);
  bool ReadContent(uint32_t si, uint32_t v, uint32_t cue_len, const CueWord& cue, Found& f);
  bool ContentBefore(uint32_t si, uint32_t v, uint32_t cue_len, const CueWord& cue, Found& f);
  bool IsClauseEnd(uint32_t si, uint32_t t) const;
  uint32_t ContentStart(uint32_t si, uint32_t t) const;
  uint32_t EndOfContent(uint32_t si, uint32_t cb) const;
  bool ClauseStartsAt(uint32_t si, uint32_t b) const;
  bool PhraseStartsAt(uint32_t si, uint32_t b) const;
  bool HasVerb(uint32_t b, uint32_t e) const;
  bool QuoteCovers(uint32_t b, uint32_t e) const;
  bool ClaimNounIn(uint32_t b, uint32_t e) const;
  uint32_t SkipAdjuncts(uint32_t si, uint32_t k, bool* framed) const;
  void DropCitations(std::vector<Found>& found) const;
  void ExtendFramedContents(std::vector<Found>& found);
  void AddContinuations(std::vector<Found>& found);

  // ---- speakers (speakers.cc) ----
  void FindNames();
  bool LooksNamed(uint32_t tb, uint32_t te, uint32_t sentence_first) const;
  bool CanSpeak(uint32_t si, uint32_t tb, uint32_t te) const;
  bool IsAbstractSpeaker(uint32_t tb, uint32_t te) const;
  uint32_t NounPhraseLeft(uint32_t first, uint32_t end) const;
  uint32_t NounPhraseRight(uint32_t b, uint32_t last) const;
  uint32_t SkipLeftGap(uint32_t first, uint32_t j) const;
  std::optional<TokenRange> FindSpeaker(uint32_t si, uint32_t v, const CueWord& cue, uint32_t cue_len,
                                        const std::vector<Found>& out) const;
  std::optional<TokenRange> InvertedSpeaker(uint32_t si, uint32_t v, uint32_t cue_len) const;
  std::optional<TokenRange> CommaWalk(uint32_t si, uint32_t comma, bool clause_subject) const;
  std::optional<TokenRange> ClauseSubject(uint32_t si, uint32_t b, uint32_t e) const;
  std::optional<TokenRange> GoverningSubject(uint32_t si, uint32_t v, const std::vector<Found>& out) const;
  std::optional<TokenRange> ParseSubject(uint32_t si, uint32_t v) const;
  TokenRange SubtreeNP(uint32_t si, uint32_t h) const;
  std::optional<TokenRange> FrameSpeaker(uint32_t si, uint32_t* frame_end) const;
  TokenRange PersonIn(uint32_t tb, uint32_t te) const;
  const Mention* BestMention(uint32_t b, uint32_t e) const;
  void SpeakerActor(EventActor& a, const Mention& m) const;
  TokenRange Apposition(uint32_t si, uint32_t te) const;
  bool Resolve(Found& f, const Statement* prev);
  bool ResolvePronoun(Found& f);
  bool ResolveDescription(Found& f);
  void NameInPlace(Found& f);
  void Remember(const Statement& st, uint32_t sentence, char gender, std::string head);
  Name* NameOf(std::string_view person);

  Document& doc_;
  DocumentDates dates_;
  std::vector<Quote> quotes_;
  std::vector<int> quote_of_;    // per token: the quote it is in (marks included), or -1
  std::vector<int> mention_at_;  // per token: the first actor mention over it, or -1
  std::vector<int> name_at_;     // per token: index into name_runs_, or -1
  struct NameRun {
    uint32_t tb, te;
    std::string surname;  // lower-cased last word
  };
  std::vector<NameRun> name_runs_;
  std::unordered_map<std::string, Name> names_;  // by surname
  bool parsed_ = false;
  bool tagged_ = false;
  int next_id_ = 0;

  // Speakers resolved so far, in text order: what "he", "it" and "the
  // ministry" can point back to.
  struct Known {
    EventActor actor;
    std::string person;
    std::string head;  // head word of how it was named ("spokesperson", "utility")
    uint32_t sentence = 0;
    bool is_person = false;
  };
  std::vector<Known> known_;
};

}  // namespace dyad::statements_internal
