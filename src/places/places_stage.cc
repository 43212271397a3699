// Stage "places": finds place mentions and links each to a gazetteer entry.
//
// 1. Candidates: capitalised token sequences that are gazetteer keys (longest
//    match), and the capitalised parts of hyphenated words ("Idlib-based").
// 2. Cues: a locative frame before ("in", "near", "outside", "north of"), a
//    kind word after ("X province", "the X region", "X County"), "city of X",
//    "X-based", a comma container ("Springfield, Illinois"), a dateline.
// 3. Filters: a name that is also an English word needs a cue; a name right
//    after a capitalised word is the end of a person's name ("Jesse Jackson");
//    the actor stage's people are not places; a place the parse makes the
//    subject of a verb while the actor stage coded it is an actor
//    ("Washington said"), not a place.
// 4. Linking: every entry of a name is scored by population, level (country,
//    admin1, city ...), the document's other places (their countries and
//    admin1 divisions, voted once per distinct name, and distance), the
//    actors' countries, explicit containers and the kind word. The rule that
//    separated the winner from the runner-up is kept with the mention.
// Options: gazetteer=PATH, adjectives=yes|no (demonyms as country mentions;
// default yes).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "core/builtin_stages.h"
#include "dyad/places.h"
#include "dyad/text.h"
#include "places/places_internal.h"

