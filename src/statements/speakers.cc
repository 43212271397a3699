// Speakers: the phrase that names who spoke, personal names, pronouns and
// descriptions that point back, and the actor each resolves to.
#include <algorithm>

#include "dyad/text.h"
#include "statements/extractor.h"

namespace dyad::statements_internal {

bool IsAgentiveNoun(std::string_view lemma) {
  return In(lemma,
            {"source", "official", "spokesman", "spokeswoman", "spokesperson", "representative",
             "analyst", "expert", "economist", "observer", "police", "authority", "authorities",
             "government", "ministry", "department", "agency", "office", "union", "group",
             "report", "statement", "release", "letter", "survey", "study", "data", "figure",
             "side", "people", "person", "resident", "witness", "member", "leader", "lawyer",
             "attorney", "prosecutor", "doctor", "physician", "company", "firm", "utility",
             "commission", "committee", "council", "court", "judge", "minister", "president",
             "officer", "commander", "chief", "director", "executive", "worker", "employee",
             "customer", "teacher", "student", "activist", "protester", "advocate", "critic",
             "supporter", "opponent", "backer", "lawmaker", "senator", "diplomat", "ambassador",
             "envoy", "negotiator", "journalist", "reporter", "newspaper", "paper", "organization",
             "organisation", "association", "institute", "center", "centre", "foundation", "bank",
             "brokerage", "trader", "investor", "manufacturer", "retailer", "administration",
             "military", "army", "force", "troop", "rebel", "militant", "insurgent", "party",
             "candidate", "governor", "mayor", "secretary", "adviser", "advisor", "aide", "staff",
             "counsel", "commissioner", "scholar", "professor", "researcher", "scientist",
             "deportee", "settler", "farmer", "family", "victim", "user", "owner", "founder",
             "ceo", "chairman", "chairwoman", "head", "regulator", "service", "website",
             "commenter", "administrator", "man", "woman", "parent", "mother", "father",
             "participant", "operator", "provider", "board", "panel", "institution", "body",
             "agent", "some", "many", "others", "both", "most", "all", "several", "few"});
}

bool IsTitleWord(std::string_view lower) {
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
                    "sheriff", "superintendent", "captain", "capt.", "sgt.", "sergeant", "lieutenant",
                    "colonel", "commander", "admiral", "major", "chancellor", "king", "queen",
                    "prince", "princess", "pope", "rabbi", "imam", "sheikh", "emir", "former", "then",
                    "u.s.", "us", "department", "ministry", "office", "agency", "association",
                    "institute", "university", "council", "committee", "commission", "party",
                    "republican", "democratic", "democrat", "administration", "staff", "military",
                    "army", "navy", "air", "force", "federal", "central", "executive", "officials",
                    "official", "union", "director-general", "secretary-general", "high",
                    "representative", "delegate", "premier", "counsel", "chief", "analyst",
                    "economist", "expert"});
}

bool IsSubjectGapWord(std::string_view w) {
  return In(w, {"has", "have", "had", "also", "later", "then", "further", "again", "previously",
                "repeatedly", "publicly", "earlier", "recently", "reportedly", "separately", "once",
                "always", "often", "already", "now", "first", "subsequently", "simply", "flatly",
                "firmly", "strongly", "sharply", "formally", "officially", "initially", "finally",
                "similarly", "likewise", "did", "does", "do", "is", "are", "was", "were", "never",
                "sheepishly", "quickly", "immediately", "specifically", "personally", "privately",
                "directly", "explicitly", "frequently", "routinely", "consistently", "herself",
                "himself", "themselves", "itself", "too", "still", "even", "just", "only"});
}

namespace {

// The last word of a name that is an organisation's or a place's.
bool IsOrgWord(std::string_view lower) {
  return In(lower, {"press", "house", "court", "office", "sea", "city", "university", "institute",
                    "department", "ministry", "council", "committee", "party", "service", "services",
                    "agency", "association", "commission", "news", "times", "post", "journal",
                    "center", "centre", "street", "avenue", "road", "county", "states", "republic",
                    "kingdom", "union", "bank", "group", "company", "corp", "corp.", "inc", "inc.",
                    "co.", "ltd", "ltd.", "airport", "hospital", "station", "program", "programme",
                    "plan", "act", "law", "guard", "forces", "force", "army", "navy", "police",
                    "academy", "prison", "camp", "province", "region", "area", "district", "network",
                    "project", "systems", "robotics", "corporation", "federation", "foundation", "fund",
                    "organization", "organisation", "securities", "equities", "index", "exchange",
                    "reserve", "administration", "assembly", "congress", "senate", "parliament",
                    "legislature", "statehouse", "school", "college", "church", "museum", "club",
                    "team", "league", "day", "war", "world", "east", "west", "north", "south",
                    "valley", "river", "island", "bay", "coast", "gulf", "ocean", "park", "square",
                    "hall", "building", "hotel", "market", "television", "radio", "magazine",
                    "media", "channel", "partners", "holdings", "energy", "airlines",
                    "technologies", "industries", "international", "global", "brotherhood",
                    "committee", "directorate", "initiative", "conference", "summit", "treaty",
                    "accord", "deal", "agreement", "desk", "watch", "forum", "policy", "amigos",
                    "resolution", "security", "affairs", "defense", "defence", "intelligence",
                    "commerce", "trade", "council", "authority", "nations", "coalition", "front",
                    "movement", "alliance", "review", "report", "daily", "tribune", "herald",
                    "gazette", "chronicle", "telegraph", "guardian", "monitor", "insider", "wire",
                    "online", "street", "motors", "labs", "systems", "aerospace", "origin", "moon",
                    "manufacturing", "foundation", "sciences", "studies", "institution", "mission",
                    "administration", "province", "district"});
}

bool IsFunctionWord(std::string_view lower) {
  return In(lower, {"however", "meanwhile", "also", "but", "and", "then", "later", "earlier", "now",
                    "still", "yet", "so", "thus", "instead", "moreover", "separately", "finally",
                    "today", "yesterday", "here", "there", "this", "that", "these", "those", "the",
                    "a", "an", "in", "on", "at", "as", "after", "before", "when", "while", "if",
                    "it", "he", "she", "they", "we", "i", "you", "what", "who", "why", "how"});
}

}  // namespace

