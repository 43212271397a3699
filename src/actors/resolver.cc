// Actor resolution over token sequences (the starter resolver: it reads word
// order, not the parse; the parse-based resolver of the actors issue keeps
// this interface).
#include <algorithm>
#include <unordered_set>

#include "dyad/actors.h"
#include "dyad/text.h"

namespace dyad {

namespace {

// A dictionary hit before resolution.
struct Hit {
  uint32_t tb = 0, te = 0;  // tokens
  int person = -1;           // entry index of a person, for role choice by title
  Span span;
  PhraseKind kind = PhraseKind::kName;
  std::string code;          // resolved code (country, seat, person on date, IGO...)
  std::string sector;        // for agents
  std::string entry;         // dictionary source of the phrase
  bool is_country = false;   // a country-level modifier (name/adjective/reference)
  bool by_reference = false;
  bool consumed = false;
  std::vector<std::string> extra_countries;  // "the two sides": the second country
};


// Words that may stand between a country modifier and its agent noun:
// "senior Iraqi military officials", "Iraqi and American officials".
bool IsModifierGap(std::string_view w) {
  static const std::unordered_set<std::string_view> kGap = {
      "and", "or", ",", "'s", "'", "the", "senior", "top", "former", "new", "local", "regional",
      "national", "federal", "foreign", "interim", "acting", "high-ranking", "some", "many",
      "several", "two", "three", "deputy", "chief", "security", "ruling", "opposition", "elected",
      "current", "military", "civilian", "other", "own", "secular", "religious", "armed"};
  return kGap.count(w) > 0;
}

bool IsLowerWord(const Token& t) { return t.Has(kTokWord) && !t.Has(kTokCapitalised); }

}  // namespace

void ResolveActors(const ActorDictionary& dict, Document& doc) {
  std::optional<Date> doc_date = Date::FromIso(doc.date);

  // Countries named so far in the document, most recent last: what "that
  // country" and "the two sides" refer to.
  // "that country" takes the last country named as a place; "the two sides"
  // the last two countries mentioned in any form ("Iraqi and American officials").
  std::vector<std::string> recent_places, recent_countries;
  auto remember = [](std::vector<std::string>& list, const std::string& c) {
    if (c.empty()) return;
    auto it = std::find(list.begin(), list.end(), c);
    if (it != list.end()) list.erase(it);
    list.push_back(c);
  };

  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& sent = doc.sentences[si];
    std::vector<Hit> hits;
    const uint32_t first = sent.token_begin, last = sent.token_end;

    auto add_phrase_hit = [&](const PhraseMatch& m, Span span) {
      // Several phrases can share words ("Iraqi" adjective and demonym): the
      // first listed kind wins, adjectives preferred as modifiers.
      const Phrase* best = nullptr;
      for (uint32_t pid : m.phrases) {
        const Phrase& p = dict.phrases()[pid];
        if (!best || (p.kind == PhraseKind::kAdjective && best->kind != PhraseKind::kAdjective)) best = &p;
      }
      Hit h;
      h.tb = m.token_begin;
      h.te = m.token_end;
      h.span = span;
      h.kind = best->kind;
      if (best->kind == PhraseKind::kAgent) {
        h.sector = dict.agent_sectors()[best->entry];
        h.entry = "agents:" + h.sector;
      } else {
        const ActorEntry& e = dict.entries()[best->entry];
        h.code = best->code.empty() ? dict.CodeOn(e, doc_date) : best->code;
        h.entry = e.source;
        if (best->kind == PhraseKind::kPerson) h.person = static_cast<int>(best->entry);
        h.is_country = e.is_country && (best->kind == PhraseKind::kName ||
                                        best->kind == PhraseKind::kAdjective ||
                                        best->kind == PhraseKind::kDemonym);
      }
      // "that country" points at a country named as a place, not at the
      // last adjective ("French soldiers left the country" is Niger).
      if (dict.IsCountryCode(h.code)) {
        remember(recent_countries, h.code.substr(0, 3));
        if (best->kind == PhraseKind::kName || best->kind == PhraseKind::kCapital || best->kind == PhraseKind::kPlace)
          remember(recent_places, h.code.substr(0, 3));
      }
      if (best->kind == PhraseKind::kAgent || !h.code.empty()) hits.push_back(std::move(h));
    };

    for (uint32_t i = first; i < last;) {
      const Token& t = doc.tokens[i];
      // References: "that country", "the two sides", "both sides", "the parties".
      if (i + 1 < last) {
        const std::string& w0 = t.lower;
        const std::string& w1 = doc.tokens[i + 1].lower;
        // "their country" is left alone: it points at the possessor, which
        // word order alone cannot find.
        bool country_ref = (w0 == "that" || w0 == "this" || w0 == "the") && w1 == "country";
        bool pair_ref = ((w0 == "both" && (w1 == "sides" || w1 == "countries" || w1 == "parties")) ||
                         (w0 == "the" && (w1 == "parties" || w1 == "sides")));
        uint32_t ref_end = i + 2;
        if (w0 == "the" && w1 == "two" && i + 2 < last &&
            (doc.tokens[i + 2].lower == "sides" || doc.tokens[i + 2].lower == "countries" ||
             doc.tokens[i + 2].lower == "parties")) {
          pair_ref = true;
          ref_end = i + 3;
        }
        if (country_ref && !recent_places.empty()) {
          Hit h;
          h.tb = i;
          h.te = i + 2;
          h.span = {t.span.begin, doc.tokens[i + 1].span.end};
          h.kind = PhraseKind::kName;
          h.code = recent_places.back();
          h.entry = "reference: last country named";
          h.is_country = true;
          h.by_reference = true;
          hits.push_back(std::move(h));
          i += 2;
          continue;
        }
        if (pair_ref && recent_countries.size() >= 2) {
          Hit h;
          h.tb = i;
          h.te = ref_end;
          h.span = {t.span.begin, doc.tokens[ref_end - 1].span.end};
          h.kind = PhraseKind::kName;
          h.code = recent_countries[recent_countries.size() - 2];
          h.extra_countries.push_back(recent_countries.back());
          h.entry = "reference: the last two countries named";
          h.is_country = true;
          h.by_reference = true;
          hits.push_back(std::move(h));
          i = ref_end;
          continue;
        }
      }
      if (auto m = dict.MatchAt(doc, i, last)) {
        Span span{doc.tokens[m->token_begin].span.begin, doc.tokens[m->token_end - 1].span.end};
        add_phrase_hit(*m, span);
        i = m->token_end;
        continue;
      }
      // Hyphenated compounds: "Baghdad-Washington talks", "US-led coalition".
      std::string_view surface = doc.Text(t.span);
      if (surface.find('-') != std::string_view::npos && surface.size() < 200) {
        std::vector<std::string> words, surfaces;
        std::vector<Span> spans;
        size_t start = 0;
        while (start <= surface.size()) {
          size_t dash = surface.find('-', start);
          if (dash == std::string_view::npos) dash = surface.size();
          if (dash > start) {
            surfaces.emplace_back(surface.substr(start, dash - start));
            words.push_back(Lowercase(surfaces.back()));
            spans.push_back({t.span.begin + static_cast<uint32_t>(start),
                             t.span.begin + static_cast<uint32_t>(dash)});
          }
          start = dash + 1;
        }
        static const std::unordered_set<std::string_view> kPrefixes = {"anti", "pro", "non", "ex", "post", "pre", "neo", "pan"};
        for (uint32_t k = 0; k < words.size();) {
          if (kPrefixes.count(words[k])) { k += 2; continue; }  // "anti-American" is no actor
          auto m = dict.MatchWords(words, surfaces, k);
          if (!m) { ++k; continue; }
          const Phrase& p = dict.phrases()[m->phrases.front()];
          if (p.kind != PhraseKind::kAgent) {
            PhraseMatch whole = *m;
            whole.token_begin = i;
            whole.token_end = i + 1;
            add_phrase_hit(whole, {spans[m->token_begin].begin, spans[m->token_end - 1].end});
          }
          k = m->token_end;
        }
      }
      ++i;
    }

    // Compounds of agent nouns are one agent: "military officials" and
    // "government troops" are military, a "military government" governs;
    // otherwise the head noun decides.
    for (size_t k = 0; k + 1 < hits.size();) {
      Hit& a = hits[k];
      Hit& b = hits[k + 1];
      if (a.kind == PhraseKind::kAgent && b.kind == PhraseKind::kAgent && a.te == b.tb) {
        static const std::unordered_set<std::string_view> kInstitutions = {
            "government", "administration", "regime", "cabinet", "council", "authorities", "junta"};
        bool institution_head = kInstitutions.count(doc.tokens[b.te - 1].lemma.empty()
                                                        ? doc.tokens[b.te - 1].lower
                                                        : doc.tokens[b.te - 1].lemma) > 0;
        a.te = b.te;
        a.span.end = b.span.end;
        if (a.sector != "MIL" || institution_head) a.sector = b.sector;
        a.entry += " " + b.entry;
        hits.erase(hits.begin() + static_cast<long>(k) + 1);
        continue;
      }
      ++k;
    }

    // Agent nouns take the country of the modifiers in front of them
    // ("Iraqi and American officials") or of an "of"-phrase after them
    // ("the government of that country").
    std::vector<Mention> out;
    std::vector<int> out_person;  // parallel to out
    auto emit = [&](const Hit& h, const std::string& code, Span span, uint32_t tb, uint32_t te,
                    std::string entry) {
      Mention m;
      m.kind = MentionKind::kActor;
      m.span = span;
      m.sentence = si;
      m.token_begin = tb;
      m.token_end = te;
      m.code = code;
      if (dict.IsCountryCode(code)) {
        m.country = code.substr(0, 3);
        m.sector = code.size() >= 6 ? code.substr(3, 3) : "";
      }
      m.entry = std::move(entry);
      m.resolved_by_reference = h.by_reference;
      bool bare = tb == h.tb && te == h.te && code == h.code && !h.by_reference;
      if (bare && (h.kind == PhraseKind::kPlace || h.kind == PhraseKind::kCapital ||
                   (h.kind == PhraseKind::kName && h.is_country)))
        m.detail = "place";
      out.push_back(std::move(m));
      out_person.push_back(h.person);
    };

    // With a parse, the tree says which countries modify an agent noun, at
    // any distance: "Iraqi" (amod), "Iraq's" (nmod:poss), "of Iraq" (nmod),
    // and those coordinated with them ("Iraqi and American officials").
    bool parsed = false;
    for (uint32_t t = first; t < last && !parsed; ++t) parsed = !doc.tokens[t].deprel.empty();
    auto head_of = [&](uint32_t t) -> uint32_t {
      int32_t h = doc.tokens[t].head;
      return h < 0 ? UINT32_MAX : first + static_cast<uint32_t>(h);
    };
    auto hit_head = [&](const Hit& x) -> uint32_t {
      if (x.te <= x.tb) return x.tb;  // inside one hyphenated token
      for (uint32_t t = x.tb; t < x.te; ++t) {
        uint32_t h = head_of(t);
        if (h == UINT32_MAX || h < x.tb || h >= x.te) return t;
      }
      return x.te - 1;
    };
    auto rel = [&](uint32_t t) -> std::string_view { return doc.tokens[t].deprel; };
    auto parse_mods = [&](size_t k) {
      std::vector<size_t> mods;
      const Hit& agent = hits[k];
      uint32_t ah = hit_head(agent);
      for (size_t c = 0; c < hits.size(); ++c) {
        const Hit& cand = hits[c];
        if (c == k || cand.consumed || !cand.is_country) continue;
        uint32_t ch = hit_head(cand);
        uint32_t gov = head_of(ch);
        std::string_view r = rel(ch);
        // Coordinated with a country that modifies the agent.
        if (r == "conj" && gov != UINT32_MAX) {
          for (const Hit& other : hits)
            if (other.is_country && !other.consumed && hit_head(other) == gov) {
              r = rel(gov);
              gov = head_of(gov);
              break;
            }
        }
        if (gov != ah) continue;
        bool of_in = false;
        if (r == "nmod")
          for (uint32_t t = first; t < last; ++t)
            if (head_of(t) == ch && rel(t) == "case" && (doc.tokens[t].lower == "of" || doc.tokens[t].lower == "in"))
              of_in = true;
        // "Britain mobilized army reservists" parsed with "Britain" as a
        // compound and "mobilized" as an adjective: a country name before a
        // verb form is its subject, not a modifier of the noun after it.
        if (r == "compound" && cand.te < agent.tb) {
          bool verb_between = false;
          for (uint32_t t = cand.te; t < agent.tb; ++t)
            verb_between = verb_between || doc.tokens[t].upos == "VERB" || doc.tokens[t].upos == "AUX";
          if (verb_between) continue;
        }
        if (r == "amod" || r == "nmod:poss" || r == "compound" || of_in) mods.push_back(c);
      }
      // Nearest first, as the word-order walk gives them.
      std::sort(mods.begin(), mods.end(), [&](size_t a, size_t b) {
        return (a > k ? a - k : k - a) < (b > k ? b - k : k - b);
      });
      return mods;
    };

    for (size_t k = 0; k < hits.size(); ++k) {
      Hit& agent = hits[k];
      if (agent.kind != PhraseKind::kAgent) continue;
      std::vector<size_t> mods;
      if (parsed) mods = parse_mods(k);
      // Without a parse (or when it finds nothing): walk left over modifiers and gap words.
      uint32_t pos = mods.empty() ? agent.tb : first;
      size_t h = k;
      while (pos > first) {
        uint32_t prev = pos - 1;
        if (h > 0 && hits[h - 1].te == prev + 1 && !hits[h - 1].consumed) {
          Hit& cand = hits[h - 1];
          if (cand.is_country) {
            mods.push_back(h - 1);
            pos = cand.tb;
            --h;
            continue;
          }
          if (cand.kind == PhraseKind::kAgent && cand.sector == agent.sector) {
            pos = cand.tb;  // "military and security forces": keep walking
            --h;
            continue;
          }
          break;
        }
        const Token& g = doc.tokens[prev];
        if (IsModifierGap(g.lower) && (IsLowerWord(g) || g.Has(kTokPunct) || g.lower == "'s")) {
          pos = prev;
          continue;
        }
        break;
      }
      // "the government of Iraq", "the people of that country", "protesters
      // in Niamey" (a place: a country or its capital).
      if (mods.empty() && k + 1 < hits.size() && agent.te < last &&
          (doc.tokens[agent.te].lower == "of" || doc.tokens[agent.te].lower == "in")) {
        bool of = doc.tokens[agent.te].lower == "of";
        uint32_t next = agent.te + 1;
        if (next < last && doc.tokens[next].lower == "the") ++next;
        Hit& place = hits[k + 1];
        // Armed actors "in Iraq" are as often foreign as local: not inferred.
        static const std::unordered_set<std::string> kForeignProne = {"MIL", "SPY"};
        if (!of && kForeignProne.count(agent.sector)) continue;
        bool fits = of ? place.is_country
                       : (place.kind == PhraseKind::kCapital || place.kind == PhraseKind::kPlace ||
                          (place.kind == PhraseKind::kName && place.is_country));
        if (place.tb == next && fits) mods.push_back(k + 1);
      }
      for (size_t n = 0; n < mods.size(); ++n) {
        Hit& mod = hits[mods[n]];
        mod.consumed = true;
        std::vector<std::string> cs{mod.code.substr(0, 3)};
        for (const auto& c : mod.extra_countries) cs.push_back(c.substr(0, 3));
        for (const std::string& c : cs) {
          bool adjacent = n == 0 && mods[n] < k;
          Span span = adjacent ? Span{mod.span.begin, agent.span.end} : mod.span;
          if (mods[n] > k) span = Span{agent.span.begin, mod.span.end};
          // Only the modifier next to the noun spans it; the others keep
          // their own words, so coordinated actors do not overlap.
          uint32_t tb = mod.tb, te = mod.te;
          if (adjacent) te = agent.te;
          if (mods[n] > k) tb = agent.tb;
          emit(mod, c + agent.sector, span, tb, te, mod.entry + " + " + agent.entry);
        }
      }
      if (!mods.empty()) agent.consumed = true;
    }

    for (const Hit& h : hits) {
      if (h.consumed) continue;
      if (h.kind == PhraseKind::kAgent) {
        // An agent with no country in reach is still an actor when the text
        // treats it as one: a title before a name ("President Yoweri
        // Museveni"), a plural group ("rebels", "Islamic fundamentalists").
        // Coded "---" + sector, as PETRARCH does for an unknown country.
        const Token& head = doc.tokens[h.te - 1];
        bool titled = h.te < last && doc.tokens[h.te].Has(kTokCapitalised) &&
                      doc.tokens[h.tb].Has(kTokCapitalised);
        bool plural = head.lower != head.lemma && !head.lemma.empty() && head.lower.back() == 's';
        // "its forces", "their governments" point back at an actor named
        // elsewhere; "NATO Secretary General" belongs to NATO.
        bool possessed = h.tb > first && (doc.tokens[h.tb - 1].lower == "its" ||
                                          doc.tokens[h.tb - 1].lower == "their" ||
                                          doc.tokens[h.tb - 1].lower == "his" ||
                                          doc.tokens[h.tb - 1].lower == "her" ||
                                          doc.tokens[h.tb - 1].lower == "our");
        bool owned = false;  // "NATO Secretary General": only capitalised words between
        for (const Hit& o : hits) {
          if (o.kind == PhraseKind::kAgent || o.te > h.tb || h.tb - o.te > 3) continue;
          bool caps = true;
          for (uint32_t t = o.te; t < h.tb; ++t) caps = caps && doc.tokens[t].Has(kTokCapitalised);
          owned = owned || caps;
        }
        if ((titled || plural) && !possessed && !owned)
          emit(h, "---" + h.sector, h.span, h.tb, h.te, h.entry + " (country unknown)");
        continue;
      }
      emit(h, h.code, h.span, h.tb, h.te, h.entry);
      for (const auto& c : h.extra_countries) emit(h, c, h.span, h.tb, h.te, h.entry);
    }
    {
      std::vector<size_t> order(out.size());
      for (size_t x = 0; x < order.size(); ++x) order[x] = x;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return out[a].span.begin < out[b].span.begin; });
      std::vector<Mention> sorted;
      std::vector<int> sorted_person;
      for (size_t x : order) {
        sorted.push_back(std::move(out[x]));
        sorted_person.push_back(out_person[x]);
      }
      out.swap(sorted);
      out_person.swap(sorted_person);
    }
    // "NATO Secretary General Jens Stoltenberg": a title next to a person
    // picks the person's role with that code, whatever the date.
    // Titles between them are capitalised words: "Secretary General".
    auto title_gap = [&](const Mention& a, const Mention& b) {
      if (b.token_begin < a.token_end || b.token_begin - a.token_end > 4) return false;
      for (uint32_t t = a.token_end; t < b.token_begin; ++t)
        if (!doc.tokens[t].Has(kTokCapitalised)) return false;
      return true;
    };
    for (size_t x = 1; x < out.size(); ++x) {
      if (out_person[x] < 0 || !title_gap(out[x - 1], out[x])) continue;
      for (const ActorRole& r : dict.entries()[out_person[x]].roles)
        if (r.code == out[x - 1].code) {
          out[x].code = r.code;
          out[x].country = out[x - 1].country;
          out[x].sector = out[x - 1].sector;
        }
    }
    // Appositions: "American National Security Adviser Jake Sullivan" is one
    // actor, "Iraq's Prime Minister Mohammed Shia al-Sudani" too.
    std::vector<Mention> merged;
    for (Mention& m : out) {
      if (!merged.empty()) {
        Mention& p = merged.back();
        bool touching = title_gap(p, m) ||
                        (p.token_end + 1 == m.token_begin && doc.tokens[p.token_end].lower == ",");
        // "the US Defense Department": a bare country before a more specific
        // actor of the same country is one actor.
        bool refines = !p.country.empty() && p.country == m.country &&
                       (p.code.size() == 3 || m.code.size() == 3);
        // "President Obama": a title of no known country before a name takes
        // the name's code.
        bool titles = p.code.rfind("---", 0) == 0 && !m.country.empty() && title_gap(p, m);
        if (touching && (p.code == m.code || refines || titles) && p.span.begin != m.span.begin &&
            !p.resolved_by_reference && !m.resolved_by_reference) {
          if (m.code.size() > p.code.size() || titles) {
            p.code = m.code;
            p.country = m.country;
            p.sector = m.sector;
          }
          p.span.end = m.span.end;
          p.token_end = m.token_end;
          p.entry += " = " + m.entry;
          continue;
        }
      }
      merged.push_back(std::move(m));
    }
    // An agent of unknown country in a sentence that names exactly one
    // country is taken to be of that country ("President Yoweri Museveni
    // threatened to ban Ugandan opposition candidates"); armed forces are
    // not, as they are often abroad.
    std::string only_country;
    bool several = false;
    for (const Mention& m : merged) {
      if (m.country.empty()) continue;
      if (!only_country.empty() && only_country != m.country) several = true;
      only_country = m.country;
    }
    for (Mention& m : merged) {
      if (m.code.rfind("---", 0) != 0 || several || only_country.empty()) continue;
      std::string sector = m.code.substr(3);
      if (sector == "MIL" || sector == "SPY") continue;
      m.code = only_country + sector;
      m.country = only_country;
      m.sector = sector;
      m.entry += "; country inferred: the only country named in the sentence";
    }
    for (Mention& m : merged) doc.mentions.push_back(std::move(m));
  }
}

}  // namespace dyad