namespace dyad {

namespace {

constexpr uint32_t kSmallTown = 20000;

bool StartsUpper(const Token& t) { return t.Has(kTokCapitalised) || t.Has(kTokAllCaps); }

bool HasLower(std::string_view s) {
  for (char c : s)
    if (c >= 'a' && c <= 'z') return true;
  return false;
}

bool IsUpperAscii(char c) { return c >= 'A' && c <= 'Z'; }

// Prepositions that put what follows in a place.
const std::unordered_set<std::string_view>& LocativeWords() {
  static const std::unordered_set<std::string_view> k = {
      "in", "near", "at", "from", "outside", "inside", "across", "throughout", "into", "toward",
      "towards", "around", "via", "through", "within", "across", "along", "to", "between", "across",
      "entering", "visit", "visited", "visiting", "reached", "fled", "leave", "left", "return",
      "returned", "traveled", "travelled", "headed", "based", "born", "located", "northern",
      "southern", "eastern", "western", "central", "downtown", "rural", "suburban", "neighboring",
      "neighbouring", "nearby", "occupied", "war-torn", "besieged"};
  return k;
}

// "north of X", "the outskirts of X", "the city of X".
const std::unordered_set<std::string_view>& OfFrameWords() {
  static const std::unordered_set<std::string_view> k = {
      "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "outside",
      "outskirts", "suburbs", "suburb", "edge", "center", "centre", "heart", "part", "parts", "areas",
      "city", "town", "village", "province", "state", "region", "county", "district", "capital",
      "streets", "residents", "people", "citizens", "mayor", "governor", "government", "border",
      "borders", "coast", "shores", "islands", "island", "kingdom", "republic", "territory", "rest"};
  return k;
}

// A kind word after the name: its level and the cue.
int KindWordLevel(std::string_view w) {
  static const std::unordered_map<std::string_view, int> k = {
      {"province", static_cast<int>(GeoLevel::kAdmin1)}, {"provinces", static_cast<int>(GeoLevel::kAdmin1)},
      {"region", static_cast<int>(GeoLevel::kAdmin1)},   {"governorate", static_cast<int>(GeoLevel::kAdmin1)},
      {"state", static_cast<int>(GeoLevel::kAdmin1)},    {"oblast", static_cast<int>(GeoLevel::kAdmin1)},
      {"prefecture", static_cast<int>(GeoLevel::kAdmin1)},
      {"county", static_cast<int>(GeoLevel::kAdmin2)},   {"district", static_cast<int>(GeoLevel::kAdmin2)},
      {"parish", static_cast<int>(GeoLevel::kAdmin2)},
      {"city", static_cast<int>(GeoLevel::kCity)},       {"town", static_cast<int>(GeoLevel::kCity)},
      {"village", static_cast<int>(GeoLevel::kCity)},    {"township", static_cast<int>(GeoLevel::kCity)},
      {"area", -1},   {"border", -1}, {"coast", -1}, {"residents", -1}, {"resident", -1},
      {"airport", -1}, {"suburb", -1}, {"suburbs", -1}, {"neighborhood", -1}, {"streets", -1}};
  auto it = k.find(w);
  return it == k.end() ? -2 : it->second;
}

// Titles before a name: what follows is a person ("Gov. Jackson", "Mr. Paris").
bool IsTitle(std::string_view lower) {
  static const std::unordered_set<std::string_view> k = {
      "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.", "rep", "rep.", "gov", "gov.",
      "gen", "gen.", "lt", "lt.", "col", "col.", "sgt", "sgt.", "capt", "capt.", "president", "judge",
      "senator", "governor", "mayor", "minister", "rev", "rev.", "father", "sister", "brother", "officer",
      "deputy", "coach", "attorney", "secretary", "chairman", "pastor", "prof", "prof.", "professor",
      "sheriff", "detective", "trooper", "sir", "lord", "lady", "king", "queen", "prince", "princess",
      "saint", "st", "st.", "pope", "cardinal", "bishop", "chief", "commissioner", "councilman",
      "councilwoman", "superintendent", "principal", "miss", "madam", "justice", "agent"};
  return k.count(lower) > 0;
}

// Capitalised words that start place names: a name after them is not a
// surname ("Lake Tahoe" is found whole; "Fort" alone starts nothing).
bool IsPlacePrefixWord(std::string_view lower) {
  static const std::unordered_set<std::string_view> k = {
      "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
      "upper", "lower", "greater", "new", "old", "lake", "mount", "mt", "mt.", "fort", "ft", "ft.",
      "port", "san", "santa", "el", "la", "le", "los", "las", "al", "the", "downtown", "metro",
      "suburban", "rural", "coastal", "outer", "inner", "mainland", "northeast", "northwest",
      "southeast", "southwest", "occupied", "islamic", "republic"};
  return k.count(lower) > 0;
}

// Speech and stance verbs: "Washington said", "Moscow warned".
bool IsActorVerb(std::string_view lemma) {
  static const std::unordered_set<std::string_view> k = {
      "say", "tell", "announce", "warn", "claim", "accuse", "deny", "insist", "urge", "call", "demand",
      "threaten", "reject", "condemn", "criticize", "criticise", "agree", "refuse", "respond", "reply",
      "argue", "vow", "pledge", "promise", "believe", "want", "hope", "seek", "plan", "decide",
      "sign", "send", "offer", "propose", "ask", "oppose", "support", "back", "welcome", "expel",
      "impose", "sanction", "recognize", "recognise", "blame", "retaliate", "negotiate", "meet"};
  return k.count(lemma) > 0;
}

// Capitalised words that are also names of some village but almost never
// mean one in news: months, days, holidays, directions, institutions.
bool IsStopName(std::string_view key) {
  static const std::unordered_set<std::string_view> k = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
      "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas",
      "easter", "thanksgiving", "halloween", "ramadan", "north", "south", "east", "west", "st", "saint",
      "university", "college", "olympic", "olympics", "god", "jesus", "christ", "allah", "congress",
      "capitol", "white house", "senate", "parliament", "union", "republic", "federal", "national",
      "city", "county", "state", "island", "lake", "mount", "fort", "port", "new", "old", "central",
      "center", "centre", "street", "avenue", "road", "main", "church", "hospital", "school", "police",
      "army", "navy", "airport", "station", "bay", "beach", "park", "valley", "hills", "river",
      "mr", "mrs", "ms", "dr", "president", "governor", "mayor", "page", "photo", "video", "reuters",
      "ap", "afp", "cnn", "bbc", "al", "el", "la", "le", "de", "van", "von", "abu", "bin", "ibn"};
  return k.count(key) > 0;
}

// Words that follow a place name inside an organisation's or office's name
// ("Alexandria Police", "Minnesota Department of Health", "Georgia Tech"):
// the name is still a place there. Any other capitalised word after a
// one-word name makes it a first name ("Lincoln Chafee").
bool IsOrgWord(std::string_view lower) {
  static const std::unordered_set<std::string_view> k = {
      "police", "sheriff", "sheriff's", "fire", "department", "dept", "city", "state", "county", "mayor",
      "high", "middle", "elementary", "community", "public", "district", "council", "highway", "school",
      "schools", "national", "board", "jail", "town", "township", "president", "attorney", "regional",
      "senior", "volunteer", "circuit", "international", "army", "road", "court", "foreign", "chamber",
      "medical", "superior", "detention", "democratic", "republican", "area", "arts", "central", "house",
      "hospital", "times", "post", "news", "herald", "journal", "daily", "tribune", "gazette", "star",
      "university", "college", "tech", "airport", "street", "avenue", "boulevard", "parish", "region",
      "province", "valley", "river", "zoo", "museum", "library", "symphony", "bank", "marathon",
      "southern", "northern", "eastern", "western", "general", "governor", "governor's", "legislature",
      "senate", "assembly", "government", "ministry", "minister", "prime", "military", "air", "federal",
      "commission", "commissioner", "commissioners", "health", "housing", "water", "power", "electric",
      "transit", "metro", "metropolitan", "historical", "historic", "lottery", "shopping", "mall",
      "center", "centre", "coroner", "prosecutor", "prosecutor's", "office", "club", "church", "cathedral",
      "stadium", "arena", "park", "parks", "square", "bridge", "station", "port", "harbor", "harbour",
      "bay", "lake", "island", "islands", "mountain", "mountains", "hills", "beach", "county's", "city's",
      "state's", "democrats", "republicans", "senator", "rep", "sen", "congressman", "delegation",
      "party", "league", "association", "authority", "agency", "bureau", "institute", "foundation",
      "company", "corp", "inc", "group", "fc", "united", "rangers", "police's", "games", "open", "cup",
      "convention", "conference", "summit", "accord", "accords", "agreement", "treaty", "declaration",
      "protocol", "talks", "crisis", "war", "campaign", "sheriffs", "deputies", "officials", "residents",
      "times-union", "free", "press", "register", "observer", "examiner", "chronicle", "sun", "globe",
      "express", "review", "record", "courier", "dispatch", "telegraph", "guardian", "independent",
      "weekly", "magazine", "radio", "tv", "television", "channel", "airlines", "airways", "railway",
      "railroad", "energy", "oil", "gas", "steel", "motors", "stock", "exchange", "market", "markets"};
  return k.count(lower) > 0;
}

struct Scored {
  uint32_t entry = 0;
  GeoNameKind kind = GeoNameKind::kName;
  double total = 0;
  // Parts of the score, for the rule and --explain.
  double population = 0, level = 0, name = 0, country = 0, admin1 = 0, near = 0, hint = 0, actor = 0;
};

}  // namespace

PlaceFinder::PlaceFinder(std::shared_ptr<const Gazetteer> gaz, bool adjectives)
    : gaz_(std::move(gaz)), adjectives_(adjectives) {}