// ---- Names -----------------------------------------------------------------

// Personal names: runs of two or more capitalised words that are neither a
// title, an organisation or a place, nor all inside an actor that is no
// person; then single words that are the last word of such a name, and the
// people of the actor dictionary.
void Extractor::FindNames() {
  name_at_.assign(doc_.tokens.size(), -1);
  auto is_person_mention = [&](uint32_t t) {
    int m = mention_at_[t];
    return m >= 0 && doc_.mentions[m].entry.find("people.txt") != std::string::npos;
  };
  auto cap = [&](uint32_t t) {
    const Token& x = T(t);
    if (!x.Has(kTokCapitalised) || x.Has(kTokAllCaps) && x.lower.size() > 3) return false;
    if (!x.upos.empty() && x.upos != "PROPN" && !(x.upos == "NOUN" || x.upos == "ADJ" || x.upos == "X" || x.upos == "INTJ"))
      return false;
    return !InQuote(t) && !IsFunctionWord(x.lower);
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (const Sentence& s : doc_.sentences) {
      uint32_t i = s.token_begin;
      while (i < s.token_end) {
        if (!cap(i) || name_at_[i] >= 0) {
          ++i;
          continue;
        }
        uint32_t j = i;
        while (j < s.token_end && (cap(j) || (T(j).Has(kTokAbbrev) && T(j).Has(kTokCapitalised) && j > i)))
          ++j;
        uint32_t b = i, e = j;
        char gender = 0;
        // The name follows the last title word ("American National Security
        // Adviser Jake Sullivan"); a country's adjective is no name either.
        for (uint32_t t = i; t < j; ++t) {
          int m = mention_at_[t];
          bool country_word = m >= 0 && doc_.mentions[m].detail != "place" &&
                              doc_.mentions[m].entry.find("people.txt") == std::string::npos &&
                              doc_.mentions[m].token_end == t + 1 && doc_.mentions[m].token_begin == t;
          if (IsTitleWord(T(t).lower) || (country_word && t == b)) {
            if (In(T(t).lower, {"mr", "mr."})) gender = 'm';
            if (In(T(t).lower, {"ms", "ms.", "mrs", "mrs."})) gender = 'f';
            b = t + 1;
          }
        }
        if (gender == 0 && b > s.token_begin && In(T(b - 1).lower, {"mr", "mr."})) gender = 'm';
        if (gender == 0 && b > s.token_begin && In(T(b - 1).lower, {"ms", "ms.", "mrs", "mrs."})) gender = 'f';
        i = j;
        if (e <= b) continue;
        const std::string& lastw = T(e - 1).lower;
        bool org = IsOrgWord(lastw);
        bool all_actor = true, any_person = false;
        for (uint32_t t = b; t < e; ++t) {
          if (is_person_mention(t)) any_person = true;
          if (mention_at_[t] < 0 || is_person_mention(t)) all_actor = false;
        }
        bool ok;
        if (pass == 0) ok = (e - b >= 2 && !org && !all_actor) || any_person;
        else ok = e - b == 1 && names_.count(lastw) > 0;
        if (!ok) continue;
        // A name's possessive ("Nadia Cruz's office") is still a name.
        NameRun run{b, e, lastw};
        for (uint32_t t = b; t < e; ++t) name_at_[t] = static_cast<int>(name_runs_.size());
        name_runs_.push_back(run);
        Name& n = names_[lastw];
        std::string full(doc_.Text(Bytes(b, e)));
        if (full.size() > n.full.size()) n.full = full;
        if (gender) n.gender = gender;
        // The actor the name is introduced with, wherever that is: a title
        // in front ("Iraqi Prime Minister Mohammed Shia al-Sudani") or an
        // apposition ("Kurt Volker, the former U.S. special envoy,"). A later
        // "Sudani said" speaks for it.
        // "envoy to Ukraine", "ambassador to the EU": the country after "to"
        // is where the post is, not whom it serves, so it is not taken; an
        // "aide to Vice President Pence" serves whom "to" names.
        if (pass == 0 && n.actor.country.empty()) {
          const uint32_t si = static_cast<uint32_t>(&s - doc_.sentences.data());
          auto actor_in = [&](uint32_t from, uint32_t to, EventActor& a) {
            for (uint32_t t = from; t < to; ++t)
              if (T(t).lower == "to" &&
                  !(t > from && In(LemmaOf(T(t - 1)), {"aide", "adviser", "advisor", "assistant", "counsel",
                                                        "counselor", "spokesman", "spokeswoman", "spokesperson"})))
                to = t;
            if (const Mention* m = BestMention(from, to)) SpeakerActor(a, *m);
          };
          EventActor a;
          actor_in(NounPhraseLeft(s.token_begin, e), e, a);
          if (a.country.empty()) {
            TokenRange app = Apposition(si, e);
            if (app.second > app.first) actor_in(app.first, app.second, a);
          }
          if (!a.country.empty()) n.actor = a;
        }
      }
    }
  }
}

