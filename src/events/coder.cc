// The starter event coder: triggers over lemmas, actors by position and
// prepositions, polarity and modality from cue words in the trigger's clause.
// The parse-based coder of the events issue replaces the actor selection and
// keeps this interface and the explanation fields.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <map>
#include <unordered_set>

#include "dyad/events.h"
#include "dyad/text.h"
#include "dyad/time.h"
#include "events/coder_util.h"

namespace dyad {

namespace {

using WordSet = std::unordered_set<std::string_view>;
using coder::ClauseEnd;
using coder::ClauseStart;
using coder::IsDeterminer;
using coder::IsPreposition;
using coder::IsSubjectGap;
using coder::PoliticallyRelevant;
using coder::TypeAllowsAnyActor;
using coder::LemmaOf;
using Match = coder::PatternMatch;

coder::TriggerCue Cue(const Match& m) {
  return coder::TriggerCue{m.tb, m.te, m.pattern->nominal, m.pattern->nominal_asserted, m.pattern->code};
}

struct Group {
  std::vector<const Mention*> members;
};

class SentenceCoder {
 public:
  SentenceCoder(const PatternDictionary& patterns, const CameoTable& cameo, Document& doc,
                uint32_t si, const CoderOptions& options, const std::vector<const Mention*>& actors,
                const DocumentDates& dates)
      : patterns_(patterns), cameo_(cameo), doc_(doc), si_(si), options_(options), actors_(actors), dates_(dates) {
    const Sentence& s = doc.sentences[si];
    first_ = s.token_begin;
    last_ = s.token_end;
    mention_at_.assign(last_ - first_, -1);
    for (size_t k = 0; k < actors_.size(); ++k)
      for (uint32_t t = actors_[k]->token_begin; t < actors_[k]->token_end; ++t)
        if (t >= first_ && t < last_ && mention_at_[t - first_] < 0) mention_at_[t - first_] = static_cast<int>(k);
    for (uint32_t t = first_; t < last_ && !has_parse_; ++t) has_parse_ = !doc.tokens[t].deprel.empty();
  }
  // Set when the lemmas come from the trained tagger (see MatchFrom).
  void SetGuessedLemmas(const std::vector<std::string>* guessed) { guessed_ = guessed; }

  void Run() {
    const size_t events_before = events_begin_ = doc_.events.size();
    uint32_t i = first_;
    while (i < last_ && !Full()) {
      if (mention_at_[i - first_] >= 0) { ++i; continue; }  // a trigger is not inside an actor name
      std::optional<Match> best = BestMatchAt(i);
      if (!best) { ++i; continue; }
      Emit(*best);
      i = best->te;
    }
    if (!options_.statements_only) CodeReportedObligations();
    DropGenericIntents(events_before);
  }

 private:
  std::optional<Match> BestMatchAt(uint32_t i) {
    auto m = coder::BestMatchAt(patterns_, doc_, first_, last_, i, guessed_);
    if (m && options_.statements_only && m->pattern->code.compare(0, 2, "01") != 0) return std::nullopt;
    return m;
  }
  uint32_t ClauseStart(uint32_t tb) const { return coder::ClauseStart(doc_, first_, tb); }
  uint32_t ClauseEnd(uint32_t te) const { return coder::ClauseEnd(doc_, last_, te); }

  // The mention k plus those coordinated with it ("Iraqi and American officials").
  Group GroupAround(size_t k) const {
    auto [lo, hi] = coder::CoordinatedRange(doc_, actors_, k);
    Group g;
    for (size_t x = lo; x <= hi; ++x) g.members.push_back(actors_[x]);
    return g;
  }

  // A mention preceded by a preposition or a verb is not a subject.
  bool EligibleSubject(const Mention& m) const {
    uint32_t j = m.token_begin;
    for (int back = 0; back < 3 && j > first_; ++back) {
      const Token& prev = doc_.tokens[j - 1];
      if (prev.lower == "the" || prev.lower == "," ) { --j; continue; }
      if (IsPreposition(prev.lower)) return false;
      if (patterns_.ByFirstLemma(LemmaOf(prev)) && !prev.Has(kTokCapitalised)) return false;
      break;
    }
    return true;
  }