void PlaceFinder::FindCandidates(const Document& doc, std::vector<PlaceCandidate>& out) const {
  std::vector<GeoPosting> posts;
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    for (uint32_t i = s.token_begin; i < s.token_end; ++i) {
      const Token& t = doc.tokens[i];
      if (!StartsUpper(t)) continue;
      PlaceCandidate best;
      bool found = false;
      for (uint32_t j = i + 1; j <= s.token_end && j <= i + 8; ++j) {
        // A name does not run over sentence punctuation or a line break.
        const Token& last = doc.tokens[j - 1];
        if (j > i + 1) {
          std::string_view gap = doc.Text({doc.tokens[j - 2].span.end, last.span.begin});
          if (gap.find('\n') != std::string_view::npos) break;
          if (last.Has(kTokPunct) && last.lower != "." && last.lower != "-" && last.lower != "'") break;
        }
        std::string key = NormalizePlaceKey(doc.Text({t.span.begin, last.span.end}));
        posts.clear();
        uint8_t flags = 0;
        if (gaz_->Lookup(key, posts, &flags)) {
          // A multi-word name ends on a capitalised word ("Isle of Man", not "Man of").
          if (j == i + 1 || StartsUpper(last) || last.Has(kTokNumber)) {
            best = PlaceCandidate();
            best.sentence = si;
            best.token_begin = i;
            best.token_end = j;
            best.span = {t.span.begin, last.span.end};
            best.key = std::move(key);
            best.postings = posts;
            best.key_flags = flags;
            found = true;
          }
        }
        if (!(flags & kGeoKeyExtended)) break;
      }
      if (found) {
        i = best.token_end - 1;
        out.push_back(std::move(best));
        continue;
      }
      // Parts of a hyphenated word: "Idlib-based", "Baghdad-Washington",
      // "US-led", "Saint-Denis" (whole, found above).
      std::string_view surface = doc.Text(t.span);
      if (surface.find('-') == std::string_view::npos || surface.size() > 80) continue;
      std::vector<Span> parts;
      size_t start = 0;
      while (start <= surface.size()) {
        size_t dash = surface.find('-', start);
        if (dash == std::string_view::npos) dash = surface.size();
        if (dash > start)
          parts.push_back({t.span.begin + static_cast<uint32_t>(start), t.span.begin + static_cast<uint32_t>(dash)});
        start = dash + 1;
      }
      for (size_t k = 0; k < parts.size(); ++k) {
        std::string_view p = doc.Text(parts[k]);
        if (p.empty() || !IsUpperAscii(p[0])) continue;
        size_t best_m = 0;
        PlaceCandidate pc;
        for (size_t m = k + 1; m <= parts.size() && m <= k + 4; ++m) {
          std::string key = NormalizePlaceKey(doc.Text({parts[k].begin, parts[m - 1].end}));
          posts.clear();
          uint8_t flags = 0;
          if (gaz_->Lookup(key, posts, &flags)) {
            best_m = m;
            pc = PlaceCandidate();
            pc.sentence = si;
            pc.token_begin = i;
            pc.token_end = i + 1;
            pc.span = {parts[k].begin, parts[m - 1].end};
            pc.key = std::move(key);
            pc.postings = posts;
            pc.key_flags = flags;
            pc.in_compound = true;
          }
          if (!(flags & kGeoKeyExtended)) break;
        }
        if (!best_m) continue;
        // "X-based", "X-born", "X-area": the compound says it is a place.
        if (best_m < parts.size()) {
          std::string suffix = Lowercase(doc.Text({parts[best_m].begin, t.span.end}));
          if (suffix == "based" || suffix == "born" || suffix == "area" || suffix == "bound" ||
              suffix == "headquartered") {
            pc.cue = "X-" + suffix;
            pc.strong = true;
          }
        }
        // "anti-American", "pro-Russian": a stance, not a place.
        if (k > 0) {
          std::string prefix = Lowercase(doc.Text(parts[k - 1]));
          if (prefix == "anti" || prefix == "pro" || prefix == "non" || prefix == "ex" || prefix == "pan") {
            k = best_m - 1;
            continue;
          }
        }
        out.push_back(std::move(pc));
        k = best_m - 1;
      }
    }
  }
}