bool Extractor::LooksNamed(uint32_t tb, uint32_t te, uint32_t sentence_first) const {
  for (uint32_t t = tb; t < te; ++t) {
    if (mention_at_[t] >= 0 || name_at_[t] >= 0) return true;
    if (T(t).upos == "PROPN") return true;
    if (T(t).Has(kTokCapitalised) && t != sentence_first && !IsFunctionWord(T(t).lower)) return true;
  }
  return false;
}

// Whether tokens [tb, te) can be a speaker: a pronoun, a name, an actor or an
// agentive noun ("officials", "the report"); not "the available evidence".
bool Extractor::CanSpeak(uint32_t si, uint32_t tb, uint32_t te) const {
  if (te <= tb) return false;
  if (te == tb + 1 && In(T(tb).lower, {"he", "she", "they", "it", "i", "we"})) return true;
  if (LooksNamed(tb, te, doc_.sentences[si].token_begin)) return true;
  if (te == tb + 1 && T(tb).Has(kTokCapitalised) && !IsFunctionWord(T(tb).lower) && T(tb).upos != "VERB") return true;
  for (uint32_t t = tb; t < te; ++t)
    if (IsAgentiveNoun(LemmaOf(T(t))) || IsAgentiveNoun(T(t).lower)) return true;
  return false;
}

// "the set of said issues reveals", "experience has shown": things that do not speak.
bool Extractor::IsAbstractSpeaker(uint32_t tb, uint32_t te) const {
  const std::string& l = LemmaOf(T(te - 1));
  return In(l, {"set", "issue", "contradiction", "fact", "experience", "evidence", "situation",
                "development", "history", "trend", "question", "answer", "problem", "idea", "concept",
                "approach", "decision", "move", "result", "thinking", "logic", "article", "analysis",
                "story", "this", "that", "which", "what", "reason", "chart", "table", "graph"}) &&
         !LooksNamed(tb, te, UINT32_MAX);
}

// A noun phrase ending at token `end` (exclusive), walking left over the words
// of a name or a description, "'s", and "of"/"for" inside ("a spokesperson for
// the British Foreign Office").
uint32_t Extractor::NounPhraseLeft(uint32_t first, uint32_t end) const {
  uint32_t b = end;
  while (b > first) {
    const Token& t = T(b - 1);
    bool ok;
    if (t.Has(kTokPunct)) {
      ok = t.lower == "'s" || t.lower == "'" || t.lower == "-" || t.lower == "&" ||
           (t.lower == "." && b - 1 > first && T(b - 2).Has(kTokAbbrev));
    } else if (t.Has(kTokCapitalised) && !IsFunctionWord(t.lower)) {
      ok = true;  // names, whatever the tagger made of them ("Li", "Lovely")
    } else if (!t.upos.empty()) {
      ok = In(t.upos, {"NOUN", "PROPN", "ADJ", "DET", "NUM"}) ||
           (t.upos == "PRON" && In(t.lower, {"his", "her", "its", "their", "our", "my"})) ||
           In(t.lower, {"of", "for", "at", "'s"}) || t.Has(kTokAbbrev) ||
           (t.lower == "by" && b < end && (T(b).upos == "DET" || T(b).Has(kTokCapitalised))) ||
           // "China's ambassador to Britain", "adviser to the president".
           (t.lower == "to" && b - 1 > first &&
            In(LemmaOf(T(b - 2)), {"ambassador", "envoy", "adviser", "advisor", "representative",
                                   "delegate", "emissary", "aide", "counsel", "consul", "counselor"})) ||
           (t.lower == "and" && b - 1 > first && T(b - 2).Has(kTokCapitalised));
      if (t.upos == "DET" && In(t.lower, {"that", "which", "this"})) ok = false;
    } else {
      ok = t.Has(kTokWord) && !IsSubjectGapWord(t.lower) && !FindCue(t.lower) &&
           !In(t.lower, {"that", "which", "who", "and", "but", "in", "on", "to", "by", "with"});
    }
    if (!ok) break;
    --b;
  }
  while (b < end && In(T(b).lower, {"of", "for", "and", "at"})) ++b;
  return b;
}

