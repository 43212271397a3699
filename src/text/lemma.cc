// GuessLemma: a POS-free English lemmatiser for lower-cased words.
//
// Order: an exception table (irregular verbs and nouns, words that must not
// change), then suffix rules for -s/-es/-ies, -ed/-ied and -ing with doubled
// consonant and silent-e handling. A stand-in until a trained lemmatiser runs.

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dyad/text.h"

namespace dyad {

namespace {

struct Pair {
  std::string_view form;
  std::string_view lemma;
};

// Irregular forms; an entry mapping a word to itself protects it from the rules.
constexpr Pair kIrregular[] = {
    // be / have / do / go and clitic forms
    {"am", "be"}, {"are", "be"}, {"is", "be"}, {"was", "be"}, {"were", "be"}, {"been", "be"},
    {"being", "be"}, {"has", "have"}, {"had", "have"}, {"having", "have"}, {"does", "do"},
    {"did", "do"}, {"done", "do"}, {"doing", "do"}, {"goes", "go"}, {"went", "go"},
    {"gone", "go"}, {"going", "go"}, {"n't", "not"}, {"'m", "be"}, {"'re", "be"},
    {"'ve", "have"}, {"'ll", "will"}, {"'d", "would"}, {"ca", "can"}, {"wo", "will"},
    // irregular verbs
    {"said", "say"}, {"says", "say"}, {"made", "make"}, {"took", "take"}, {"taken", "take"},
    {"gave", "give"}, {"given", "give"}, {"got", "get"}, {"gotten", "get"}, {"came", "come"},
    {"saw", "see"}, {"seen", "see"}, {"knew", "know"}, {"known", "know"},
    {"thought", "think"}, {"told", "tell"}, {"found", "find"}, {"left", "leave"},
    {"met", "meet"}, {"held", "hold"}, {"led", "lead"}, {"kept", "keep"}, {"sent", "send"},
    {"spent", "spend"}, {"built", "build"}, {"rebuilt", "rebuild"}, {"brought", "bring"},
    {"bought", "buy"}, {"fought", "fight"}, {"sought", "seek"}, {"taught", "teach"},
    {"caught", "catch"}, {"stood", "stand"}, {"understood", "understand"}, {"won", "win"},
    {"lost", "lose"}, {"began", "begin"}, {"begun", "begin"}, {"beginning", "begin"},
    {"ran", "run"}, {"fell", "fall"}, {"fallen", "fall"}, {"rose", "rise"}, {"risen", "rise"},
    {"arose", "arise"}, {"arisen", "arise"}, {"spoke", "speak"}, {"spoken", "speak"},
    {"wrote", "write"}, {"written", "write"}, {"broke", "break"}, {"broken", "break"},
    {"chose", "choose"}, {"chosen", "choose"}, {"drove", "drive"}, {"driven", "drive"},
    {"ate", "eat"}, {"eaten", "eat"}, {"forgot", "forget"}, {"forgotten", "forget"},
    {"froze", "freeze"}, {"frozen", "freeze"}, {"hid", "hide"}, {"hidden", "hide"},
    {"shook", "shake"}, {"shaken", "shake"}, {"stole", "steal"}, {"stolen", "steal"},
    {"struck", "strike"}, {"swore", "swear"}, {"sworn", "swear"}, {"tore", "tear"},
    {"torn", "tear"}, {"threw", "throw"}, {"thrown", "throw"}, {"wore", "wear"},
    {"worn", "wear"}, {"withdrew", "withdraw"}, {"withdrawn", "withdraw"}, {"drew", "draw"},
    {"drawn", "draw"}, {"grew", "grow"}, {"grown", "grow"}, {"flew", "fly"}, {"flown", "fly"},
    {"blew", "blow"}, {"blown", "blow"}, {"shown", "show"}, {"sold", "sell"},
    {"felt", "feel"}, {"dealt", "deal"}, {"meant", "mean"}, {"paid", "pay"}, {"laid", "lay"},
    {"fled", "flee"}, {"fed", "feed"}, {"bled", "bleed"}, {"bred", "breed"}, {"shot", "shoot"},
    {"sat", "sit"}, {"hung", "hang"}, {"sang", "sing"}, {"sung", "sing"}, {"sank", "sink"},
    {"sunk", "sink"}, {"became", "become"}, {"overcame", "overcome"},
    {"undertook", "undertake"}, {"undertaken", "undertake"}, {"overtook", "overtake"},
    {"overtaken", "overtake"}, {"forbade", "forbid"}, {"forbidden", "forbid"},
    {"bore", "bear"}, {"borne", "bear"}, {"beaten", "beat"}, {"bound", "bind"},
    {"bit", "bite"}, {"bitten", "bite"}, {"dug", "dig"}, {"forgave", "forgive"},
    {"forgiven", "forgive"}, {"lit", "light"}, {"lent", "lend"}, {"slid", "slide"},
    {"spun", "spin"}, {"stuck", "stick"}, {"swung", "swing"}, {"overthrew", "overthrow"},
    {"overthrown", "overthrow"}, {"upheld", "uphold"}, {"withheld", "withhold"},
    {"misled", "mislead"}, {"foresaw", "foresee"}, {"foreseen", "foresee"}, {"rode", "ride"},
    {"ridden", "ride"}, {"woke", "wake"}, {"woken", "wake"}, {"sprang", "spring"},
    {"sprung", "spring"}, {"strove", "strive"}, {"striven", "strive"}, {"wove", "weave"},
    {"woven", "weave"}, {"dove", "dive"}, {"fleeing", "flee"}, {"agreed", "agree"},
    {"agreeing", "agree"}, {"disagreed", "disagree"}, {"guaranteed", "guarantee"},
    {"freed", "free"}, {"decreed", "decree"}, {"saying", "say"}, {"lying", "lie"},
    {"dying", "die"}, {"tying", "tie"}, {"lied", "lie"}, {"died", "die"}, {"tied", "tie"},
    {"focused", "focus"}, {"focuses", "focus"}, {"focusing", "focus"}, {"biased", "bias"},
    {"leaving", "leave"}, {"used", "use"}, {"owed", "owe"}, {"emphasized", "emphasize"}, {"demanded", "demand"},
    // irregular and Latin/Greek plurals
    {"men", "man"}, {"women", "woman"}, {"children", "child"}, {"feet", "foot"},
    {"teeth", "tooth"}, {"mice", "mouse"}, {"geese", "goose"}, {"crises", "crisis"},
    {"analyses", "analysis"}, {"bases", "base"}, {"theses", "thesis"},
    {"hypotheses", "hypothesis"}, {"diagnoses", "diagnosis"}, {"phenomena", "phenomenon"},
    {"criteria", "criterion"}, {"lives", "life"}, {"wives", "wife"}, {"knives", "knife"},
    {"halves", "half"}, {"thieves", "thief"}, {"wolves", "wolf"}, {"shelves", "shelf"},
    {"leaves", "leave"}, {"selves", "self"}, {"buses", "bus"}, {"viruses", "virus"},
    {"bonuses", "bonus"}, {"campuses", "campus"}, {"statuses", "status"},
    {"censuses", "census"}, {"surpluses", "surplus"}, {"consensuses", "consensus"},
    {"headaches", "headache"}, {"aches", "ache"}, {"movies", "movie"}, {"canoes", "canoe"},
    {"shoes", "shoe"}, {"toes", "toe"}, {"foes", "foe"}, {"oboes", "oboe"},
    {"quizzes", "quiz"}, {"gases", "gas"}, {"biases", "bias"}, {"aliases", "alias"},
    {"atlases", "atlas"},
    // words that look inflected but are not (kept as they are)
    {"always", "always"}, {"perhaps", "perhaps"}, {"sometimes", "sometimes"},
    {"besides", "besides"}, {"towards", "towards"}, {"afterwards", "afterwards"},
    {"upwards", "upwards"}, {"downwards", "downwards"}, {"backwards", "backwards"},
    {"forwards", "forwards"}, {"whereas", "whereas"}, {"nevertheless", "nevertheless"},
    {"unless", "unless"}, {"thus", "thus"}, {"plus", "plus"}, {"minus", "minus"},
    {"news", "news"}, {"series", "series"}, {"species", "species"}, {"means", "means"},
    {"lens", "lens"}, {"its", "its"}, {"his", "his"}, {"hers", "hers"}, {"ours", "ours"},
    {"yours", "yours"}, {"theirs", "theirs"}, {"this", "this"}, {"us", "us"}, {"as", "as"},
    {"yes", "yes"}, {"chaos", "chaos"}, {"ethos", "ethos"}, {"headquarters", "headquarters"},
    {"whereabouts", "whereabouts"}, {"outskirts", "outskirts"}, {"overseas", "overseas"},
    {"gas", "gas"}, {"bias", "bias"}, {"atlas", "atlas"}, {"alias", "alias"},
    {"canvas", "canvas"}, {"politics", "politics"}, {"geopolitics", "geopolitics"},
    {"economics", "economics"}, {"physics", "physics"}, {"mathematics", "mathematics"},
    {"ethics", "ethics"}, {"athletics", "athletics"}, {"logistics", "logistics"},
    {"electronics", "electronics"}, {"olympics", "olympics"}, {"dynamics", "dynamics"},
    {"united", "united"}, {"hundred", "hundred"}, {"sacred", "sacred"}, {"hatred", "hatred"},
    {"kindred", "kindred"}, {"naked", "naked"}, {"wicked", "wicked"}, {"rugged", "rugged"},
    {"ragged", "ragged"}, {"crooked", "crooked"}, {"wretched", "wretched"},
    {"infrared", "infrared"}, {"seabed", "seabed"}, {"embed", "embed"}, {"hotbed", "hotbed"},
    {"speed", "speed"}, {"indeed", "indeed"}, {"exceed", "exceed"}, {"proceed", "proceed"},
    {"succeed", "succeed"}, {"breed", "breed"}, {"creed", "creed"}, {"greed", "greed"},
    {"deed", "deed"}, {"steed", "steed"}, {"weed", "weed"}, {"heed", "heed"},
    {"need", "need"}, {"feed", "feed"}, {"seed", "seed"}, {"bleed", "bleed"},
    {"meeting", "meeting"}, {"building", "building"}, {"funding", "funding"},
    {"briefing", "briefing"}, {"hearing", "hearing"}, {"bombing", "bombing"},
    {"wedding", "wedding"}, {"ceiling", "ceiling"}, {"evening", "evening"},
    {"morning", "morning"}, {"during", "during"}, {"nothing", "nothing"},
    {"something", "something"}, {"anything", "anything"}, {"everything", "everything"},
    {"sibling", "sibling"}, {"darling", "darling"}, {"pudding", "pudding"},
    {"lightning", "lightning"}, {"clothing", "clothing"}, {"offspring", "offspring"},
    {"sterling", "sterling"}, {"ongoing", "ongoing"}, {"notwithstanding", "notwithstanding"},
    // proper nouns that end like plurals
    {"hamas", "hamas"}, {"texas", "texas"}, {"kansas", "kansas"}, {"arkansas", "arkansas"},
    {"christmas", "christmas"}, {"honduras", "honduras"}, {"bahamas", "bahamas"},
    {"caracas", "caracas"}, {"vegas", "vegas"}, {"thomas", "thomas"},
    {"nicholas", "nicholas"}, {"lucas", "lucas"}, {"douglas", "douglas"},
    {"athens", "athens"}, {"brussels", "brussels"}, {"wales", "wales"},
    {"netherlands", "netherlands"}, {"philippines", "philippines"},
    {"emirates", "emirates"}, {"maldives", "maldives"}, {"seychelles", "seychelles"},
    {"angeles", "angeles"}, {"los", "los"}, {"jones", "jones"}, {"james", "james"},
    {"charles", "charles"}, {"reuters", "reuters"}, {"comoros", "comoros"},
    {"carlos", "carlos"}, {"marcos", "marcos"}, {"williams", "williams"},
};

// Stems (after removing -ed/-ing) that take a silent e the rules would miss.
constexpr std::string_view kNeedsE[] = {
    "ador",   "aton",   "cit",    "clon",   "compet", "complet", "condon", "delet",
    "deplet", "deplor", "dron",   "escap",  "excit",  "explor",  "hon",    "ignit",
    "ignor",  "implor", "incit",  "interfer", "invit", "phon",   "persever", "postpon",
    "quot",   "recit",  "restor", "rever",  "scor",   "stor",    "tast",   "ton",
    "unit",   "wast",   "welcom", "zon",    "adher",  "overcom", "promot", "devot",
    "vot",    "not",    "denot",  "guid",   "persuad", "ceas",   "releas", "creat",  "recreat",
};
// Stems that end like silent-e stems but take none.
constexpr std::string_view kNoE[] = {
    "ballot", "belong", "bus", "census", "develop", "envelop", "gallop", "long", "pilot",
    "pivot", "prolong", "riot", "wrong", "open", "happen", "listen", "threaten", "widen",
    "worsen", "strengthen", "weaken", "soften", "frighten", "tighten", "sharpen",
    "deepen", "shorten", "lessen", "loosen", "chasten", "fasten", "flatten",
};
// Stems ending in a doubled letter that is part of the base.
constexpr std::string_view kKeepDouble[] = {"add", "egg", "err", "odd", "inn", "butt",
                                            "watt", "purr", "buzz", "fizz", "jazz"};
// British "-ll-" forms whose base has one l.
constexpr std::string_view kUndoubleLL[] = {
    "cancell", "channell", "compell", "controll", "counsell", "dispell", "excell",
    "expell", "fuell", "impell", "labell", "levell", "marshall", "modell", "patroll",
    "propell", "rebell", "repell", "signall", "totall", "travell", "tunnell", "fuell",
    "quarrell", "pedall", "enroll",
};

const std::vector<Pair>& IrregularTable() {
  static const std::vector<Pair> table = [] {
    std::vector<Pair> t(std::begin(kIrregular), std::end(kIrregular));
    std::sort(t.begin(), t.end(), [](const Pair& a, const Pair& b) { return a.form < b.form; });
    return t;
  }();
  return table;
}

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view w) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

bool Lookup(std::string_view w, std::string* out) {
  const auto& t = IrregularTable();
  auto it = std::lower_bound(t.begin(), t.end(), w,
                             [](const Pair& p, std::string_view k) { return p.form < k; });
  if (it != t.end() && it->form == w) {
    out->assign(it->lemma);
    return true;
  }
  return false;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
// 'u' after 'q' counts as a consonant ("quot").
bool VowelAt(std::string_view w, size_t i) {
  if (!IsVowel(w[i])) return w[i] == 'y' && i > 0 && !IsVowel(w[i - 1]);
  if (w[i] == 'u' && i > 0 && w[i - 1] == 'q') return false;
  return true;
}
bool HasVowel(std::string_view w) {
  for (size_t i = 0; i < w.size(); ++i)
    if (VowelAt(w, i)) return true;
  return false;
}
size_t VowelGroups(std::string_view w) {
  size_t n = 0;
  bool in = false;
  for (size_t i = 0; i < w.size(); ++i) {
    const bool v = VowelAt(w, i);
    if (v && !in) ++n;
    in = v;
  }
  return n;
}

// consonant + single vowel + the final letter: "vot", "decid", "invok".
bool SingleVowelBeforeLast(std::string_view s) {
  const size_t n = s.size();
  if (n < 3) return n == 2 && VowelAt(s, 0);
  return VowelAt(s, n - 2) && !VowelAt(s, n - 3);
}

// Does the bare stem (after -ed/-ing) need its silent e back?
bool NeedsE(std::string_view s) {
  const size_t n = s.size();
  if (n < 2) return false;
  if (In(kNeedsE, s)) return true;
  if (In(kNoE, s)) return false;
  const char last = s[n - 1];
  const char prev = s[n - 2];
  switch (last) {
    case 'v': case 'z': case 'c': case 'u':
      return true;
    case 's':
      return prev != 's';
    case 'g':
      if (prev == 'n') return n >= 3 && (s[n - 3] == 'a' || s[n - 3] == 'e');
      return prev != 'g';
    case 'l':
      if (prev == 'b' || prev == 'p' || prev == 't' || prev == 'd' || prev == 'g' ||
          prev == 'k' || prev == 'f' || prev == 'z' || prev == 'c')
        return true;  // handle, settle, tackle, cycle
      return SingleVowelBeforeLast(s) && VowelGroups(s) == 1;  // rule, file, smile
    case 't':
      if ((prev == 'a' || prev == 'u' || prev == 'o') && n >= 3 && !VowelAt(s, n - 3))
        return true;  // state, execute, vote
      if (prev == 'a' && n >= 3 && (s[n - 3] == 'i' || s[n - 3] == 'u'))
        return true;  // negotiate, evaluate
      return false;
    case 'r':
      if ((prev == 'i' || prev == 'u' || prev == 'a') && n >= 3 && !VowelAt(s, n - 3))
        return true;  // require, secure, declare
      return false;
    case 'n':
      return prev == 'i' && n >= 3 && !VowelAt(s, n - 3);  // determine, combine
    case 'm':
      return (prev == 'a' || prev == 'i' || prev == 'o' || prev == 'u') && n >= 3 &&
             !VowelAt(s, n - 3);  // name, time, welcome, assume
    case 'k': case 'd': case 'b':
      return SingleVowelBeforeLast(s) && prev != 'y';  // invoke, decide, describe
    case 'p':
      return SingleVowelBeforeLast(s) && VowelGroups(s) == 1;  // hope, shape
    default:
      return false;
  }
}

bool IsDoubleConsonant(std::string_view s) {
  const size_t n = s.size();
  return n >= 3 && s[n - 1] == s[n - 2] && !IsVowel(s[n - 1]) && s[n - 1] != 'y' &&
         s[n - 1] != 'w' && s[n - 1] != 'x';
}

// Restores the base from a stem left by removing -ed or -ing.
std::string FromVerbStem(std::string_view s) {
  if (IsDoubleConsonant(s)) {
    const char c = s.back();
    if (In(kKeepDouble, s)) return std::string(s);
    if (c == 'l') {
      if (In(kUndoubleLL, s)) return std::string(s.substr(0, s.size() - 1));
      return std::string(s);  // kill, call, fill
    }
    if (c == 's' || c == 'f' || c == 'z') return std::string(s);  // pass, staff, buzz
    return std::string(s.substr(0, s.size() - 1));                 // stop, plan, commit
  }
  if (s.size() >= 2 && s.back() == 'e' && s[s.size() - 2] == 'e') return std::string(s);  // agree
  if (NeedsE(s)) return std::string(s) + "e";
  return std::string(s);
}

bool EndsWith(std::string_view w, std::string_view suf) {
  return w.size() >= suf.size() && w.substr(w.size() - suf.size()) == suf;
}

// Plural / third person -s.
std::string StripS(std::string_view w) {
  const size_t n = w.size();
  if (EndsWith(w, "ss") || EndsWith(w, "us") || EndsWith(w, "is") || EndsWith(w, "'s"))
    return std::string(w);
  if (EndsWith(w, "ies")) {
    if (n <= 4) return std::string(w.substr(0, n - 1));  // dies, ties
    return std::string(w.substr(0, n - 3)) + "y";         // parties, allies
  }
  if (EndsWith(w, "sses") || EndsWith(w, "ches") || EndsWith(w, "shes") ||
      EndsWith(w, "xes") || EndsWith(w, "zzes"))
    return std::string(w.substr(0, n - 2));  // passes, reaches, pushes, taxes
  if (EndsWith(w, "oes") && n >= 6) return std::string(w.substr(0, n - 2));  // heroes
  if (EndsWith(w, "s") && n >= 4) return std::string(w.substr(0, n - 1));
  return std::string(w);
}

bool PlainWord(std::string_view w) {
  for (char c : w)
    if (!((c >= 'a' && c <= 'z') || c == '-' || c == '\'')) return false;
  return true;
}

}  // namespace

std::string GuessLemma(std::string_view w) {
  std::string out;
  if (w.empty()) return out;
  if (Lookup(w, &out)) return out;
  if (!PlainWord(w) || w.size() <= 3) return std::string(w);
  if (w.find('\'') != std::string_view::npos) return std::string(w);

  // Hyphenated compounds: only the plural of the last part ("peace-keepers").
  const size_t dash = w.rfind('-');
  if (dash != std::string_view::npos) {
    if (dash + 1 >= w.size()) return std::string(w);
    const std::string_view head = w.substr(0, dash + 1);
    const std::string_view tail = w.substr(dash + 1);
    if (tail.size() <= 3 || !EndsWith(tail, "s")) return std::string(w);
    std::string t;
    if (!Lookup(tail, &t)) t = StripS(tail);
    return std::string(head) + t;
  }

  const size_t n = w.size();
  // -ied / -ies
  if (EndsWith(w, "ied") && n >= 5) return std::string(w.substr(0, n - 3)) + "y";
  // -eed: "agreed" -> "agree" (base forms like "need" are in the table)
  if (EndsWith(w, "eed")) return std::string(w.substr(0, n - 1));
  // -ed
  if (EndsWith(w, "ed") && n >= 5) {
    const std::string_view stem = w.substr(0, n - 2);
    if (HasVowel(stem)) return FromVerbStem(stem);
    return std::string(w);
  }
  // -ing
  if (EndsWith(w, "ing") && n >= 5) {
    const std::string_view stem = w.substr(0, n - 3);
    if (stem.size() >= 2 && HasVowel(stem)) {
      if (EndsWith(stem, "y") || EndsWith(stem, "ee") || EndsWith(stem, "o"))
        return std::string(stem);  // saying, agreeing, going
      return FromVerbStem(stem);
    }
    return std::string(w);  // bring, thing, king
  }
  if (EndsWith(w, "s")) return StripS(w);
  return std::string(w);
}

}  // namespace dyad