void PlaceFinder::ReadCues(const Document& doc, std::vector<PlaceCandidate>& cands) const {
  for (size_t c = 0; c < cands.size(); ++c) {
    PlaceCandidate& pc = cands[c];
    const Sentence& s = doc.sentences[pc.sentence];
    uint32_t i = pc.token_begin;
    auto lower_at = [&](int64_t k) -> std::string_view {
      if (k < static_cast<int64_t>(s.token_begin) || k >= static_cast<int64_t>(s.token_end)) return {};
      return doc.tokens[static_cast<size_t>(k)].lower;
    };
    pc.sentence_initial = i == s.token_begin;
    // Opening quotes or brackets at the start of a sentence.
    if (!pc.sentence_initial) {
      bool only_punct = true;
      for (uint32_t k = s.token_begin; k < i; ++k) only_punct = only_punct && doc.tokens[k].Has(kTokPunct);
      pc.sentence_initial = only_punct;
    }
    if (pc.in_compound) {
      // Leave the cue of the compound, but a locative word before the
      // compound also counts ("in Idlib-controlled areas").
      if (LocativeWords().count(lower_at(static_cast<int64_t>(i) - 1))) pc.strong = true;
      continue;
    }
    // Skip "the" and a direction before the name: "in the Gaza Strip",
    // "in northern Syria".
    int64_t k = static_cast<int64_t>(i) - 1;
    if (lower_at(k) == "the") --k;
    std::string_view before = lower_at(k);
    if (LocativeWords().count(before)) {
      pc.strong = true;
      pc.cue = fmt::format("'{}' X", before);
    } else if (before == "of") {
      std::string_view b2 = lower_at(k - 1);
      if (b2 == "the") b2 = lower_at(k - 2);
      if (OfFrameWords().count(b2)) {
        pc.strong = true;
        pc.cue = fmt::format("'{} of' X", b2);
        int lvl = KindWordLevel(b2);
        if (lvl >= 0) pc.level_hint = lvl;
      }
    }
    // "X province", "the X region", "X County" (when not part of the key).
    std::string_view after = lower_at(pc.token_end);
    int lvl = KindWordLevel(after);
    if (lvl >= -1) {
      pc.strong = true;
      pc.cue = fmt::format("X '{}'", after);
      if (lvl >= 0) pc.level_hint = lvl;
    }
    // Datelines: "BAGHDAD (Reuters) -", "GAINESVILLE, Ga. --" at a paragraph start.
    const Token& t = doc.tokens[i];
    if (t.Has(kTokParagraphStart) && t.Has(kTokAllCaps) && pc.token_end < s.token_end) {
      std::string_view n = doc.tokens[pc.token_end].norm;
      if (n == "(" || n == "-" || n == "--" || n == "," || n == ":") {
        pc.strong = true;
        pc.cue = "dateline";
      }
    }
    // A one-word name before a capitalised word that is no part of a place
    // or office name is a first name ("Lincoln Chafee", "Kristina Smith").
    if (pc.token_end == i + 1 && pc.token_end < s.token_end) {
      const Token& n = doc.tokens[pc.token_end];
      bool next_is_place = c + 1 < cands.size() && cands[c + 1].token_begin == pc.token_end;
      if (StartsUpper(n) && n.Has(kTokWord) && !n.Has(kTokAllCaps) && !next_is_place && !IsOrgWord(n.lower) &&
          !doc.tokens[i].Has(kTokAllCaps))
        pc.first_name = true;
    }
    // Titles and first names before: "Gov. Jackson", "Jesse Jackson".
    std::string_view prev = lower_at(static_cast<int64_t>(i) - 1);
    if (!prev.empty() && IsTitle(prev)) pc.after_title = true;
    if (i > s.token_begin && !pc.sentence_initial) {
      const Token& p = doc.tokens[i - 1];
      bool prev_is_place = c > 0 && cands[c - 1].token_end == i && !cands[c - 1].in_compound;
      if (StartsUpper(p) && p.Has(kTokWord) && !prev_is_place && !IsPlacePrefixWord(p.lower) &&
          !(i - 1 == s.token_begin) && !p.Has(kTokAllCaps))
        pc.after_name = true;
      // Two one-word names in a row are a person's first name and surname
      // ("Gary Wilson", "Stephen Davis": Gary, Indiana and Davis, California
      // are in the gazetteer too); a place in a place would be written with a
      // comma, and two-word places are found whole.
      PlaceCandidate* prev = prev_is_place ? &cands[c - 1] : nullptr;
      if (prev && prev->token_end == prev->token_begin + 1 && pc.token_end == i + 1 && StartsUpper(p) &&
          !p.Has(kTokAllCaps) && !doc.tokens[i].Has(kTokAllCaps) && p.norm.size() > 1 &&
          !prev->sentence_initial && !IsPlacePrefixWord(p.lower) && !IsStopName(prev->key) &&
          !NamesCountry(*prev) && !NamesCountry(pc)) {
        pc.after_name = true;
        prev->first_name = true;
      }
    }
  }
  // Comma containers: "Springfield, Illinois", "Decatur, Ga.", "Aleppo, Syria".
  for (size_t c = 0; c + 1 < cands.size(); ++c) {
    PlaceCandidate& a = cands[c];
    PlaceCandidate& b = cands[c + 1];
    if (a.sentence != b.sentence || a.in_compound || b.in_compound) continue;
    if (b.token_begin != a.token_end + 1 || doc.tokens[a.token_end].lower != ",") continue;
    bool container = false;
    for (const GeoPosting& p : b.postings) {
      GeoLevel lv = gaz_->Entry(p.entry).level;
      if (lv == GeoLevel::kAdmin1 || lv == GeoLevel::kCountry || lv == GeoLevel::kAdmin2) container = true;
    }
    if (!container) continue;
    b.after_comma_of = static_cast<int>(c);
    a.container = static_cast<int>(c + 1);
    a.strong = true;
    b.strong = true;
    if (a.cue.empty()) a.cue = "X, <container>";
    if (b.cue.empty()) b.cue = "<place>, X";
  }
}

bool PlaceFinder::Keep(const Document& doc, PlaceCandidate& pc) const {
  std::string_view surface = doc.Text(pc.span);
  bool all_caps = !HasLower(surface);
  size_t letters = 0;
  for (char c : surface) letters += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  std::vector<GeoPosting> kept;
  for (const GeoPosting& p : pc.postings) {
    switch (p.kind) {
      case GeoNameKind::kAbbrev:
        if (!all_caps) continue;
        break;
      case GeoNameKind::kAfterComma:
        if (pc.after_comma_of < 0) continue;
        if (letters <= 2 && !all_caps) continue;
        break;
      case GeoNameKind::kAdjective:
        if (!adjectives_) continue;
        break;
      case GeoNameKind::kName:
        // "AP", "CNN": an all-capital short word is an acronym, not a town
        // (datelines are the exception: "PARIS -").
        if (all_caps && letters <= 4 && pc.cue != "dateline") continue;
        break;
    }
    kept.push_back(p);
  }
  pc.postings.swap(kept);
  if (pc.postings.empty()) return false;
  bool adjective_only = true;
  for (const GeoPosting& p : pc.postings) adjective_only = adjective_only && p.kind == GeoNameKind::kAdjective;
  pc.adjective = adjective_only;
  if (pc.after_title) return false;
  if (pc.after_name && !pc.strong) return false;
  if (IsStopName(pc.key)) return false;
  if (pc.first_name && !pc.strong) return false;
  // Tagger evidence: a capitalised word the tagger does not take for a
  // proper noun is a word at the start of a sentence or in a title
  // ("Reading the report", "Mobile phones").
  bool tagged = false, propn = false;
  for (uint32_t k = pc.token_begin; k < pc.token_end; ++k) {
    const Token& t = doc.tokens[k];
    tagged = tagged || !t.upos.empty();
    propn = propn || t.upos == "PROPN";
  }
  if (pc.adjective) {
    // Demonyms are capitalised adjectives or plural nouns; nothing to check.
    return true;
  }
  // A name that is also a word needs a cue ("Mobile phones"), except a
  // country's capitalised inside a sentence: "China", "Turkey", "US" (the
  // abbreviation matches only in capitals).
  bool common = (pc.key_flags & kGeoKeyCommonWord) != 0;
  if (common && !pc.strong && !(NamesCountry(pc) && (!pc.sentence_initial || propn))) return false;
  if (pc.sentence_initial && tagged && !propn && !pc.strong) return false;
  if (tagged && !propn && !pc.strong && !pc.in_compound) {
    // Country and state names are sometimes tagged as adjectives or nouns.
    bool division = false;
    for (const GeoPosting& p : pc.postings) {
      GeoLevel lv = gaz_->Entry(p.entry).level;
      division = division || lv == GeoLevel::kCountry || lv == GeoLevel::kAdmin1 || lv == GeoLevel::kContinent;
    }
    if (!division) return false;
  }
  return true;
}