// A noun phrase starting at token `b`, walking right until a comma, a verb or
// a clause word.
uint32_t Extractor::NounPhraseRight(uint32_t b, uint32_t last) const {
  uint32_t e = b;
  while (e < last) {
    const Token& t = T(e);
    if (In(t.lower, {",", ".", ";", ":", "who", "which", "that", "(", "--", "\xE2\x80\x94", "where", "when",
                     "whose", "whom"}) ||
        IsDoubleQuote(doc_, t))
      break;
    if (e == b && t.upos == "ADP") break;  // "in the statement" is no speaker
    // "cheering teachers": a participle before a noun modifies it.
    bool modifier = t.upos == "VERB" && e + 1 < last && T(e + 1).upos == "NOUN" &&
                    (t.xpos == "VBG" || t.xpos == "VBN");
    if (!t.upos.empty() && In(t.upos, {"VERB", "AUX", "SCONJ", "PART"}) && !(t.Has(kTokCapitalised) && e > b) &&
        t.lower != "'s" && !modifier)
      break;
    if (e > b && t.upos == "PRON" && !In(t.lower, {"his", "her", "its", "their", "our", "my"})) break;
    if (e > b && t.upos == "ADP" && !In(t.lower, {"of", "for", "at", "in"})) break;
    if (e > b && IsTimeWord(e)) break;
    // "told reporters the decision ...": a determiner after a noun starts another phrase.
    if (e > b && t.upos == "DET" && (T(e - 1).upos == "NOUN" || T(e - 1).upos == "PROPN")) break;
    ++e;
  }
  while (e > b && In(T(e - 1).lower, {"of", "for", "at", "in", "and", "'s"})) --e;
  return e;
}

// Skips what stands between a subject and its verb: auxiliaries and adverbs,
// ", however,", and time adjuncts ("on Wednesday", "last week").
uint32_t Extractor::SkipLeftGap(uint32_t first, uint32_t j) const {
  while (j > first) {
    const Token& t = T(j - 1);
    if (IsSubjectGapWord(t.lower) && !t.Has(kTokCapitalised)) {
      --j;
      continue;
    }
    if (t.lower == "," && j >= first + 3 && T(j - 2).upos == "ADV" && T(j - 3).lower == ",") {
      j -= 3;
      continue;
    }
    if (IsTimeWord(j - 1)) {
      uint32_t k = j - 1;
      while (k > first && (IsTimeWord(k - 1) || T(k - 1).upos == "NUM" || T(k - 1).lower == ",")) --k;
      if (k > first && In(T(k - 1).lower, {"on", "last", "this", "in", "earlier", "late", "early", "next"})) --k;
      if (k == j - 1 && !(k > first && In(T(k - 1).lower, {"on", "last", "this", "earlier"})) &&
          !In(t.lower, {"today", "yesterday", "tonight"}))
        break;  // a bare weekday may be a name's part
      j = k;
      continue;
    }
    break;
  }
  return j;
}

std::optional<TokenRange> Extractor::FindSpeaker(uint32_t si, uint32_t v, const CueWord& cue, uint32_t cue_len,
                                                 const std::vector<Found>& out) const {
  const Sentence& s = doc_.sentences[si];
  const uint32_t first = s.token_begin;
  const uint32_t j = SkipLeftGap(first, v);
  const bool gerund = T(v).lower.ends_with("ing");
  // "..., but added", "and said": the subject of the first verb.
  if (j > first && In(T(j - 1).lower, {"and", "but", "or"})) return GoverningSubject(si, v, out);
  // "..., saying", "while announcing": the subject of the clause it hangs on.
  if (gerund && j > first && In(T(j - 1).lower, {",", "while", "when", "after", "before", "by"}))
    return GoverningSubject(si, v, out);
  // "Arguing that ..., Patrick has said": the subject after the participle's clause.
  if (gerund && v == ContentStart(si, first)) {
    for (uint32_t c = v + 1; c + 1 < s.token_end; ++c)
      if (T(c).lower == "," && !InQuote(c))
        if (auto cs = ClauseSubject(si, c + 1, s.token_end)) return cs;
    return std::nullopt;
  }
  if (j > first && !IsPunct(j - 1)) {
    uint32_t b = NounPhraseLeft(first, j);
    if (b < j && CanSpeak(si, b, j)) return TokenRange{b, j};
  }
  if (j > first && (T(j - 1).lower == "," || IsDoubleQuote(doc_, T(j - 1)))) {
    if (cue.frame != CueFrame::kTell)
      if (auto inv = InvertedSpeaker(si, v, cue_len)) return inv;
    if (T(j - 1).lower == ",")
      if (auto cw = CommaWalk(si, j - 1, true)) return cw;
  }
  if (auto ps = ParseSubject(si, v)) return ps;
  if (j == first && cue.frame != CueFrame::kTell) return InvertedSpeaker(si, v, cue_len);
  return std::nullopt;
}

// `..., said X` / `"...," says X` / `"...?" asked Pineda`: a speaker right
// after the cue, and nothing after it but punctuation, a relative clause or
// an apposition.
std::optional<TokenRange> Extractor::InvertedSpeaker(uint32_t si, uint32_t v, uint32_t cue_len) const {
  const uint32_t last = doc_.sentences[si].token_end;
  const uint32_t b = v + cue_len;
  const uint32_t e = NounPhraseRight(b, last);
  if (e <= b || !CanSpeak(si, b, e)) return std::nullopt;
  if (e < last && !IsPunct(e) && !In(T(e).lower, {"who", "which", "("})) return std::nullopt;
  if (e < last && T(e).lower == "," && e + 1 < last) {
    // ", who ...", ", a professor at ...", ", referring to ...", ", adding ...": fine;
    // ", in a statement" too. A clause would mean X is not the speaker.
  }
  return TokenRange{b, e};
}