  std::optional<size_t> MentionIndexAt(uint32_t tok) const {
    if (tok < first_ || tok >= last_ || mention_at_[tok - first_] < 0) return std::nullopt;
    return static_cast<size_t>(mention_at_[tok - first_]);
  }

  // "Russia said Sudan must return the helicopter": a statement that another
  // actor must act is a demand on it (CAMEO 10), by the one who said it.
  void CodeReportedObligations() {
    static const EventPattern kMust = [] {
      EventPattern p;
      p.id = "coder:reported-obligation";
      p.code = "100";
      p.label = "Demand";
      p.text = "<say-verb> ... X must <verb>";
      p.words = {{"must"}};
      p.target = TargetRule::kObject;
      return p;
    }();
    static const WordSet kSay = {"say", "announce", "conclude", "insist", "state", "declare",
                                 "stress", "tell", "warn", "add", "argue", "write"};
    for (uint32_t j = first_ + 1; j < last_; ++j) {
      if (doc_.tokens[j].lower != "must") continue;
      uint32_t say = last_;
      for (uint32_t k = first_; k < j; ++k)
        if (kSay.count(LemmaOf(doc_.tokens[k])) && !doc_.tokens[k].Has(kTokCapitalised)) say = k;
      if (say == last_) continue;
      // The obliged actor stands right before "must".
      uint32_t b = j;
      while (b > say + 1 && IsSubjectGap(doc_.tokens[b - 1].lower) && doc_.tokens[b - 1].lower != ",") --b;
      auto obliged = MentionIndexAt(b - 1);
      if (!obliged) continue;
      Match sm{&kMust, say, say + 1, 1};
      auto sayer = FindSource(sm, ClauseStart(say));
      if (!sayer) continue;
      Group target = GroupAround(*obliged);
      Event proto;
      proto.sentence = si_;
      proto.cameo = kMust.code;
      if (const CameoInfo* info = cameo_.Find(proto.cameo)) {
        proto.plover = info->plover;
        proto.plover_mode = info->plover_mode;
        proto.quad_class = info->quad_class;
        proto.goldstein = info->goldstein;
      }
      Match mm{&kMust, j, j + 1, 1};
      proto.trigger = doc_.tokens[j].span;
      proto.pattern_id = kMust.id;
      proto.pattern_text = "100 Demand [rule]: " + kMust.text;
      MarkModality(mm, ClauseStart(say), proto);
      if (proto.modality == Modality::kReported) proto.modality = Modality::kActual;
      if (!options_.keep_all && !proto.asserted_actual()) continue;
      Date(mm, proto);
      for (const Mention* a : sayer->members)
        for (const Mention* t : target.members) {
          if (a->code == t->code) continue;
          Event e = proto;
          e.source = ToActor(doc_, *a);
          e.target = ToActor(doc_, *t);
          e.confidence = 0.5;
          if (!Full()) doc_.events.push_back(std::move(e));
        }
    }
  }

  // "France agreed to pull out its forces" gives the generic intent of "agreed
  // to" (030) and the specific one of "pull out" (0356); "refused to deploy
  // peacekeepers" a generic rejection (120) and a specific one (122): keep
  // the specific one of each stance.
  void DropGenericIntents(size_t first_event) {
    auto& ev = doc_.events;
    std::vector<bool> drop(ev.size(), false);
    for (size_t a = first_event; a < ev.size(); ++a) {
      const std::string& c = ev[a].cameo;
      if (c != "030" && c != "120" && c != "130") continue;
      for (size_t b = first_event; b < ev.size(); ++b)
        if (b != a && ev[b].cameo.compare(0, 2, c, 0, 2) == 0 && ev[b].cameo != c &&
            ev[b].source.code == ev[a].source.code)
          drop[a] = true;
    }
    size_t out = first_event;
    for (size_t a = first_event; a < ev.size(); ++a) {
      if (drop[a]) continue;
      if (out != a) ev[out] = std::move(ev[a]);
      ++out;
    }
    ev.resize(out);
  }