namespace {

double Km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = M_PI / 180;
  double p1 = lat1 * kRad, p2 = lat2 * kRad, dp = (lat2 - lat1) * kRad, dl = (lon2 - lon1) * kRad;
  double h = std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(h)));
}

double LevelPrior(const GeoEntry& e) {
  switch (e.level) {
    case GeoLevel::kContinent: return 6.0;
    case GeoLevel::kCountry: return 4.5;
    case GeoLevel::kRegion: return 3.0;
    case GeoLevel::kAdmin1: return 2.5;
    case GeoLevel::kAdmin2: return -0.5;
    case GeoLevel::kCity: break;
  }
  if (e.feature == "P.PPLC") return 1.5;
  if (e.feature == "P.PPLA") return 0.8;
  if (e.feature == "P.PPLA2") return 0.3;
  if (e.feature == "P.PPLX") return -0.7;
  return 0.0;
}

}  // namespace

void PlaceFinder::Link(const Document& doc, std::vector<PlaceCandidate>& cands) const {
  // Votes of the document: each distinct name votes once for the countries
  // and admin1 divisions it can be in (split between them), so an
  // unambiguous "Hall County" says more than an ambiguous "Georgia".
  struct Votes {
    std::unordered_map<std::string, double> country, admin1;
    double total = 0;
  };
  auto cast = [&](Votes& v, const std::vector<std::pair<std::string, std::string>>& places, double weight) {
    std::unordered_set<std::string> cs, as;
    for (const auto& [c, a] : places) {
      if (!c.empty()) cs.insert(c);
      if (!a.empty()) as.insert(a);
    }
    for (const std::string& c : cs) v.country[c] += weight / static_cast<double>(cs.size());
    for (const std::string& a : as) v.admin1[a] += weight / static_cast<double>(as.size());
    if (!cs.empty()) v.total += weight;
  };
  // Per distinct key, its possible (country, admin1) pairs.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_key;
  for (const PlaceCandidate& pc : cands) {
    auto& list = by_key[pc.key];
    if (!list.empty()) continue;
    for (size_t k = 0; k < pc.postings.size() && k < 12; ++k) {
      GeoEntry e = gaz_->Entry(pc.postings[k].entry);
      if (e.level == GeoLevel::kContinent || (e.level == GeoLevel::kRegion && e.country.empty())) continue;
      list.emplace_back(std::string(e.country), e.level == GeoLevel::kCountry ? "" : std::string(e.adm1));
    }
  }
  Votes soft;
  for (const auto& [key, list] : by_key) cast(soft, list, 1.0);
  // The actors' countries ("Iraqi officials") count half a name each.
  std::unordered_set<std::string> actor_countries;
  for (const Mention& m : doc.mentions)
    if (m.kind == MentionKind::kActor && m.country.size() == 3) actor_countries.insert(m.country);
  for (const std::string& c : actor_countries) {
    soft.country[c] += 0.5;
    soft.total += 0.5;
  }

  // Anchors for "near the document's other places": each distinct chosen city
  // or district, with the names (keys) of the candidates that chose it. Kept
  // by entry, not by candidate, so a document that repeats names costs
  // O(candidates) and not O(candidates^2); at most kMaxAnchors entries are
  // consulted per candidate (the linear-time guarantee, docs/architecture.md).
  struct AnchorInfo {
    double lat = 0, lon = 0;
    std::map<std::string, int> keys;
  };
  constexpr size_t kMaxAnchors = 256;
  std::map<uint32_t, AnchorInfo> anchors;
  auto move_anchor = [&](const PlaceCandidate& a, int sign) {
    if (a.chosen == UINT32_MAX) return;
    GeoEntry ae = gaz_->Entry(a.chosen);
    if (ae.level != GeoLevel::kCity && ae.level != GeoLevel::kAdmin2) return;
    AnchorInfo& info = anchors[a.chosen];
    info.lat = ae.lat;
    info.lon = ae.lon;
    if ((info.keys[a.key] += sign) <= 0) info.keys.erase(a.key);
    if (info.keys.empty()) anchors.erase(a.chosen);
  };
  auto score_all = [&](PlaceCandidate& pc, const Votes& v, std::vector<Scored>& out) {
    out.clear();
    // This name's own votes do not count for it.
    const auto& own = by_key[pc.key];
    std::unordered_set<std::string> own_c, own_a;
    for (const auto& [c, a] : own) {
      if (!c.empty()) own_c.insert(c);
      if (!a.empty()) own_a.insert(a);
    }
    double total = v.total - (own_c.empty() ? 0 : 1);
    std::unordered_set<uint32_t> container_entries;
    if (pc.container >= 0)
      for (const GeoPosting& p : cands[static_cast<size_t>(pc.container)].postings) container_entries.insert(p.entry);
    // Provinces named after their capital ("Hanoi", "Dubai", "Istanbul"):
    // news means the city unless a kind word says otherwise.
    std::unordered_set<std::string> namesake_admin1;
    for (size_t k = 0; k < pc.postings.size() && k < 64; ++k) {
      GeoEntry e = gaz_->Entry(pc.postings[k].entry);
      if (e.level == GeoLevel::kAdmin1 && pc.postings[k].kind == GeoNameKind::kName) namesake_admin1.insert(std::string(e.adm1));
    }
    for (size_t k = 0; k < pc.postings.size() && k < 64; ++k) {
      const GeoPosting& p = pc.postings[k];
      GeoEntry e = gaz_->Entry(p.entry);
      Scored s;
      s.entry = p.entry;
      s.kind = p.kind;
      s.population = std::log10(static_cast<double>(e.population) + 1.0);
      s.level = LevelPrior(e);
      if (e.level == GeoLevel::kCity && (e.feature == "P.PPLC" || e.feature == "P.PPLA") &&
          namesake_admin1.count(std::string(e.adm1)))
        s.level += 2.5;
      s.name = NormalizePlaceKey(e.name) == pc.key ? 0.7 : 0.0;
      if (total > 0 && !e.country.empty()) {
        auto it = v.country.find(std::string(e.country));
        double votes = it == v.country.end() ? 0 : it->second;
        if (own_c.count(std::string(e.country))) votes -= 1.0 / static_cast<double>(own_c.size());
        s.country = 4.0 * std::max(0.0, votes) / total;
      }
      if (total > 0 && !e.adm1.empty() && e.level != GeoLevel::kCountry) {
        auto it = v.admin1.find(std::string(e.adm1));
        double votes = it == v.admin1.end() ? 0 : it->second;
        if (own_a.count(std::string(e.adm1))) votes -= 1.0 / static_cast<double>(own_a.size());
        s.admin1 = 3.0 * std::max(0.0, votes) / total;
      }
      if (actor_countries.count(std::string(e.country))) s.actor = 0.5;
      // Near the document's other places.
      double nearest = 1e9;
      size_t consulted = 0;
      for (const auto& [entry, info] : anchors) {
        if (++consulted > kMaxAnchors) break;
        if (info.keys.size() == 1 && info.keys.begin()->first == pc.key) continue;  // only this name chose it
        nearest = std::min(nearest, Km(e.lat, e.lon, info.lat, info.lon));
      }
      if (e.level == GeoLevel::kCity || e.level == GeoLevel::kAdmin2)
        s.near = nearest < 50 ? 2.0 : nearest < 200 ? 1.2 : nearest < 500 ? 0.4 : 0.0;
      // Explicit container: "Springfield, Illinois".
      if (!container_entries.empty()) {
        bool inside = false;
        for (uint32_t ce : container_entries) {
          GeoEntry c = gaz_->Entry(ce);
          if ((c.level == GeoLevel::kAdmin1 && c.adm1 == e.adm1) ||
              (c.level == GeoLevel::kCountry && c.country == e.country) ||
              (c.level == GeoLevel::kAdmin2 && c.adm2 == e.adm2 && !e.adm2.empty()))
            inside = true;
        }
        s.hint += inside ? 6.0 : -6.0;
      }
      if (pc.level_hint >= 0) s.hint += static_cast<int>(e.level) == pc.level_hint ? 3.0 : 0.0;
      // A dateline names a town ("NEW YORK (Reuters) -").
      if (pc.cue == "dateline" && e.level == GeoLevel::kCity) s.hint += 6.0;
      // A state abbreviation after a comma is the state.
      if (p.kind == GeoNameKind::kAfterComma) s.hint += 3.0;
      s.total = s.population + s.level + s.name + s.country + s.admin1 + s.near + s.hint + s.actor;
      out.push_back(s);
    }
    std::stable_sort(out.begin(), out.end(), [](const Scored& a, const Scored& b) { return a.total > b.total; });
  };

  auto decide = [&](PlaceCandidate& pc, const std::vector<Scored>& sc) {
    pc.chosen = sc.front().entry;
    const Scored& w = sc.front();
    pc.support = w.admin1 + w.near + w.hint;
    if (sc.size() == 1) {
      pc.score = 0.9;
      pc.link_rule = "only entry";
      return;
    }
    const Scored& r = sc[1];
    double margin = w.total - r.total;
    pc.score = 1.0 / (1.0 + std::exp(-margin));
    struct Part {
      const char* name;
      double d;
    } parts[] = {{"population", w.population - r.population},
                 {"feature", w.level - r.level},
                 {"exact name", w.name - r.name},
                 {"document's countries", w.country - r.country},
                 {"document's admin1", w.admin1 - r.admin1},
                 {"near other places", w.near - r.near},
                 {pc.container >= 0 ? "container" : "kind word", w.hint - r.hint},
                 {"actors' countries", w.actor - r.actor}};
    const Part* top = &parts[0];
    for (const Part& p : parts)
      if (p.d > top->d) top = &p;
    pc.link_rule = top->name;
  };

  std::vector<Scored> sc;
  // Pass 1: soft votes. Pass 2: votes of the first pass's choices, and the
  // distances to them.
  for (PlaceCandidate& pc : cands) {
    score_all(pc, soft, sc);
    if (!sc.empty()) decide(pc, sc);
  }
  Votes hard;
  {
    std::map<std::string, std::pair<std::string, std::string>> chosen_by_key;
    for (const PlaceCandidate& pc : cands) {
      if (pc.chosen == UINT32_MAX) continue;
      GeoEntry e = gaz_->Entry(pc.chosen);
      if (e.level == GeoLevel::kContinent) continue;
      chosen_by_key[pc.key] = {std::string(e.country), e.level == GeoLevel::kCountry ? "" : std::string(e.adm1)};
    }
    for (const auto& [key, ca] : chosen_by_key) cast(hard, {ca}, 1.0);
    for (const std::string& c : actor_countries) {
      hard.country[c] += 0.5;
      hard.total += 0.5;
    }
    // score_all subtracts a name's own vote as if split over its candidates;
    // with hard votes a name has one, so rebuild by_key to match.
    for (auto& [key, list] : by_key) {
      auto it = chosen_by_key.find(key);
      list.clear();
      if (it != chosen_by_key.end()) list.push_back(it->second);
    }
    for (const PlaceCandidate& pc : cands) move_anchor(pc, +1);
  }
  std::vector<uint32_t> first_choice;
  for (const PlaceCandidate& pc : cands) first_choice.push_back(pc.chosen);
  for (size_t c = 0; c < cands.size(); ++c) {
    PlaceCandidate& pc = cands[c];
    score_all(pc, hard, sc);
    if (sc.empty()) continue;
    move_anchor(pc, -1);
    decide(pc, sc);
    move_anchor(pc, +1);
    pc.alternatives.clear();
    for (size_t k = 0; k < sc.size() && k < 3; ++k) {
      GeoEntry e = gaz_->Entry(sc[k].entry);
      pc.alternatives.push_back(fmt::format(
          "{} ({}, {}, {}, pop {}): {:.2f} = population {:.2f} + feature {:.2f} + name {:.2f} + countries "
          "{:.2f} + admin1 {:.2f} + near {:.2f} + hint {:.2f} + actors {:.2f}",
          e.name, e.feature, e.adm1.empty() ? "-" : e.adm1, e.country.empty() ? "-" : e.country, e.population,
          sc[k].total, sc[k].population, sc[k].level, sc[k].name, sc[k].country, sc[k].admin1, sc[k].near,
          sc[k].hint, sc[k].actor));
    }
  }
  // One name, one place within a document, unless a container or kind word
  // says otherwise: the most confident reading wins.
  std::map<std::string, size_t> best_of_key;
  for (size_t c = 0; c < cands.size(); ++c) {
    auto [it, fresh] = best_of_key.emplace(cands[c].key, c);
    if (!fresh && cands[c].score > cands[it->second].score) it->second = c;
  }
  for (PlaceCandidate& pc : cands) {
    const PlaceCandidate& b = cands[best_of_key[pc.key]];
    if (&b == &pc || pc.container >= 0 || pc.level_hint >= 0 || b.chosen == pc.chosen) continue;
    pc.chosen = b.chosen;
    pc.score = b.score;
    pc.link_rule = "same name as a surer mention in the document (" + b.link_rule + ")";
  }
}

