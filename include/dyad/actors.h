// Actors: dictionaries of who can act, a phrase matcher, and a resolver.
//
// An ActorDictionary is loaded once from readable text files (format in
// docs/dictionaries.md) and is then immutable and safe to share between
// threads. Matching walks a token trie, so its cost per token does not grow
// with the number of entries. The resolver turns phrase matches into actor
// mentions: "Iraqi army" -> IRQMIL, "Iraqi and American officials" -> IRQGOV +
// USAGOV, "Washington" -> USAGOV, "that country" -> the last country named.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"
#include "dyad/time.h"

namespace dyad {

enum class PhraseKind : uint8_t {
  kName,       // "Iraq", "United Nations"
  kAdjective,  // "Iraqi"
  kDemonym,    // "Iraqis"
  kCapital,    // "Baghdad" -> <country>GOV
  kSeat,       // "Pentagon" -> USAMIL
  kPerson,     // "Jake Sullivan"
  kAgent,      // "officials" -> sector GOV
  kPlace,      // "Mosul" -> IRQ: a city or region stands for its country
};
std::string_view ToString(PhraseKind k);

struct ActorRole {
  std::string code;
  std::optional<Date> from;  // open when empty
  std::optional<Date> to;
  std::string description;
};

struct ActorEntry {
  std::string code;      // "IRQ", "IGOUNO"; for people, the latest role's code
  std::string label;     // first name given, for display
  std::string source;    // "countries.txt:42"
  std::vector<ActorRole> roles;  // people only
  bool is_country = false;
};

struct Phrase {
  uint32_t entry = 0;     // index into entries(); for agents, index into agent_sectors()
  PhraseKind kind = PhraseKind::kName;
  std::string code;       // explicit code (seats, capitals); empty = the entry's code
  std::string surface;    // as written in the dictionary
  bool exact_case = false;  // acronyms ("US", "UN", "LeT") must match as written
  std::vector<std::string> exact_tokens;  // the phrase's tokens as written, when exact_case
  bool capitalised = false; // proper names must be capitalised in the text
  uint8_t length = 0;       // in tokens
};

struct PhraseMatch {
  uint32_t token_begin = 0;
  uint32_t token_end = 0;
  std::vector<uint32_t> phrases;  // indices into phrases(); all phrases of that token sequence
};

class ActorDictionary {
 public:
  // Loads data_dir/actors/{countries,places,organizations,people}.txt (actors) and
  // agents.txt. Missing optional files are skipped; countries.txt and
  // agents.txt must exist.
  static Result<std::shared_ptr<const ActorDictionary>> LoadBuiltin(const std::string& data_dir);

  ActorDictionary();
  // Adds the entries of one `@dyad-actors 1` file / `@dyad-agents 1` file;
  // `name` is used in error messages and entry sources.
  Status AddActorsText(std::string_view content, std::string_view name);
  Status AddAgentsText(std::string_view content, std::string_view name);
  // TABARI / PETRARCH / Phoenix formats (.actors and agents files). Malformed
  // lines are reported in warnings() with file:line and skipped.
  Status AddPetrarchActors(std::string_view content, std::string_view name);
  Status AddPetrarchAgents(std::string_view content, std::string_view name);
  // Detects the format: `@dyad-actors`, `@dyad-agents`, else PETRARCH agents
  // (lines with [~CODE]) or PETRARCH actors.
  Status AddFile(const std::string& path);

  // Longest phrase starting at token i of the sentence [first, last).
  std::optional<PhraseMatch> MatchAt(const Document& doc, uint32_t i, uint32_t last) const;
  // Longest phrase in a list of words (lower-cased, folded); for hyphen parts.
  std::optional<PhraseMatch> MatchWords(const std::vector<std::string>& words,
                                        const std::vector<std::string>& surfaces,
                                        uint32_t i) const;

  const std::vector<ActorEntry>& entries() const { return entries_; }
  const std::vector<Phrase>& phrases() const { return phrases_; }
  const std::vector<std::string>& agent_sectors() const { return agent_sectors_; }
  // Duplicate names under different codes, found while loading.
  const std::vector<std::string>& warnings() const { return warnings_; }
  size_t phrase_count() const { return phrases_.size(); }

  // True when the first three letters of code are a state of the dictionary.
  bool IsCountryCode(std::string_view code) const {
    return code.size() >= 3 && country_codes_.count(code.substr(0, 3)) > 0;
  }

  // Code of an entry on a date: people take the role valid then.
  std::string CodeOn(const ActorEntry& e, const std::optional<Date>& date) const;

 private:
  // `imported`: the phrase comes from an upper-case TABARI file, so case
  // tells nothing; only very short names (UN, EU) are taken as acronyms.
  Status AddPhrase(std::string_view surface, uint32_t entry, PhraseKind kind, std::string code,
                   std::string_view where, bool imported = false);
  uint32_t SectorIndex(const std::string& sector);
  using WordAt = std::function<std::string_view(uint32_t)>;
  std::optional<PhraseMatch> Walk(uint32_t i, uint32_t n, const WordAt& lower,
                                  const WordAt& surface) const;
  uint32_t WordId(std::string_view w) const;  // UINT32_MAX when unknown
  uint32_t InternWord(std::string_view w);

  std::vector<ActorEntry> entries_;
  std::vector<std::string> agent_sectors_;
  std::vector<Phrase> phrases_;
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> words_;
  // Trie: node -> (word id -> child node); node -> phrases ending there.
  std::unordered_map<uint64_t, uint32_t> edges_;
  std::vector<std::vector<uint32_t>> node_phrases_;
  std::unordered_map<std::string, std::string> seen_names_;  // folded phrase+kind -> code
  // Codes of the state entries, kept as entries are added rather than
  // recomputed for every document.
  std::unordered_set<std::string, StringHash, std::equal_to<>> country_codes_;
  std::vector<std::string> warnings_;
};

// Finds and resolves the actor mentions of every sentence of doc (appends to
// doc.mentions, kind kActor). Needs tokens; uses lemmas when present.
void ResolveActors(const ActorDictionary& dict, Document& doc);

}  // namespace dyad