  // "talks were held", "Iraq was attacked by": a form of "be" before a
  // participle. The subject is then the patient, the agent a "by"-phrase.
  bool IsPassive(const Match& m) const {
    if (m.pattern->nominal) return false;
    const Token& t = doc_.tokens[m.tb];
    if (t.lower == LemmaOf(t) || t.lower.ends_with("ing") ||
        (t.lower.ends_with("s") && !t.lower.ends_with("ss")))
      return false;
    static const WordSet be = {"is", "are", "was", "were", "be", "been", "being", "'re"};
    static const WordSet adverbs = {"also", "reportedly", "not", "n't", "strongly", "officially",
                                    "already", "recently", "jointly", "repeatedly", "formally", "never"};
    for (uint32_t j = m.tb; j > first_ && m.tb - j < 4; --j) {
      const std::string& w = doc_.tokens[j - 1].lower;
      if (be.count(w)) return true;
      if (!adverbs.count(w)) break;
    }
    return false;
  }

  std::optional<Group> ByAgent(const Match& m, uint32_t clause_end) const {
    for (size_t k = 0; k < actors_.size(); ++k) {
      const Mention* a = actors_[k];
      if (a->token_begin <= m.te || a->token_begin >= clause_end) continue;
      uint32_t b = a->token_begin - 1;
      if (doc_.tokens[b].lower == "the" && b > m.te) --b;
      if (doc_.tokens[b].lower == "by") return GroupAround(k);
    }
    return std::nullopt;
  }

  // ---- Dependency frames (when the parser stage ran) ----------------------

  uint32_t HeadOf(uint32_t t) const {  // absolute index of t's head; UINT32_MAX for the root
    int32_t h = doc_.tokens[t].head;
    return h < 0 ? UINT32_MAX : first_ + static_cast<uint32_t>(h);
  }
  std::string_view Rel(uint32_t t) const {  // universal part of the relation
    std::string_view r = doc_.tokens[t].deprel;
    return r.substr(0, r.find(':'));
  }
  // The mention's head: its token whose head lies outside it.
  uint32_t MentionHead(const Mention& a) const {
    for (uint32_t t = a.token_begin; t < a.token_end; ++t) {
      uint32_t h = HeadOf(t);
      if (h == UINT32_MAX || h < a.token_begin || h >= a.token_end) return t;
    }
    return a.token_end - 1;
  }
  // The preposition a nominal depends through ("with" in "talks with Iraq").
  std::string CaseOf(uint32_t t) const {
    for (uint32_t c = first_; c < last_; ++c)
      if (HeadOf(c) == t && Rel(c) == "case") return doc_.tokens[c].lower;
    return "";
  }
  // Actor mentions whose head depends on `gov` with one of `rels`.
  std::optional<Group> Dependents(uint32_t gov, std::initializer_list<std::string_view> rels,
                                  const std::vector<std::string>* preps = nullptr) const {
    for (size_t k = 0; k < actors_.size(); ++k) {
      uint32_t h = MentionHead(*actors_[k]);
      if (HeadOf(h) != gov) continue;
      std::string_view rel = Rel(h);
      std::string_view full = doc_.tokens[h].deprel;
      bool wanted = false;
      for (std::string_view r : rels) wanted = wanted || rel == r || full == r;
      if (!wanted) continue;
      if (preps && rel != "obj" && rel != "iobj") {
        std::string c = CaseOf(h);
        if (std::find(preps->begin(), preps->end(), c) == preps->end()) continue;
      }
      return GroupAround(k);
    }
    return std::nullopt;
  }
  bool HasChild(uint32_t t, std::string_view rel, std::initializer_list<std::string_view> words) const {
    for (uint32_t c = first_; c < last_; ++c)
      if (HeadOf(c) == t && Rel(c) == rel)
        for (std::string_view w : words)
          if (doc_.tokens[c].lower == w) return true;
    return false;
  }
  static bool Overlaps(const Group& g, const Group& source) {
    for (const Mention* a : g.members)
      for (const Mention* b : source.members)
        if (a->span == b->span) return true;
    return false;
  }
  // A threat is aimed at whoever its condition names: "Russia threatened to
  // stop the talks if the United States deploys the missiles" targets the US.
  std::optional<Group> ConditionTarget(const Match& m, const Group& source) const {
    if (!has_parse_) return std::nullopt;
    // The condition may hang on the trigger, on the verbs it is the
    // complement of ("threatened to [stop] ... if") or on its own complements
    // ("threatened to [stop] talks to reduce weapons if").
    std::vector<uint32_t> verbs;
    for (uint32_t v = TriggerVerb(m); v != UINT32_MAX && verbs.size() < 3; v = HeadOf(v)) {
      verbs.push_back(v);
      std::string_view rel = Rel(v);
      if (rel != "xcomp" && rel != "conj") break;
    }
    auto attached = [&](uint32_t h) {
      for (int up = 0; up < 3 && h != UINT32_MAX; ++up) {
        if (std::find(verbs.begin(), verbs.end(), h) != verbs.end()) return true;
        if (Rel(h) != "xcomp" && Rel(h) != "advcl") return false;  // "to reduce" read either way
        h = HeadOf(h);
      }
      return false;
    };
    for (uint32_t c = first_; c < last_; ++c) {
      if (Rel(c) != "advcl" || !attached(HeadOf(c))) continue;
      if (!HasChild(c, "mark", {"if", "unless"})) continue;
      if (auto g = Dependents(c, {"nsubj"}); g && !Overlaps(*g, source)) return g;
    }
    return std::nullopt;
  }
  // The verb a trigger stands for: its first word, or for "issue a
  // statement" still the verb.
  uint32_t TriggerVerb(const Match& m) const { return m.tb; }