bool PlaceFinder::NamesCountry(const PlaceCandidate& pc) const {
  for (const GeoPosting& g : pc.postings)
    if (g.kind != GeoNameKind::kAdjective && gaz_->Entry(g.entry).level == GeoLevel::kCountry) return true;
  return false;
}

Status PlaceFinder::Annotate(Document& doc) const {
  std::vector<PlaceCandidate> cands;
  FindCandidates(doc, cands);
  ReadCues(doc, cands);
  std::vector<PlaceCandidate> kept;
  kept.reserve(cands.size());
  // Actor mentions by first token, to keep actors and places apart.
  std::unordered_map<uint32_t, const Mention*> actor_at;
  for (const Mention& m : doc.mentions)
    if (m.kind == MentionKind::kActor)
      for (uint32_t t = m.token_begin; t < m.token_end; ++t) actor_at[t] = &m;
  // Words of people's names in this document: a later "Jones" alone is the
  // same person, not Jones, Oklahoma.
  // A country's name is a place mention even where it stands for its
  // government ("China and Japan signed") or titles a person ("U.S.
  // President Donald Trump"), as geoparsing corpora annotate it; a city's
  // name there is not ("Washington said").
  auto names_country = [&](const PlaceCandidate& pc) { return NamesCountry(pc); };
  std::vector<bool> country_token(doc.tokens.size(), false);
  for (const PlaceCandidate& pc : cands)
    if (names_country(pc))
      for (uint32_t t = pc.token_begin; t < pc.token_end; ++t) country_token[t] = true;
  std::unordered_set<std::string> person_keys;
  for (const PlaceCandidate& pc : cands)
    if (pc.after_name || pc.after_title || pc.first_name) person_keys.insert(pc.key);
  for (const Mention& m : doc.mentions)
    if (m.kind == MentionKind::kActor && m.entry.find("people.txt") != std::string::npos)
      for (uint32_t t = m.token_begin; t < m.token_end; ++t)
        if (!country_token[t]) person_keys.insert(NormalizePlaceKey(doc.tokens[t].norm));
  for (size_t c = 0; c < cands.size(); ++c) {
    PlaceCandidate& pc = cands[c];
    if (!Keep(doc, pc)) continue;
    bool country = names_country(pc);
    bool one_word = pc.token_end == pc.token_begin + 1 && !pc.in_compound;
    if (one_word && !pc.strong && !pc.adjective && !country && person_keys.count(pc.key)) continue;
    auto it = actor_at.find(pc.token_begin);
    const Mention* actor = it == actor_at.end() || pc.in_compound ? nullptr : it->second;
    // People and organisations from the actor dictionaries are not places
    // ("Paris Hilton", "Hamas"); a country before a person's name still is.
    if (actor && (actor->entry.find("people.txt") != std::string::npos ||
                  actor->entry.find("organizations.txt") != std::string::npos) &&
        !(country && actor->token_end > pc.token_end))
      continue;
    // "Washington said", "Jones told": the subject of a verb of saying or
    // acting is an actor, a place name there stands for a government or is
    // a person's name.
    const Token& head_tok = doc.tokens[pc.token_end - 1];
    bool subject = head_tok.deprel == "nsubj" || head_tok.deprel == "nsubj:pass";
    if (subject && !pc.strong && !pc.adjective && !pc.in_compound && !country) {
      const Sentence& s = doc.sentences[pc.sentence];
      int32_t h = head_tok.head;
      if (h >= 0 && s.token_begin + static_cast<uint32_t>(h) < s.token_end) {
        const Token& verb = doc.tokens[s.token_begin + static_cast<uint32_t>(h)];
        std::string_view lemma = verb.lemma.empty() ? std::string_view(verb.lower) : std::string_view(verb.lemma);
        if (IsActorVerb(lemma)) continue;
      }
    }
    kept.push_back(std::move(pc));
  }
  // Container indices refer to the unfiltered list: re-point them.
  {
    std::vector<int> remap(cands.size(), -1);
    size_t j = 0;
    for (size_t c = 0; c < cands.size() && j < kept.size(); ++c)
      if (cands[c].span == kept[j].span && cands[c].sentence == kept[j].sentence) remap[c] = static_cast<int>(j++);
    for (PlaceCandidate& pc : kept) {
      if (pc.container >= 0) pc.container = remap[static_cast<size_t>(pc.container)];
      if (pc.after_comma_of >= 0) pc.after_comma_of = remap[static_cast<size_t>(pc.after_comma_of)];
    }
  }
  Link(doc, kept);
  for (PlaceCandidate& pc : kept) {
    if (pc.chosen == UINT32_MAX) continue;
    GeoEntry e = gaz_->Entry(pc.chosen);
    // A small town named without any cue and with nothing else of the
    // document near it or in its state is more often a person's or a
    // company's name ("Moore", "Toyota").
    if (!pc.strong && e.level == GeoLevel::kCity && e.population < kSmallTown && pc.support < 0.5) continue;
    Place p;
    p.span = pc.span;
    p.sentence = pc.sentence;
    p.token_begin = pc.token_begin;
    p.token_end = pc.token_end;
    p.geonameid = e.geonameid;
    p.name = e.name;
    p.full_name = FullName(e);
    p.country = e.country;
    p.country_fips = e.country_fips;
    p.country_name = e.country_name;
    if (e.level != GeoLevel::kCountry) {
      p.adm1 = e.adm1;
      p.adm1_name = e.adm1_name;
    }
    if (e.level == GeoLevel::kCity || e.level == GeoLevel::kAdmin2) p.adm2_name = e.adm2_name;
    p.lat = e.lat;
    p.lon = e.lon;
    p.feature = e.feature;
    p.population = e.population;
    p.score = std::round(pc.score * 1000) / 1000;
    p.adjective = pc.adjective;
    std::string found = pc.cue.empty() ? (pc.adjective ? "adjective" : "name") : pc.cue;
    p.rule = found + "; " + pc.link_rule;
    for (const std::string& a : pc.alternatives) p.explain += (p.explain.empty() ? "" : " | ") + a;
    doc.places.push_back(std::move(p));
  }
  return Status::Ok();
}