// The speaker before a comma that precedes the cue: over adjunct segments
// ("in a speech at ... on May 4, 2023,", "while announcing ...,"), relative
// clauses and appositions ("Marco Villa, the company's chief operating
// officer,"), preferring a name; for a clause ("he asked about X, called Y
// ..."), its subject.
std::optional<TokenRange> Extractor::CommaWalk(uint32_t si, uint32_t comma, bool clause_subject) const {
  const uint32_t first = doc_.sentences[si].token_begin;
  uint32_t pos = comma;
  std::vector<TokenRange> nps;
  for (int guard = 0; guard < 8 && pos > first; ++guard) {
    uint32_t sb = pos;
    while (sb > first && T(sb - 1).lower != "," && !IsDoubleQuote(doc_, T(sb - 1)) &&
           !In(T(sb - 1).lower, {"--", "\xE2\x80\x94", "(", ")"}))
      --sb;
    if (sb == pos) break;
    const Token& t0 = T(sb);
    const bool adjunct = In(t0.lower, {"who", "which", "whose", "where", "when", "while", "whom",
                                       "including", "like", "such", "according", "as"}) ||
                         t0.upos == "ADP" || t0.upos == "SCONJ" || t0.upos == "NUM" || IsTimeWord(sb) ||
                         (t0.upos == "VERB" && (t0.xpos == "VBG" || t0.xpos == "VBN")) ||
                         (t0.upos == "ADV" && pos - sb <= 2);
    if (adjunct && nps.empty()) {
      if (sb == first || T(sb - 1).lower != ",") return std::nullopt;
      pos = sb - 1;
      continue;
    }
    // "a doctor at Chaoyang Hospital where the patients were treated": the
    // noun phrase before the relative clause.
    uint32_t np_end = pos;
    for (uint32_t t = sb + 1; t < pos; ++t)
      if (In(T(t).lower, {"who", "which", "where", "whose", "whom"})) {
        np_end = t;
        break;
      }
    uint32_t b = NounPhraseLeft(sb, np_end);
    if (!adjunct && b == ContentStart(si, sb) && b < np_end && CanSpeak(si, b, np_end)) {
      nps.push_back({b, np_end});
      if (sb == first || T(sb - 1).lower != ",") break;
      pos = sb - 1;
      continue;
    }
    if (nps.empty() && clause_subject && HasVerb(sb, pos)) return ClauseSubject(si, sb, pos);
    break;
  }
  if (nps.empty()) return std::nullopt;
  for (const TokenRange& np : nps) {  // right to left; prefer a personal name
    TokenRange pn = PersonIn(np.first, np.second);
    if (pn.second > pn.first && pn.second == np.second) {
      // Take the leftmost named one of an apposition chain.
      const TokenRange* best = &np;
      for (const TokenRange& o : nps) {
        TokenRange po = PersonIn(o.first, o.second);
        if (po.second > po.first && o.first < best->first) best = &o;
      }
      return *best;
    }
  }
  return nps.back();  // the leftmost: the head of the apposition chain
}

// The subject noun phrase of the clause in tokens [b, e), after discourse
// words and adjuncts: a phrase followed by a verb.
std::optional<TokenRange> Extractor::ClauseSubject(uint32_t si, uint32_t b, uint32_t e) const {
  uint32_t t = ContentStart(si, b);
  const uint32_t np_e = NounPhraseRight(t, e);
  if (np_e <= t || !CanSpeak(si, t, np_e)) return std::nullopt;
  uint32_t k = np_e;
  // "Rep. David McKinley, R-W.Va., visited": over an apposition.
  if (k < e && T(k).lower == ",") {
    uint32_t c = k + 1;
    while (c < e && T(c).lower != ",") ++c;
    if (c < e && !HasVerb(k + 1, c)) k = c + 1;
  }
  while (k < e && IsSubjectGapWord(T(k).lower)) ++k;
  if (k < e && IsVerbLike(k)) return TokenRange{t, np_e};
  return std::nullopt;
}

std::optional<TokenRange> Extractor::GoverningSubject(uint32_t si, uint32_t v, const std::vector<Found>& out) const {
  for (auto it = out.rbegin(); it != out.rend(); ++it)
    if (it->s.sentence == si && it->cue_token < v && it->speaker_te > it->speaker_tb)
      return TokenRange{it->speaker_tb, it->speaker_te};
  if (parsed_) {
    uint32_t x = HeadOf(si, v);
    for (int up = 0; up < 4 && x != UINT32_MAX; ++up) {
      if (auto sp = ParseSubject(si, x)) return sp;
      x = HeadOf(si, x);
    }
  }
  // Word order: the first clause of the sentence, after adjunct segments.
  const Sentence& s = doc_.sentences[si];
  uint32_t sb = s.token_begin;
  for (int guard = 0; guard < 6 && sb < v; ++guard) {
    uint32_t se = sb;
    while (se < v && T(se).lower != ",") ++se;
    const Token& t0 = T(ContentStart(si, sb));
    bool adjunct = t0.upos == "ADP" || t0.upos == "SCONJ" || IsTimeWord(ContentStart(si, sb));
    if (!adjunct) {
      if (auto cs = ClauseSubject(si, sb, std::min(v, s.token_end))) return cs;
      return std::nullopt;
    }
    sb = se + 1;
  }
  return std::nullopt;
}