  // The subject of the trigger's verb, climbing through "agreed to [pull out]"
  // (xcomp) and "attacked and [killed]" (conj).
  std::optional<Group> DepSubject(uint32_t v) const {
    for (int up = 0; up < 4 && v != UINT32_MAX; ++up) {
      if (auto g = Dependents(v, {"nsubj"})) return g;
      std::string_view rel = Rel(v);
      if (rel != "xcomp" && rel != "conj") break;
      v = HeadOf(v);
    }
    return std::nullopt;
  }

  std::optional<Group> FindSource(const Match& m, uint32_t clause_start) const {
    if (has_parse_ && !m.pattern->nominal) {
      if (auto g = DepSubject(TriggerVerb(m))) return g;
    }
    // 1. Directly before the trigger: "Iraq strongly demanded", "the Pentagon statement".
    uint32_t j = m.tb;
    while (j > clause_start) {
      const Token& prev = doc_.tokens[j - 1];
      if (auto k = MentionIndexAt(j - 1)) return GroupAround(*k);
      // "Iran's foreign minister, who said": the relative pronoun's antecedent.
      if ((prev.lower == "who" || prev.lower == "which") && j - 1 > first_) {
        uint32_t a = j - 2;
        if (doc_.tokens[a].lower == "," && a > first_) --a;
        if (auto k = MentionIndexAt(a)) return GroupAround(*k);
        break;
      }
      if (IsSubjectGap(prev.lower) || (m.pattern->nominal && (prev.lower == "'s" || prev.lower == "'"))) {
        --j;
        continue;
      }
      break;
    }
    if (m.pattern->nominal) {
      // 2. "the statement of the Iraqi government", "an attack by rebels".
      uint32_t n = m.te;
      if (n < last_ && (doc_.tokens[n].lower == "of" || doc_.tokens[n].lower == "by")) {
        uint32_t a = n + 1;
        while (a < last_ && (doc_.tokens[a].lower == "the")) ++a;
        if (auto k = MentionIndexAt(a)) return GroupAround(*k);
      }
    }
    // 3. The clause's subject: its leftmost actor not inside a prepositional phrase.
    for (size_t k = 0; k < actors_.size(); ++k) {
      const Mention* a = actors_[k];
      if (a->token_begin < clause_start || a->token_end > m.tb) continue;
      if (EligibleSubject(*a)) return GroupAround(k);
    }
    return std::nullopt;
  }

