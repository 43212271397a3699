// Internal: the learned event coder's model, candidates and features.
//
// A candidate is a predicate of the parse (a verb, an event noun, or a word
// a hand-written pattern starts at) with its arguments. The type classifier
// (an averaged perceptron over NONE + the 16 PLOVER types) reads lexical,
// syntactic, semantic-class (WordNet, word clusters), pattern, cue and actor
// features of the candidate. The role ranker scores, for the chosen type, each
// actor mention of the sentence (and "none") as the source and as the target.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dyad/eventml.h"
#include "dyad/events.h"
#include "eventml/lexicon.h"
#include "events/coder_util.h"
#include "tagger/clusters.h"
#include "tagger/perceptron.h"

namespace dyad::eventml {

inline constexpr int kNumTypes = 17;  // NONE + 16 PLOVER types
inline constexpr std::array<std::string_view, kNumTypes> kTypes = {
    "NONE",    "AGREE",   "CONSULT",  "SUPPORT", "CONCEDE",  "COOPERATE", "AID",     "RETREAT", "REQUEST",
    "ACCUSE",  "REJECT",  "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",  "COERCE",  "ASSAULT"};
int TypeIndex(std::string_view type);  // 0 (NONE) when unknown
// A state, its government, military, police, courts, parties, armed groups,
// international organisations (by sector), or a country or place name.
bool PoliticallyRelevant(const Mention& m);
enum Role { kSource = 0, kTarget = 1 };

// Hashed features, with their names when an explanation is wanted.
struct FeatureSink {
  std::vector<uint64_t> keys;
  std::vector<std::string>* names = nullptr;
  void Clear() {
    keys.clear();
    if (names) names->clear();
  }
  void Add(uint32_t tmpl, std::string_view v);
  void Add(uint32_t tmpl, std::string_view a, std::string_view b);
  void AddInt(uint32_t tmpl, uint64_t v);
};

// One sentence of a tagged and parsed document, with the lookups features need.
struct SentenceView {
  const Document* doc = nullptr;
  uint32_t si = 0, first = 0, last = 0;
  std::vector<const Mention*> actors;
  std::vector<int> mention_at;                  // per token of the sentence: actor index or -1
  std::vector<std::vector<uint32_t>> children;  // per token: absolute indexes of its dependents
  const std::vector<std::string>* guessed = nullptr;
  bool parsed = false;

  SentenceView(const Document& d, uint32_t sentence, const std::vector<const Mention*>& sentence_actors,
               const std::vector<std::string>* guessed_lemmas);
  const Token& tok(uint32_t abs) const { return doc->tokens[abs]; }
  uint32_t Head(uint32_t abs) const;  // absolute; UINT32_MAX for the root
  std::string_view Rel(uint32_t abs) const;  // universal part ("nsubj" of "nsubj:pass")
  int MentionAt(uint32_t abs) const { return abs >= first && abs < last ? mention_at[abs - first] : -1; }
  uint32_t MentionHead(const Mention& m) const;
  const std::vector<uint32_t>& Children(uint32_t abs) const { return children[abs - first]; }
  // The first dependent with one of these relations (full or universal), or UINT32_MAX.
  uint32_t Child(uint32_t abs, std::initializer_list<std::string_view> rels) const;
  std::string CaseOf(uint32_t abs) const;  // the preposition a nominal depends through
};

struct Candidate {
  uint32_t tok = 0;     // the predicate word
  uint32_t tb = 0, te = 0;  // the trigger's tokens (a pattern's span, or the word and its particle)
  bool nominal = false;
  std::optional<coder::PatternMatch> match;
};

// Feature extraction: shared by training and coding, so both see the same.
class Features {
 public:
  Features(const SemanticLexicon* lexicon, const ml::WordClusters* clusters, const CameoTable* cameo)
      : lexicon_(lexicon), clusters_(clusters), cameo_(cameo) {}
  // Candidates of a sentence, left to right; words inside a pattern's span
  // belong to that pattern's trigger.
  std::vector<Candidate> Candidates(const SentenceView& s, const PatternDictionary& patterns) const;
  // One candidate made for a given token (training: a gold trigger the rules above missed).
  Candidate MakeCandidate(const SentenceView& s, const PatternDictionary& patterns, uint32_t tok) const;
  void TypeFeatures(const SentenceView& s, const Candidate& c, FeatureSink& out) const;
  // Features of actor k (or -1: none) as the role of an event of `type` at c.
  void RoleFeatures(const SentenceView& s, const Candidate& c, int type, Role role, int k, FeatureSink& out) const;
  // The PLOVER type a pattern codes ("" for statements), after its stance.
  std::string PatternType(const coder::PatternMatch& m) const;
  // The subject of a predicate, climbing through xcomp and conj: an absolute token or UINT32_MAX.
  static uint32_t Subject(const SentenceView& s, uint32_t v);

 private:
  std::string_view Lemma(const SentenceView& s, uint32_t t) const;
  void SemanticClasses(uint32_t tmpl, char pos, std::string_view lemma, FeatureSink& out, bool all = true) const;
  void ClusterFeatures(uint32_t tmpl, std::string_view lower, FeatureSink& out) const;
  std::string Path(const SentenceView& s, uint32_t from, uint32_t to) const;
  const SemanticLexicon* lexicon_;
  const ml::WordClusters* clusters_;
  const CameoTable* cameo_;
};

// Settings that are part of a model (written to its metadata).
struct ModelSettings {
  float threshold = 0.0f;        // type margin over NONE (in weight units) to code an event
  bool nouns_need_occurrence = false;  // the rule coder's "a noun needs a verb of occurrence"
  bool relevance = true;         // an event needs a politically relevant actor (or PROTEST/ASSAULT)
};

class EventModel {
 public:
  static constexpr std::string_view kMagic = "DYADEVT\x01";
  static constexpr uint32_t kVersion = 1;
  static Result<std::shared_ptr<const EventModel>> Load(const std::string& path);
  Status Save(const std::string& path) const;

  ml::FrozenWeights types;   // kNumTypes classes
  ml::FrozenWeights roles;   // 2 classes: score = class 1 - class 0
  SemanticLexicon lexicon;
  ml::WordClusters clusters;
  ModelSettings settings;
  // Most frequent CAMEO code in the training data per (type, lemma) and per type.
  std::unordered_map<uint64_t, std::string> cameo_by_lemma;
  std::array<std::string, kNumTypes> cameo_by_type;
  ml::Metadata meta;

  static uint64_t LemmaKey(int type, std::string_view lemma);
  std::string Payload() const;
  bool ParsePayload(std::string_view in);
};

// The coder itself, also run by training for cross-validation.
struct CodeOptions {
  bool keep_all = false;
  bool explain = false;
  float min_margin = 0.0f;  // raises the model's threshold (stage option margin=)
  bool nouns_need_occurrence = false;  // as the model's setting, for this call (stage option nouns=occur)
  // PLOVER types already coded in the document (by the rules): an undated
  // event noun of one of them without a verb of occurrence points back at
  // that event ("its discussions with the US") and is not coded again.
  const std::vector<std::string>* told_types = nullptr;
};
void CodeSentencesML(const EventModel& model, const PatternDictionary& patterns, const CameoTable& cameo,
                     Document& doc, const CodeOptions& options);

}  // namespace dyad::eventml
