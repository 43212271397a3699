// Candidates and features of the learned event coder (model.h).
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "eventml/model.h"

namespace dyad::eventml {

namespace {

// Feature templates. Their names are only built for explanations.
enum Tmpl : uint32_t {
  kBias = 1, kLemma, kUpos, kLemmaUpos, kParticle, kObj, kLemmaObj, kObjLex, kXcomp, kLemmaXcomp,
  kGov, kRel, kRelGov, kLemmaRel, kGovLex, kPrep, kLemmaPrep, kOwnCase, kPassive, kLemmaPassive, kNeg, kAux,
  kMark, kWordNet, kWordNetPrt, kCluster, kPattern, kPatternCode, kPatternLemma, kPolarity, kModality, kStance,
  kStancePattern, kStanceLemma, kSubj, kSubjLemma, kSubjLex, kObjActor, kOblActor, kActors, kPolitical,
  kLemmaSubj, kPrev, kNext, kCapital, kOccurs, kGovCand, kWordNetGovLex, kNominal, kSubjWordNet,
  kRoleNone = 100, kRolePath, kRoleChild, kRoleDir, kRoleDist, kRoleSector, kRolePlace, kRoleCase, kRoleTypePath,
  kRoleTypeDir, kRoleTypeCase, kRoleTypeSector, kRoleNominalPath, kRolePassivePath, kRoleNearest, kRoleCoord,
  kRolePatternPrep, kRoleNoneType, kRoleNoneSubj, kRoleNoneActors, kRoleNonePassive, kRoleTypeChild, kRolePoss,
  kRoleBetween, kRoleFirst,
};

std::string_view TmplName(uint32_t t) {
  static const std::unordered_map<uint32_t, std::string_view> names = {
      {kBias, "bias"}, {kLemma, "lemma"}, {kUpos, "upos"}, {kLemmaUpos, "lemma+upos"}, {kParticle, "particle"},
      {kObj, "obj"}, {kLemmaObj, "lemma+obj"}, {kObjLex, "obj-lexname"}, {kXcomp, "xcomp"},
      {kLemmaXcomp, "lemma+xcomp"}, {kGov, "governor"}, {kRel, "deprel"}, {kRelGov, "deprel+governor"},
      {kLemmaRel, "lemma+deprel"}, {kGovLex, "governor-lexname"}, {kPrep, "prep"}, {kLemmaPrep, "lemma+prep"},
      {kOwnCase, "own-case"}, {kPassive, "passive"}, {kLemmaPassive, "lemma+passive"}, {kNeg, "negation"},
      {kAux, "aux"}, {kMark, "mark"}, {kWordNet, "wordnet"}, {kWordNetPrt, "wordnet(particle verb)"},
      {kCluster, "cluster"}, {kPattern, "pattern-type"}, {kPatternCode, "pattern-code"},
      {kPatternLemma, "pattern+lemma"}, {kPolarity, "polarity"}, {kModality, "modality"}, {kStance, "stance"},
      {kStancePattern, "stance+pattern"}, {kStanceLemma, "stance+lemma"}, {kSubj, "subject"},
      {kSubjLemma, "subject-lemma"}, {kSubjLex, "subject-lexname"}, {kObjActor, "object-actor"},
      {kOblActor, "oblique-actor"}, {kActors, "actors"}, {kPolitical, "political-actor"},
      {kLemmaSubj, "lemma+subject"}, {kPrev, "prev"}, {kNext, "next"}, {kCapital, "capitalised"},
      {kOccurs, "occurrence-verb"}, {kGovCand, "governor-pattern"}, {kWordNetGovLex, "governor-wordnet"},
      {kNominal, "nominal"}, {kSubjWordNet, "subject-wordnet"}};
  auto it = names.find(t);
  return it == names.end() ? std::string_view("role") : it->second;
}

std::string_view SectorOf(const Mention& m) {
  if (!m.sector.empty()) return m.sector;
  if (m.code.rfind("IGO", 0) == 0) return "IGO";
  if (m.detail == "place") return "place";
  return m.country.empty() ? "unknown" : "state";
}

}  // namespace

bool PoliticallyRelevant(const Mention& m) { return coder::PoliticallyRelevant(m); }

int TypeIndex(std::string_view type) {
  for (int i = 1; i < kNumTypes; ++i)
    if (kTypes[i] == type) return i;
  return 0;
}

void FeatureSink::Add(uint32_t tmpl, std::string_view v) {
  keys.push_back(ml::F(tmpl, ml::HashStr(v)));
  if (names) names->push_back(fmt::format("{}={}", TmplName(tmpl), v));
}
void FeatureSink::Add(uint32_t tmpl, std::string_view a, std::string_view b) {
  keys.push_back(ml::F(tmpl, ml::HashStr(a), ml::HashStr(b)));
  if (names) names->push_back(fmt::format("{}={}|{}", TmplName(tmpl), a, b));
}
void FeatureSink::AddInt(uint32_t tmpl, uint64_t v) {
  keys.push_back(ml::F(tmpl, v + 0x51ED));
  if (names) names->push_back(fmt::format("{}={}", TmplName(tmpl), v));
}

SentenceView::SentenceView(const Document& d, uint32_t sentence, const std::vector<const Mention*>& sentence_actors,
                           const std::vector<std::string>* guessed_lemmas)
    : doc(&d), si(sentence), actors(sentence_actors), guessed(guessed_lemmas) {
  const Sentence& s = d.sentences[sentence];
  first = s.token_begin;
  last = s.token_end;
  mention_at.assign(last - first, -1);
  children.assign(last - first, {});
  for (size_t k = 0; k < actors.size(); ++k)
    for (uint32_t t = actors[k]->token_begin; t < actors[k]->token_end; ++t)
      if (t >= first && t < last && mention_at[t - first] < 0) mention_at[t - first] = static_cast<int>(k);
  for (uint32_t t = first; t < last; ++t) {
    parsed = parsed || !d.tokens[t].deprel.empty();
    uint32_t h = Head(t);
    if (h != UINT32_MAX && h >= first && h < last) children[h - first].push_back(t);
  }
}

uint32_t SentenceView::Head(uint32_t abs) const {
  int32_t h = doc->tokens[abs].head;
  if (h < 0 || first + static_cast<uint32_t>(h) >= last) return UINT32_MAX;
  return first + static_cast<uint32_t>(h);
}

std::string_view SentenceView::Rel(uint32_t abs) const {
  std::string_view r = doc->tokens[abs].deprel;
  return r.substr(0, r.find(':'));
}

uint32_t SentenceView::MentionHead(const Mention& m) const {
  for (uint32_t t = m.token_begin; t < m.token_end; ++t) {
    uint32_t h = Head(t);
    if (h == UINT32_MAX || h < m.token_begin || h >= m.token_end) return t;
  }
  return m.token_end - 1;
}

uint32_t SentenceView::Child(uint32_t abs, std::initializer_list<std::string_view> rels) const {
  for (uint32_t c : Children(abs)) {
    std::string_view full = doc->tokens[c].deprel;
    for (std::string_view r : rels)
      if (full == r || Rel(c) == r) return c;
  }
  return UINT32_MAX;
}

std::string SentenceView::CaseOf(uint32_t abs) const {
  for (uint32_t c : Children(abs))
    if (Rel(c) == "case") return doc->tokens[c].lower;
  return "";
}

std::string_view Features::Lemma(const SentenceView& s, uint32_t t) const {
  const Token& tok = s.tok(t);
  return coder::LemmaOf(tok);
}

std::string Features::PatternType(const coder::PatternMatch& m) const {
  const CameoInfo* info = cameo_ ? cameo_->Find(m.pattern->code) : nullptr;
  return info ? info->plover : "";
}

uint32_t Features::Subject(const SentenceView& s, uint32_t v) {
  for (int up = 0; up < 4 && v != UINT32_MAX; ++up) {
    uint32_t subj = s.Child(v, {"nsubj", "nsubj:pass", "csubj"});
    if (subj != UINT32_MAX) return subj;
    std::string_view rel = s.Rel(v);
    if (rel != "xcomp" && rel != "conj" && rel != "acl") break;
    v = s.Head(v);
  }
  return UINT32_MAX;
}

Candidate Features::MakeCandidate(const SentenceView& s, const PatternDictionary& patterns, uint32_t tok) const {
  Candidate c;
  c.tok = c.tb = tok;
  c.te = tok + 1;
  const Token& t = s.tok(tok);
  c.nominal = t.upos == "NOUN" || t.upos == "PROPN";
  c.match = coder::BestMatchAt(patterns, *s.doc, s.first, s.last, tok, s.guessed);
  if (c.match) {
    c.te = c.match->te;
    c.nominal = c.match->pattern->nominal;
  } else if (uint32_t prt = s.Child(tok, {"compound:prt"}); prt != UINT32_MAX && prt == tok + 1) {
    c.te = prt + 1;
  }
  return c;
}

std::vector<Candidate> Features::Candidates(const SentenceView& s, const PatternDictionary& patterns) const {
  std::vector<Candidate> out;
  uint32_t covered = s.first;  // tokens before this belong to an earlier pattern's trigger
  for (uint32_t i = s.first; i < s.last; ++i) {
    if (i < covered || s.MentionAt(i) >= 0) continue;
    const Token& t = s.tok(i);
    bool cand = t.upos == "VERB";
    if (!cand && t.upos == "NOUN" && lexicon_) {
      size_t n = 0;
      const uint32_t* cls = lexicon_->Find('n', coder::LemmaOf(t), &n);
      for (size_t k = 0; k < n && !cand; ++k) {
        auto kind = SemanticLexicon::KindOf(cls[k]);
        uint32_t v = SemanticLexicon::ValueOf(cls[k]);
        cand = (kind == SemanticLexicon::kLexname1 || kind == SemanticLexicon::kLexname2) &&
               (v == SemanticLexicon::kNounAct || v == SemanticLexicon::kNounEvent ||
                v == SemanticLexicon::kNounCommunication);
      }
    }
    auto match = coder::BestMatchAt(patterns, *s.doc, s.first, s.last, i, s.guessed);
    if (!cand && !match) continue;
    Candidate c;
    c.tok = c.tb = i;
    c.te = i + 1;
    c.nominal = t.upos != "VERB" && t.upos != "AUX";
    if (match) {
      c.match = match;
      c.te = match->te;
      c.nominal = match->pattern->nominal;
      covered = match->te;
    } else if (uint32_t prt = s.Child(i, {"compound:prt"}); prt == i + 1) {
      c.te = prt + 1;
    }
    out.push_back(std::move(c));
  }
  return out;
}

void Features::SemanticClasses(uint32_t tmpl, char pos, std::string_view lemma, FeatureSink& out, bool all) const {
  if (!lexicon_) return;
  size_t n = 0;
  const uint32_t* cls = lexicon_->Find(pos, lemma, &n);
  if (!cls) {
    out.Add(tmpl, "unknown");
    return;
  }
  for (size_t k = 0; k < n; ++k) {
    auto kind = SemanticLexicon::KindOf(cls[k]);
    if (!all && kind != SemanticLexicon::kLexname1) continue;
    if (out.names) {
      uint32_t v = SemanticLexicon::ValueOf(cls[k]);
      bool lex = kind == SemanticLexicon::kLexname1 || kind == SemanticLexicon::kLexname2;
      out.keys.push_back(ml::F(tmpl, cls[k]));
      out.names->push_back(fmt::format("{}={}{}", TmplName(tmpl), lex ? SemanticLexicon::LexnameName(v) : "synset:",
                                       lex ? "" : fmt::format("{}{:08d}/{}", (v >> 27) ? "v" : "n", v & ((1u << 27) - 1),
                                                              kind == SemanticLexicon::kSynset1 ? 1 : 2)));
    } else {
      out.keys.push_back(ml::F(tmpl, cls[k]));
    }
  }
}

void Features::ClusterFeatures(uint32_t tmpl, std::string_view lower, FeatureSink& out) const {
  if (!clusters_ || clusters_->empty()) return;
  uint32_t info = clusters_->Info(ml::HashStr(ml::ClusterWordKey(lower)));
  for (int bits : {4, 8, 12}) {
    out.keys.push_back(ml::F(tmpl, clusters_->Prefix(info, bits)));
    if (out.names) out.names->push_back(fmt::format("{}{}={:x}", TmplName(tmpl), bits, clusters_->Prefix(info, bits)));
  }
}

void Features::TypeFeatures(const SentenceView& s, const Candidate& c, FeatureSink& out) const {
  const Document& doc = *s.doc;
  const uint32_t i = c.tok;
  const Token& t = s.tok(i);
  const std::string lemma(Lemma(s, i));
  const char pos = c.nominal ? 'n' : 'v';
  out.Add(kBias, "");
  out.Add(kLemma, lemma);
  out.Add(kLemmaUpos, lemma, t.upos);
  if (t.upos != "VERB") out.Add(kUpos, t.upos);
  if (s.guessed && (*s.guessed)[i] != lemma && !c.nominal) out.Add(kLemma, (*s.guessed)[i]);
  // Semantic classes of the word, and of the particle verb ("pull_out").
  SemanticClasses(kWordNet, pos, lemma, out);
  ClusterFeatures(kCluster, t.lower, out);
  std::string particle;
  if (uint32_t prt = s.Child(i, {"compound:prt"}); prt != UINT32_MAX) {
    particle = s.tok(prt).lower;
    out.Add(kParticle, lemma + "_" + particle);
    SemanticClasses(kWordNetPrt, 'v', lemma + "_" + particle, out);
  }
  if (i > s.first && t.Has(kTokCapitalised)) out.Add(kCapital, "mid");
  out.Add(kPrev, i > s.first ? std::string_view(s.tok(i - 1).lower) : "<s>");
  out.Add(kNext, c.te < s.last ? std::string_view(s.tok(c.te).lower) : "</s>");

  // Syntax: relation, governor, object, complements, prepositions, voice, auxiliaries.
  if (s.parsed) {
    std::string_view rel = t.deprel;
    out.Add(kRel, rel);
    out.Add(kLemmaRel, lemma, rel);
    uint32_t h = s.Head(i);
    std::string_view gov = h == UINT32_MAX ? "<root>" : Lemma(s, h);
    out.Add(kGov, gov);
    out.Add(kRelGov, rel, gov);
    if (h != UINT32_MAX) {
      const Token& ht = s.tok(h);
      if (ht.upos == "VERB") SemanticClasses(kWordNetGovLex, 'v', gov, out, /*all=*/false);
    }
    if (uint32_t o = s.Child(i, {"obj"}); o != UINT32_MAX) {
      std::string_view ol = Lemma(s, o);
      out.Add(kObj, ol);
      out.Add(kLemmaObj, lemma, ol);
      if (s.MentionAt(o) >= 0) out.Add(kObjActor, SectorOf(*s.actors[s.MentionAt(o)]));
      else SemanticClasses(kObjLex, 'n', ol, out, /*all=*/false);
    }
    if (uint32_t x = s.Child(i, {"xcomp", "ccomp"}); x != UINT32_MAX) {
      out.Add(kXcomp, Lemma(s, x));
      out.Add(kLemmaXcomp, lemma, Lemma(s, x));
    }
    bool passive = false;
    for (uint32_t ch : s.Children(i)) {
      const Token& ct = s.tok(ch);
      std::string_view cr = ct.deprel;
      if (cr == "aux:pass" || cr == "nsubj:pass") passive = true;
      if (cr == "aux") out.Add(kAux, ct.lower);
      if (cr == "mark") out.Add(kMark, ct.lower);
      if (cr == "case") out.Add(kOwnCase, ct.lower);
      if (cr == "advmod" && (ct.lower == "not" || ct.lower == "n't" || ct.lower == "never")) out.Add(kNeg, ct.lower);
      if (cr == "det" && ct.lower == "no") out.Add(kNeg, "no");
      std::string_view ur = s.Rel(ch);
      if (ur == "obl" || ur == "nmod") {
        std::string prep = s.CaseOf(ch);
        if (!prep.empty()) {
          out.Add(kPrep, prep);
          out.Add(kLemmaPrep, lemma, prep);
          if (s.MentionAt(ch) >= 0) out.Add(kOblActor, prep, SectorOf(*s.actors[s.MentionAt(ch)]));
        }
      }
    }
    if (passive) {
      out.Add(kPassive, "yes");
      out.Add(kLemmaPassive, lemma, "yes");
    }
    // Who acts: an actor subject (its sector), or the subject word's class.
    uint32_t subj = Subject(s, i);
    std::string_view subj_desc = "<none>";
    if (subj != UINT32_MAX) {
      int k = s.MentionAt(subj);
      if (k >= 0) {
        subj_desc = SectorOf(*s.actors[k]);
        out.Add(kSubj, subj_desc);
      } else {
        std::string_view sl = Lemma(s, subj);
        out.Add(kSubjLemma, sl);
        subj_desc = s.tok(subj).upos == "PRON" ? "pronoun" : "word";
        out.Add(kSubj, subj_desc);
        SemanticClasses(kSubjLex, 'n', sl, out, /*all=*/false);
      }
    }
    out.Add(kLemmaSubj, lemma, subj_desc);
  }
  // Hand-written patterns as evidence.
  std::string ptype;
  if (c.match) {
    ptype = PatternType(*c.match);
    out.Add(kPattern, ptype.empty() ? "STATEMENT" : ptype);
    out.Add(kPatternCode, c.match->pattern->code.substr(0, 2));
    out.Add(kPatternCode, c.match->pattern->code);
    out.Add(kPatternLemma, ptype, lemma);
  }
  // The rule coder's cues: negation, modality, stance.
  coder::TriggerCue cue{c.tb, c.te, c.nominal, false, c.match ? std::string_view(c.match->pattern->code) : "04"};
  uint32_t cs = coder::ClauseStart(doc, s.first, c.tb);
  Event e;
  bool occurs = coder::MarkModality(doc, s.first, s.last, cue, cs, e);
  if (e.polarity != Polarity::kAsserted) out.Add(kPolarity, ToString(e.polarity));
  if (e.modality != Modality::kActual) out.Add(kModality, ToString(e.modality));
  if (c.nominal) out.Add(kOccurs, occurs ? "yes" : "no");
  coder::StanceCues st = coder::FindStance(doc, s.first, cue, cs);
  std::string_view stance = !st.refusal.empty() ? "refusal" : !st.threat.empty() ? "threat" : !st.intent.empty() ? "intent" : "none";
  if (stance != "none") {
    out.Add(kStance, stance);
    if (!ptype.empty()) out.Add(kStancePattern, stance, ptype);
    out.Add(kStanceLemma, stance, lemma);
  }
  // Actors in the sentence.
  int political = 0;
  for (const Mention* m : s.actors) political += PoliticallyRelevant(*m);
  out.AddInt(kActors, std::min<size_t>(s.actors.size(), 3));
  out.AddInt(kPolitical, std::min(political, 2));
}

std::string Features::Path(const SentenceView& s, uint32_t from, uint32_t to) const {
  // Up from `to` (the mention) and from `from` (the trigger) to their lowest
  // common ancestor: "nsubj<" is a subject of the trigger, "obl<xcomp<" ...
  std::vector<uint32_t> up_from, up_to;
  for (uint32_t x = from; x != UINT32_MAX && up_from.size() < 8; x = s.Head(x)) up_from.push_back(x);
  for (uint32_t x = to; x != UINT32_MAX && up_to.size() < 8; x = s.Head(x)) up_to.push_back(x);
  for (size_t a = 0; a < up_to.size(); ++a) {
    auto it = std::find(up_from.begin(), up_from.end(), up_to[a]);
    if (it == up_from.end()) continue;
    size_t b = static_cast<size_t>(it - up_from.begin());
    if (a + b > 4) return "far";
    std::string p;
    for (size_t k = 0; k < a; ++k) p += std::string(s.tok(up_to[k]).deprel) + "<";
    p += "^";
    for (size_t k = b; k-- > 0;) p += ">" + std::string(s.tok(up_from[k]).deprel);
    return p;
  }
  return "none";
}

void Features::RoleFeatures(const SentenceView& s, const Candidate& c, int type, Role role, int k,
                            FeatureSink& out) const {
  const std::string_view tname = kTypes[type];
  const uint32_t r = role == kSource ? 0 : 1000;
  auto add = [&](uint32_t tmpl, std::string_view v) { out.Add(tmpl + r, v); };
  auto add2 = [&](uint32_t tmpl, std::string_view a, std::string_view b) { out.Add(tmpl + r, a, b); };
  bool passive = s.Child(c.tok, {"aux:pass", "nsubj:pass"}) != UINT32_MAX;
  if (k < 0) {
    add(kRoleNone, "");
    add(kRoleNoneType, tname);
    add(kRoleNonePassive, passive ? "yes" : "no");
    add(kRoleNoneSubj, Subject(s, c.tok) == UINT32_MAX ? "no-subject" : "subject");
    add(kRoleNoneActors, std::to_string(std::min<size_t>(s.actors.size(), 3)));
    add2(kRoleNoneType, tname, c.nominal ? "noun" : "verb");
    return;
  }
  const Mention& m = *s.actors[k];
  const uint32_t head = s.MentionHead(m);
  std::string path = s.parsed ? Path(s, c.tok, head) : "noparse";
  add(kRolePath, path);
  add2(kRoleTypePath, tname, path);
  add2(kRoleNominalPath, c.nominal ? "noun" : "verb", path);
  add2(kRolePassivePath, passive ? "passive" : "active", path);
  if (s.Head(head) == c.tok) {
    std::string rel = std::string(s.tok(head).deprel) + "/" + s.CaseOf(head);
    add(kRoleChild, rel);
    add2(kRoleTypeChild, tname, rel);
  }
  std::string_view dir = head < c.tb ? "before" : "after";
  add(kRoleDir, dir);
  add2(kRoleTypeDir, tname, dir);
  uint32_t dist = head < c.tb ? c.tb - head : head - c.te + 1;
  add(kRoleDist, dist <= 1 ? "1" : dist <= 3 ? "2-3" : dist <= 6 ? "4-6" : dist <= 12 ? "7-12" : "far");
  std::string_view sector = SectorOf(m);
  add(kRoleSector, sector);
  add2(kRoleTypeSector, tname, sector);
  add(kRolePlace, m.detail == "place" ? "place" : "actor");
  std::string cs = s.CaseOf(head);
  add(kRoleCase, cs);
  add2(kRoleTypeCase, tname, cs);
  if (s.tok(head).deprel == "nmod:poss") add(kRolePoss, "poss");
  // The nearest actor on each side of the trigger; the first of the sentence.
  bool nearest = true;
  for (size_t x = 0; x < s.actors.size(); ++x) {
    if (static_cast<int>(x) == k) continue;
    const Mention& o = *s.actors[x];
    bool same_side = (o.token_begin < c.tb) == (m.token_begin < c.tb);
    if (!same_side) continue;
    uint32_t od = o.token_begin < c.tb ? c.tb - o.token_end : o.token_begin - c.te;
    uint32_t md = m.token_begin < c.tb ? c.tb - m.token_end : m.token_begin - c.te;
    if (od < md) nearest = false;
  }
  add2(kRoleNearest, dir, nearest ? "nearest" : "other");
  add(kRoleFirst, k == 0 ? "first" : "later");
  auto [lo, hi] = coder::CoordinatedRange(*s.doc, s.actors, static_cast<size_t>(k));
  add(kRoleCoord, lo == hi ? "single" : static_cast<size_t>(k) == lo ? "first-of-group" : "in-group");
  if (c.match && c.match->pattern->target == TargetRule::kPrep && !cs.empty()) {
    const auto& preps = c.match->pattern->target_preps;
    add(kRolePatternPrep, std::find(preps.begin(), preps.end(), cs) != preps.end() ? "pattern-prep" : "other-prep");
  }
  // "talks between X and Y".
  if (c.te < s.last && s.tok(c.te).lower == "between" && m.token_begin > c.te) add(kRoleBetween, "between");
}

}  // namespace dyad::eventml