  std::optional<Group> FindTarget(const Match& m, uint32_t clause_end, const Group& source) const {
    if (m.pattern->target == TargetRule::kNone) return std::nullopt;
    if (has_parse_) {
      // Objects of the verb, or of any word of the trigger ("held talks
      // with X": X hangs on "talks"); prepositional ones through the
      // pattern's prepositions, or the usual ones for an object rule.
      static const std::vector<std::string> kObjectPreps = {"with", "to", "against", "on", "at", "from", "into", "for", "toward", "towards"};
      const std::vector<std::string>* preps =
          m.pattern->target == TargetRule::kPrep ? &m.pattern->target_preps : &kObjectPreps;
      for (uint32_t t = m.tb; t < m.te; ++t) {
        std::optional<Group> g = m.pattern->target == TargetRule::kPrep
                                     ? Dependents(t, {"obl", "nmod"}, preps)
                                     : Dependents(t, {"obj", "iobj", "obl", "nmod"}, preps);
        if (g && !Overlaps(*g, source)) return g;
      }
      // "demanded that the US cancel the sale": the subject of the
      // complement clause is who is asked (demands, appeals, accusations).
      // A nominal trigger takes the clause as a complement too: "its demand
      // that Israel ease restrictions".
      if (m.pattern->code.substr(0, 2) != "01") {
        for (uint32_t c = first_; c < last_; ++c) {
          if (HeadOf(c) != TriggerVerb(m)) continue;
          bool complement = Rel(c) == "ccomp" || (m.pattern->nominal && doc_.tokens[c].deprel == "acl" &&
                                                  HasChild(c, "mark", {"that"}));
          if (!complement) continue;
          if (auto g = Dependents(c, {"nsubj"}); g && !Overlaps(*g, source)) return g;
        }
      }
    }
    if (has_parse_ && m.pattern->target != TargetRule::kPrep) {
      // The object is a thing of the actor's: "shelled positions of the
      // Palestinian security forces", "attacked the headquarters of the party".
      static const std::vector<std::string> kOf = {"of"};
      for (uint32_t t = m.tb; t < m.te; ++t)
        for (uint32_t o = first_; o < last_; ++o) {
          if (HeadOf(o) != t || Rel(o) != "obj" || MentionIndexAt(o)) continue;
          if (auto g = Dependents(o, {"nmod"}, &kOf); g && !Overlaps(*g, source)) return g;
        }
    }
    auto in_source = [&](const Mention* x) {
      for (const Mention* s : source.members)
        if (s == x || s->span == x->span) return true;
      return false;
    };
    for (size_t k = 0; k < actors_.size(); ++k) {
      const Mention* a = actors_[k];
      // Actors in a pattern's gap count: "give Tanzania a grant".
      if (a->token_begin <= m.tb || a->token_begin >= clause_end) continue;
      if (in_source(a)) continue;
      // "shelled a village near Baghdad": the place's country, not its government.
      if (m.pattern->target != TargetRule::kPrep && a->detail == "place" && !a->country.empty() &&
          InLocativePhrase(*a, m.te))
        return AsPlace(*a);
      if (m.pattern->target == TargetRule::kPrep) {
        // The preposition introduces the actor: "with (the) Iraqi officials".
        // "to war-torn Mozambique": a determiner and up to two modifiers may
        // stand between them.
        uint32_t b = a->token_begin;
        for (int skip = 0; skip < 3 && b > m.tb + 1; ++skip) {
          const Token& w = doc_.tokens[b - 1];
          bool modifier = w.lower == "the" || (w.Has(kTokWord) && !w.Has(kTokCapitalised) &&
                                               !IsPreposition(w.lower) && w.lower != "and");
          if (!modifier) break;
          --b;
        }
        bool found = b > m.tb + 1;  // else the actor follows the trigger with no preposition
        if (found) {
          const std::string& w = doc_.tokens[b - 1].lower;
          found = std::find(m.pattern->target_preps.begin(), m.pattern->target_preps.end(), w) !=
                  m.pattern->target_preps.end();
        }
        if (!found) continue;
      }
      return GroupAround(k);
    }
    return std::nullopt;
  }