std::string FullName(const GeoEntry& e) {
  std::string out(e.name);
  if (e.level != GeoLevel::kCountry && e.level != GeoLevel::kAdmin1 && !e.adm1_name.empty() && e.adm1_name != e.name)
    out += fmt::format(", {}", e.adm1_name);
  if (e.level != GeoLevel::kCountry && !e.country_name.empty()) out += fmt::format(", {}", e.country_name);
  return out;
}

namespace {

class PlacesStage : public Stage {
 public:
  explicit PlacesStage(std::shared_ptr<const PlaceFinder> finder) : finder_(std::move(finder)) {}
  std::string_view name() const override { return "places"; }
  Annotations required() const override { return kAnnTokens | kAnnSentences | kAnnActors; }
  Annotations assigned() const override { return kAnnPlaces; }
  Status Process(Document& doc, StageScratch*) const override {
    doc.places.clear();
    DYAD_RETURN_IF_ERROR(finder_->Annotate(doc));
    if (!doc.events.empty()) LocateEvents(doc, *finder_->gazetteer());
    return Status::Ok();
  }

 private:
  std::shared_ptr<const PlaceFinder> finder_;
};

}  // namespace

Result<std::shared_ptr<const Gazetteer>> LoadSharedGazetteer(const std::string& path) {
  // One mapping per path for the whole process: stages built concurrently
  // (or once per ingest worker) share it.
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<const Gazetteer>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(path);
  if (it != cache.end())
    if (auto g = it->second.lock()) return g;
  auto g = Gazetteer::Open(path);
  if (!g.ok()) return g.status();
  cache[path] = *g;
  return *g;
}

void RegisterPlaceStages(StageRegistry& registry) {
  registry.Register("places", [](const StageConfig& c) -> Result<std::unique_ptr<Stage>> {
    std::string path = c.Get("gazetteer", DefaultGazetteerPath(c.data_dir));
    auto gaz = LoadSharedGazetteer(path);
    if (!gaz.ok()) return gaz.status();
    std::string adj = c.Get("adjectives", "yes");
    if (adj != "yes" && adj != "no") return Status::InvalidArgument("places: adjectives=yes|no");
    return std::unique_ptr<Stage>(new PlacesStage(std::make_shared<PlaceFinder>(*gaz, adj == "yes")));
  });
}

}  // namespace dyad