// The subject of verb v in the parse; for "who said", the relative clause's noun.
std::optional<TokenRange> Extractor::ParseSubject(uint32_t si, uint32_t v) const {
  if (!parsed_) return std::nullopt;
  const Sentence& s = doc_.sentences[si];
  for (uint32_t c = s.token_begin; c < s.token_end; ++c) {
    if (HeadOf(si, c) != v || T(c).deprel != "nsubj" || InQuote(c)) continue;
    if (In(T(c).lower, {"who", "that", "which"})) {
      uint32_t noun = HeadOf(si, v);
      if (noun != UINT32_MAX && Rel(v) == "acl") return SubtreeNP(si, noun);
      continue;
    }
    TokenRange np = SubtreeNP(si, c);
    if (np.second > v && np.first > v + 2) continue;
    if (np.second > v && np.first < v) continue;
    return np;
  }
  return std::nullopt;
}

// The tokens of the noun phrase headed at h: its left part, flat names and
// prepositional modifiers, without relative clauses, appositions or commas.
TokenRange Extractor::SubtreeNP(uint32_t si, uint32_t h) const {
  const Sentence& s = doc_.sentences[si];
  uint32_t b = h, e = h + 1;
  for (uint32_t t = s.token_begin; t < s.token_end; ++t) {
    uint32_t x = t;
    for (int guard = 0; guard < 64 && x != UINT32_MAX; ++guard) {
      if (x == h) {
        b = std::min(b, t);
        e = std::max(e, t + 1);
        break;
      }
      std::string_view r = Rel(x);
      if (In(r, {"appos", "acl", "punct", "parataxis", "advcl", "conj", "cc", "dep"})) break;
      x = HeadOf(si, x);
    }
  }
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

// "in the statement of the Iraqi government", "in its statement", "in X's speech".
std::optional<TokenRange> Extractor::FrameSpeaker(uint32_t si, uint32_t* frame_end) const {
  const Sentence& s = doc_.sentences[si];
  for (uint32_t i = s.token_begin; i + 2 < s.token_end && i < s.token_begin + 6; ++i) {
    if (T(i).lower != "in") continue;
    uint32_t j = i + 1;
    while (j < s.token_end && j < i + 8 && !IsFrameNoun(LemmaOf(T(j)))) ++j;
    if (j >= s.token_end || !IsFrameNoun(LemmaOf(T(j)))) continue;
    uint32_t owner_b = 0, owner_e = 0;
    for (uint32_t k = i + 1; k < j; ++k)
      if (T(k).lower == "'s" && k > i + 1) {
        owner_b = NounPhraseLeft(i + 1, k);
        owner_e = k;
      }
    if (owner_e == 0 && j + 2 < s.token_end && T(j + 1).lower == "of") {
      owner_b = j + 2;
      owner_e = NounPhraseRight(owner_b, s.token_end);
    }
    if (owner_e <= owner_b) continue;
    uint32_t end = owner_e;
    while (end < s.token_end && T(end).lower != ",") ++end;
    *frame_end = end < s.token_end ? end + 1 : end;
    return TokenRange{owner_b, owner_e};
  }
  return std::nullopt;
}

// The personal name inside a speaker phrase: the last name run that ends it
// ("American National Security Adviser Jake Sullivan" -> "Jake Sullivan");
// none when the name owns the speaker ("Nadia Cruz's office").
TokenRange Extractor::PersonIn(uint32_t tb, uint32_t te) const {
  uint32_t e = te;
  while (e > tb && IsPunct(e - 1)) --e;
  if (e <= tb || name_at_[e - 1] < 0) return {0, 0};
  const NameRun& r = name_runs_[name_at_[e - 1]];
  if (r.te != e) return {0, 0};
  return {std::max(r.tb, tb), e};
}

// The best actor mention among tokens [b, e): a person of the dictionary, else
// the most specific code.
const Mention* Extractor::BestMention(uint32_t b, uint32_t e) const {
  const Mention* best = nullptr;
  auto score = [](const Mention& x) {
    int s = static_cast<int>(x.code.size());
    if (x.entry.find("people.txt") != std::string::npos) s += 10;
    if (x.code.rfind("---", 0) == 0) s -= 4;
    return s;
  };
  for (uint32_t t = b; t < e; ++t) {
    int k = mention_at_[t];
    if (k < 0) continue;
    const Mention& m = doc_.mentions[k];
    if (!best || score(m) > score(*best)) best = &m;
  }
  return best;
}

// Words right after the speaker that describe it: ", PG&E's principal
// meteorologist," (not a relative clause).
TokenRange Extractor::Apposition(uint32_t si, uint32_t te) const {
  const Sentence& s = doc_.sentences[si];
  if (te >= s.token_end || T(te).lower != ",") return {0, 0};
  uint32_t b = te + 1;
  if (b < s.token_end && In(T(b).lower, {"who", "which", "that", "where", "referring", "adding", "saying"}))
    return {0, 0};
  uint32_t e = b;
  while (e < s.token_end && e < b + 14 && T(e).lower != "," && !IsClauseStop(e) && !IsDoubleQuote(doc_, T(e)))
    ++e;
  if (HasVerb(b, e)) return {0, 0};
  return {b, e};
}

// ---- Resolution ------------------------------------------------------------

namespace {
void SetActor(EventActor& a, const Mention& m) {
  a.code = m.code;
  a.country = m.country;
  a.sector = m.sector;
  a.entry = m.entry;
}
}  // namespace

// The actor of a mention, for a speaker. A country the actor stage inferred
// from the sentence is not taken for a name ("the Associated Press" in a
// sentence about China is no Chinese outlet): such a speaker stays "---".
void Extractor::SpeakerActor(EventActor& a, const Mention& m) const {
  SetActor(a, m);
  if (m.entry.find("country inferred") == std::string::npos) return;
  bool named = true;
  for (uint32_t t = m.token_begin; t < m.token_end; ++t)
    named = named && (T(t).Has(kTokCapitalised) || T(t).Has(kTokPunct));
  if (!named) return;
  a.country.clear();
  a.code = "---" + a.sector;
}

namespace {
std::string_view LastWord(std::string_view s) {
  size_t sp = s.find_last_of(' ');
  return sp == std::string_view::npos ? s : s.substr(sp + 1);
}
}  // namespace

Name* Extractor::NameOf(std::string_view person) {
  if (person.empty()) return nullptr;
  auto it = names_.find(Lowercase(LastWord(person)));
  return it == names_.end() ? nullptr : &it->second;
}

// Resolves f's speaker; false when a pronoun finds nothing it could stand for.
bool Extractor::Resolve(Found& f, const Statement* prev) {
  Statement& st = f.s;
  if (prev) {
    st.speaker = prev->speaker;
    st.person = prev->person;
    Remember(st, st.sentence, 0, "");
    return true;
  }
  const uint32_t tb = f.speaker_tb, te = f.speaker_te;
  const std::string& w0 = T(tb).lower;
  if (te == tb + 1 && In(w0, {"he", "she", "they", "it"})) return ResolvePronoun(f);
  const bool described = In(w0, {"the", "this", "its"}) &&
                         !LooksNamed(tb, te, doc_.sentences[st.sentence].token_begin) && te - tb <= 4;
  if (described && ResolveDescription(f)) return true;
  NameInPlace(f);
  return true;
}

void Extractor::NameInPlace(Found& f) {
  Statement& st = f.s;
  const uint32_t tb = f.speaker_tb, te = f.speaker_te;
  const Span local = Bytes(tb, te);
  st.speaker.text = std::string(doc_.Text(local));
  st.speaker.span = local;
  const Mention* m = BestMention(tb, te);
  if (!m) {
    TokenRange app = Apposition(st.sentence, te);
    if (app.second > app.first) m = BestMention(app.first, app.second);
  }
  // "Marco Villa, the company's chief operating officer, said": the
  // apposition sits between the speaker and the cue.
  if (!m && f.cue_token != UINT32_MAX && f.cue_token > te + 1 && f.cue_token < te + 16 && T(te).lower == ",")
    m = BestMention(te + 1, f.cue_token);
  if (m) SpeakerActor(st.speaker, *m);
  TokenRange pn = PersonIn(tb, te);
  if (pn.second > pn.first) {
    st.person = std::string(doc_.Text(Bytes(pn.first, pn.second)));
    if (Name* n = NameOf(st.person)) {
      if (n->full.size() > st.person.size()) st.person = n->full;
      if (st.speaker.country.empty() && !n->actor.country.empty()) {
        st.speaker.code = n->actor.code;
        st.speaker.country = n->actor.country;
        st.speaker.sector = n->actor.sector;
        st.speaker.entry = n->actor.entry;
      }
    }
  }
  Remember(st, st.sentence, 0, LemmaOf(T(te - 1)));
}

// "he", "she", "it", "they": the first fitting candidate of this sentence
// (before the pronoun), then of each earlier sentence up to two paragraphs
// back, the leftmost first (subjects come first): a personal name for he/she,
// a speaker or an actor that is no person for it/they.
bool Extractor::ResolvePronoun(Found& f) {
  Statement& st = f.s;
  const uint32_t p = f.speaker_tb;
  const std::string w = T(p).lower;
  const bool personal = w == "he" || w == "she";
  const char gender = w == "he" ? 'm' : w == "she" ? 'f' : 0;
  const uint32_t para = doc_.sentences[st.sentence].paragraph;
  for (uint32_t x = st.sentence + 1; x-- > 0;) {
    const Sentence& s = doc_.sentences[x];
    if (s.paragraph + 2 < para || st.sentence - x > 8) break;
    const uint32_t end = x == st.sentence ? p : s.token_end;
    // Speakers already resolved in this sentence come first: "said Sowers. She said".
    for (const Known& k : known_) {
      if (k.sentence != x || k.is_person != personal || k.actor.span.empty()) continue;
      if (personal && gender) {
        Name* n = NameOf(k.person);
        if (n && n->gender && n->gender != gender) continue;
      }
      st.speaker = k.actor;
      st.person = k.person;
      st.speaker_ref = Bytes(p, p + 1);
      Remember(st, st.sentence, gender, "");
      return true;
    }
    for (uint32_t t = s.token_begin; t < end; ++t) {
      if (InQuote(t)) continue;
      if (personal) {
        // "He was arrested ..." before any name: that sentence's "he" is
        // this one's too; look further back.
        if (x != st.sentence && T(t).lower == w) break;
        if (name_at_[t] < 0) continue;
        const NameRun& r = name_runs_[name_at_[t]];
        t = r.te - 1;
        // A possessor is no subject ("Nadia Cruz's office").
        if (r.te < s.token_end && T(r.te).lower == "'s") continue;
        auto it = names_.find(r.surname);
        if (gender && it != names_.end() && it->second.gender && it->second.gender != gender) continue;
        Found g;
        g.s.sentence = x;
        g.speaker_tb = r.tb;
        g.speaker_te = r.te;
        g.cue_token = UINT32_MAX;
        // The name and its actor, as if it had spoken in place.
        Statement& gs = g.s;
        gs.speaker.text = std::string(doc_.Text(Bytes(r.tb, r.te)));
        gs.speaker.span = Bytes(r.tb, r.te);
        // Widen to a title in front for the actor ("Afghan President Ashraf Ghani").
        uint32_t wb = NounPhraseLeft(s.token_begin, r.te);
        if (const Mention* m = BestMention(wb, r.te)) SpeakerActor(gs.speaker, *m);
        TokenRange app = Apposition(x, r.te);
        if (gs.speaker.code.empty() && app.second > app.first)
          if (const Mention* m = BestMention(app.first, app.second)) SpeakerActor(gs.speaker, *m);
        if (it != names_.end()) {
          gs.person = it->second.full;
          if (gs.speaker.country.empty() && !it->second.actor.country.empty()) {
            gs.speaker.code = it->second.actor.code;
            gs.speaker.country = it->second.actor.country;
            gs.speaker.sector = it->second.actor.sector;
            gs.speaker.entry = it->second.actor.entry;
          }
        } else {
          gs.person = gs.speaker.text;
        }
        st.speaker = gs.speaker;
        st.person = gs.person;
        st.speaker_ref = Bytes(p, p + 1);
        Remember(st, st.sentence, gender, "");
        return true;
      }
      // it / they: an actor that is no person, or a group that can speak at
      // the start of a clause.
      int mi = mention_at_[t];
      if (mi >= 0) {
        const Mention& m = doc_.mentions[mi];
        if (m.entry.find("people.txt") != std::string::npos || name_at_[t] >= 0) {
          t = m.token_end - 1;
          continue;
        }
        uint32_t wb = t, we = m.token_end;
        st.speaker.text = std::string(doc_.Text(Bytes(wb, we)));
        st.speaker.span = Bytes(wb, we);
        SpeakerActor(st.speaker, m);
        st.speaker_ref = Bytes(p, p + 1);
        Remember(st, st.sentence, 0, "");
        return true;
      }
      if (w == "they" && (t == s.token_begin || T(t - 1).lower == ",")) {
        uint32_t cb = ContentStart(x, t);
        if (cb != t) continue;
        uint32_t e = NounPhraseRight(t, end);
        if (e > t && CanSpeak(x, t, e) && !In(T(t).lower, {"they", "it", "he", "she", "we", "i"}) &&
            IsVerbLike(std::min(e, end - 1))) {
          st.speaker.text = std::string(doc_.Text(Bytes(t, e)));
          st.speaker.span = Bytes(t, e);
          if (const Mention* m = BestMention(t, e)) SpeakerActor(st.speaker, *m);
          st.speaker_ref = Bytes(p, p + 1);
          Remember(st, st.sentence, 0, "");
          return true;
        }
      }
    }
  }
  return false;
}

// "the utility", "the agency", "the spokesperson", "the statement": the
// latest speaker named with the same word; for a body or a document, the
// latest speaker that is no person; for a person ("the real estate agent"),
// as "he" or "she" would resolve.
bool Extractor::ResolveDescription(Found& f) {
  Statement& st = f.s;
  const uint32_t te = f.speaker_te;
  const std::string head = LemmaOf(T(te - 1));
  const uint32_t para = doc_.sentences[st.sentence].paragraph;
  const bool org_noun = In(head, {"agency", "utility", "company", "ministry", "department", "statement",
                                  "office", "brokerage", "commission", "government", "group",
                                  "organization", "organisation", "firm", "bank", "administration",
                                  "authority", "release", "report", "military", "court", "council",
                                  "committee", "regime", "union", "letter", "paper", "newspaper"});
  const Known* ante = nullptr;
  for (auto it = known_.rbegin(); it != known_.rend(); ++it) {
    if (doc_.sentences[it->sentence].paragraph + 3 < para) break;
    if (it->head == head || (org_noun && !it->is_person && !it->actor.code.empty())) {
      ante = &*it;
      break;
    }
  }
  if (ante) {
    st.speaker = ante->actor;
    st.person = ante->person;
    st.speaker_ref = Bytes(f.speaker_tb, te);
    Remember(st, st.sentence, 0, head);
    return true;
  }
  return false;
}

void Extractor::Remember(const Statement& st, uint32_t sentence, char gender, std::string head) {
  // A pronoun tells the gender of whom it stands for.
  if (gender)
    if (Name* n = NameOf(st.person); n && !n->gender) n->gender = gender;
  if (!st.person.empty()) {
    Name& n = names_[Lowercase(LastWord(st.person))];
    if (n.full.size() < st.person.size()) n.full = st.person;
    if (n.actor.code.empty() && !st.speaker.code.empty()) n.actor = st.speaker;
  }
  Known k;
  k.actor = st.speaker;
  k.person = st.person;
  k.head = std::move(head);
  k.sentence = sentence;
  k.is_person = !st.person.empty();
  known_.push_back(std::move(k));
}

}  // namespace dyad::statements_internal