  // "near Baghdad", "in northern Israel".
  bool InLocativePhrase(const Mention& a, uint32_t after) const {
    static const WordSet kWhere = {"in", "near", "inside", "outside", "across", "throughout"};
    for (uint32_t b = a.token_begin; b > after && a.token_begin - b < 3; --b) {
      const Token& w = doc_.tokens[b - 1];
      if (kWhere.count(w.lower)) return true;
      if (w.lower != "the" && w.lower != "northern" && w.lower != "southern" && w.lower != "eastern" &&
          w.lower != "western" && w.lower != "central")
        return false;
    }
    return false;
  }

  // The place stands for its country, not its government.
  Group AsPlace(const Mention& a) const {
    Mention place = a;
    place.code = place.country;
    place.sector.clear();
    place.entry += " (as the place of the event)";
    places_.push_back(std::move(place));
    Group g;
    g.members.push_back(&places_.back());
    return g;
  }

  // Material events with no actor as target take the country where they
  // happen, as CAMEO coders do: "prisoners rioted at a jail in northern
  // Israel", "suspended aid deliveries in Baghdad".
  std::optional<Group> PlaceTarget(const Match& m, uint32_t clause_end, const Group& source) const {
    const CameoInfo* info = cameo_.Find(m.pattern->code);
    const std::string root = m.pattern->code.substr(0, 2);
    bool material = (info && (info->quad_class == 2 || info->quad_class == 4)) || root == "14";
    if (!material) return std::nullopt;
    static const WordSet kLocative = {"in", "into", "at", "near", "inside", "across", "throughout"};
    for (size_t k = 0; k < actors_.size(); ++k) {
      const Mention* a = actors_[k];
      if (a->token_begin <= m.tb || a->token_begin >= clause_end || a->country.empty()) continue;
      // A country, capital or place name, or a bare adjective ("into the north
      // Lebanese port"); not a composed actor ("the French embassy").
      if (a->detail != "place" && !a->sector.empty()) continue;
      bool same = false;
      for (const Mention* x : source.members) same = same || x->country == a->country;
      if (same) continue;
      // A locative preposition within three words before it ("in northern Israel").
      for (uint32_t b = a->token_begin; b > m.te && a->token_begin - b < 3; --b) {
        if (kLocative.count(doc_.tokens[b - 1].lower)) {
          return AsPlace(*a);
        }
      }
    }
    return std::nullopt;
  }

  bool MarkModality(const Match& m, uint32_t clause_start, Event& e) const {
    return coder::MarkModality(doc_, first_, last_, Cue(m), clause_start, e);
  }

  // "Finland will give Tanzania a grant" is an intent to provide aid (033),
  // "Iran threatened to launch an offensive" a threat (138), "Pakistan refused
  // to deploy peacekeepers" a rejection (12x): the stance is what happened.
  void ApplyStance(const Match& m, uint32_t clause_start, Event& e) const {
    if (e.modality == Modality::kQuestion) return;
    const std::string root = m.pattern->code.substr(0, 2);
    if (root == "03" || root == "12" || root == "13") return;  // already a stance
    coder::StanceCues cues = coder::FindStance(doc_, first_, Cue(m), clause_start);
    std::string code, cue;
    if (e.polarity == Polarity::kNegated && !cues.refusal.empty()) {
      code = cameo_.Transform(m.pattern->code, CameoTable::Stance::kRefusal);
      if (code.empty()) code = "120";
      cue = "refusal: " + cues.refusal;
    } else if (e.polarity == Polarity::kAsserted && !cues.threat.empty()) {
      code = cameo_.Transform(m.pattern->code, CameoTable::Stance::kThreat);
      if (code.empty()) code = "130";
      cue = "threat: " + cues.threat;
    } else if (e.polarity == Polarity::kAsserted && !cues.intent.empty() &&
               (e.modality == Modality::kFuture || e.modality == Modality::kHypothetical ||
                e.modality == Modality::kActual)) {
      if (e.modality == Modality::kHypothetical && cues.intent != "would") return;  // "if ... will"
      const CameoInfo* info = cameo_.Find(m.pattern->code);
      bool conflict = info && info->quad_class >= 3;
      code = cameo_.Transform(m.pattern->code, conflict ? CameoTable::Stance::kThreat : CameoTable::Stance::kIntent);
      if (code.empty()) return;
      cue = (conflict ? "threat: " : "intent: ") + cues.intent;
    }
    if (code.empty()) return;
    const CameoInfo* info = cameo_.Find(code);
    if (!info) return;
    e.pattern_text += fmt::format(" => {} {} ({})", code, info->name, cue);
    e.cameo = code;
    e.plover = info->plover;
    e.plover_mode = info->plover_mode;
    e.quad_class = info->quad_class;
    e.goldstein = info->goldstein;
    e.polarity = Polarity::kAsserted;
    e.modality = Modality::kActual;
    e.modality_cue = cue;
  }

  void Date(const Match& m, Event& e) const {
    coder::DateEvent(dates_, si_, m.tb, e);
  }

  static EventActor ToActor(const Document& doc, const Mention& m) { return coder::ToEventActor(doc, m); }

  void Emit(const Match& m) {
    uint32_t cs = ClauseStart(m.tb);
    uint32_t ce = ClauseEnd(m.te);
    Event proto;
    proto.sentence = si_;
    proto.cameo = m.pattern->code;
    if (const CameoInfo* info = cameo_.Find(proto.cameo)) {
      proto.plover = info->plover;
      proto.plover_mode = info->plover_mode;
      proto.quad_class = info->quad_class;
      proto.goldstein = info->goldstein;
    }
    proto.trigger = {doc_.tokens[m.tb].span.begin, doc_.tokens[m.te - 1].span.end};
    proto.pattern_id = m.pattern->id;
    proto.pattern_text = fmt::format("{} {} [{}]: {}", m.pattern->code, m.pattern->label,
                                     m.pattern->nominal ? "noun" : "verb", m.pattern->text);
    bool occurs = MarkModality(m, cs, proto);
    ApplyStance(m, cs, proto);
    if (!options_.keep_all && !proto.asserted_actual()) return;
    Date(m, proto);
    // "the Pentagon statement", with no date and no verb of occurrence, points
    // back at an event told elsewhere; coding it again would double it.
    if (m.pattern->nominal && !occurs && proto.date.empty() && !options_.keep_all) return;

    // "talks between X and Y": the actors after "between" are the parties.
    std::optional<Group> source, target;
    if (m.pattern->nominal && m.te < last_ && doc_.tokens[m.te].lower == "between") {
      for (size_t k = 0; k < actors_.size(); ++k)
        if (actors_[k]->token_begin > m.te && actors_[k]->token_begin < ce) {
          source = GroupAround(k);
          break;
        }
    }
    if (!source && IsPassive(m)) {
      // The grammatical subject is the patient; an agentless passive ("have
      // been emphasized") has no source to code.
      source = ByAgent(m, ce);
      if (!source) return;
      target = FindSource(m, cs);
      if (target && target->members.front()->span == source->members.front()->span) target.reset();
    } else {
      if (!source) source = FindSource(m, cs);
      if (!source) return;  // no actor: nothing to code
      target = FindTarget(m, ce, *source);
      if (!target && proto.cameo.compare(0, 2, "13") == 0) target = ConditionTarget(m, *source);
      if (!target) target = PlaceTarget(m, ce, *source);
    }

    std::vector<std::pair<const Mention*, const Mention*>> pairs;
    if (m.pattern->symmetric && !target && source->members.size() >= 2) {
      for (const Mention* a : source->members)
        for (const Mention* b : source->members)
          if (a != b && a->code != b->code && a->country != b->country && pairs.size() < kMaxEventsPerSentence)
            pairs.emplace_back(a, b);
    } else if (target) {
      for (const Mention* a : source->members)
        for (const Mention* b : target->members) {
          if (a->code == b->code || pairs.size() >= kMaxEventsPerSentence) continue;
          pairs.emplace_back(a, b);
          if (m.pattern->symmetric) pairs.emplace_back(b, a);
        }
    }
    if (pairs.empty()) {
      // No target, or only the source itself ("Turkey imposed a curfew in
      // Cizre", a Turkish town): the event stands without a target.
      for (const Mention* a : source->members) pairs.emplace_back(a, nullptr);
    }
    double confidence = 0.5 + 0.1 * std::min(m.words - 1, 2) + (pairs.front().second ? 0.1 : 0.0) -
                        (e_date_carried(proto) ? 0.1 : 0.0);
    for (const auto& [a, b] : pairs) {
      // Relevance (issue 11): a politically relevant actor on one side, or a
      // type that allows any actor; statements need a relevant speaker.
      if (!PoliticallyRelevant(*a) && !(b && PoliticallyRelevant(*b)) && !TypeAllowsAnyActor(proto.plover)) continue;
      Event e = proto;
      e.source = ToActor(doc_, *a);
      if (b) e.target = ToActor(doc_, *b);
      e.confidence = std::clamp(confidence - (a->resolved_by_reference ? 0.1 : 0.0), 0.1, 0.95);
      if (!Full()) doc_.events.push_back(std::move(e));
    }
  }

  // The cap on events per sentence (dyad/events.h): a sentence piece of
  // "X and Y accused Z and ..." cannot multiply actors into thousands of events.
  bool Full() const { return doc_.events.size() - events_begin_ >= kMaxEventsPerSentence; }

  static bool e_date_carried(const Event& e) { return e.date_rule.rfind("sentence:", 0) != 0; }

  const PatternDictionary& patterns_;
  const CameoTable& cameo_;
  Document& doc_;
  size_t events_begin_ = 0;  // this sentence's first event in doc_.events
  uint32_t si_;
  const CoderOptions& options_;
  const std::vector<const Mention*>& actors_;
  const DocumentDates& dates_;
  uint32_t first_ = 0, last_ = 0;
  std::vector<int> mention_at_;
  bool has_parse_ = false;
  mutable std::deque<Mention> places_;  // targets made from places; stable addresses
  const std::vector<std::string>* guessed_ = nullptr;  // per document token, or null
};

}  // namespace

void CodeEvents(const PatternDictionary& patterns, const CameoTable& cameo, Document& doc,
                const CoderOptions& options) {
  // Events are appended to doc.events; mentions are not touched, so the
  // pointers of the context stay valid.
  coder::SentenceContext ctx = coder::BuildSentenceContext(doc);
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    SentenceCoder coder(patterns, cameo, doc, si, options, ctx.actors[si], *ctx.dates);
    if (!ctx.guessed.empty()) coder.SetGuessedLemmas(&ctx.guessed);
    const size_t before = doc.events.size();
    coder.Run();
    if (doc.events.size() - before >= kMaxEventsPerSentence)
      doc.Note(Severity::kWarning, "events", "event-cap", Span{},
               fmt::format("sentence {}: coding stopped at {} events (the most one sentence may give)", si,
                           kMaxEventsPerSentence));
  }
}

std::vector<DedupedEvent> DeduplicateEvents(const std::vector<const Document*>& docs,
                                            bool asserted_only) {
  std::vector<DedupedEvent> out;
  std::map<std::string, size_t> index;
  std::map<std::string, std::unordered_set<std::string>> sources;
  for (const Document* d : docs) {
    for (const Event& e : d->events) {
      if (asserted_only && !e.asserted_actual()) continue;
      std::string key = fmt::format("{}|{}|{}|{}|{}|{}", e.date, e.source.code, e.target.code,
                                    e.cameo, ToString(e.polarity), ToString(e.modality));
      // Undated events of different articles may be days apart: not merged.
      if (e.date.empty()) key += "|" + d->id;
      auto [it, fresh] = index.emplace(key, out.size());
      if (fresh) out.push_back(DedupedEvent{e, {}, 0});
      DedupedEvent& de = out[it->second];
      de.mentions.push_back(EventMention{d->id, e.sentence, e.trigger, e.pattern_id});
      if (sources[key].insert(d->id).second) ++de.num_sources;
      de.event.confidence = std::max(de.event.confidence, e.confidence);
    }
  }
  return out;
}

}  // namespace dyad
