// WordNet database reader and the lemma -> semantic class table (lexicon.h).
#include "eventml/lexicon.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "tagger/perceptron.h"

namespace dyad::eventml {

namespace {

constexpr std::string_view kLexnames[] = {
    "adj.all",           "adj.pert",        "adv.all",           "noun.Tops",        "noun.act",
    "noun.animal",       "noun.artifact",   "noun.attribute",    "noun.body",        "noun.cognition",
    "noun.communication", "noun.event",     "noun.feeling",      "noun.food",        "noun.group",
    "noun.location",     "noun.motive",     "noun.object",       "noun.person",      "noun.phenomenon",
    "noun.plant",        "noun.possession", "noun.process",      "noun.quantity",    "noun.relation",
    "noun.shape",        "noun.state",      "noun.substance",    "noun.time",        "verb.body",
    "verb.change",       "verb.cognition",  "verb.communication", "verb.competition", "verb.consumption",
    "verb.contact",      "verb.creation",   "verb.emotion",      "verb.motion",      "verb.perception",
    "verb.possession",   "verb.social",     "verb.stative",      "verb.weather",     "adj.ppl"};

struct Synset {
  uint32_t lexname = 0;
  std::vector<uint32_t> hypernyms;  // offsets in the same file
};

// data.* lines: offset lex_filenum ss_type w_cnt (word lex_id)* p_cnt (sym offset pos st)* ... | gloss
bool ParseDataLine(std::string_view line, uint32_t& offset, Synset& s) {
  std::vector<std::string_view> f;
  size_t bar = line.find(" | ");
  if (bar != std::string_view::npos) line = line.substr(0, bar);
  size_t p = 0;
  while (p < line.size()) {
    size_t q = line.find(' ', p);
    if (q == std::string_view::npos) q = line.size();
    if (q > p) f.push_back(line.substr(p, q - p));
    p = q + 1;
  }
  if (f.size() < 4) return false;
  auto num = [](std::string_view v, uint32_t& out, int base = 10) {
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out, base);
    return ec == std::errc() && ptr == v.data() + v.size();
  };
  uint32_t words = 0, ptrs = 0;
  if (!num(f[0], offset) || !num(f[1], s.lexname) || !num(f[3], words, 16)) return false;
  size_t i = 4 + 2 * words;
  if (i >= f.size() || !num(f[i], ptrs)) return false;
  ++i;
  for (uint32_t k = 0; k < ptrs; ++k, i += 4) {
    if (i + 3 >= f.size()) return false;
    if (f[i] == "@" || f[i] == "@i") {
      uint32_t h = 0;
      if (num(f[i + 1], h)) s.hypernyms.push_back(h);
    }
  }
  return true;
}

Status ReadPos(const std::string& dir, const std::string& name, char pos, int depth, int senses,
               std::vector<std::pair<std::string, std::vector<uint32_t>>>& out) {
  std::ifstream data(dir + "/data." + name), index(dir + "/index." + name);
  if (!data || !index) return Status::NotFound("WordNet files data." + name + "/index." + name + " not found in " + dir);
  std::unordered_map<uint32_t, Synset> synsets;
  std::string line;
  while (std::getline(data, line)) {
    if (line.empty() || line[0] == ' ') continue;  // licence header
    uint32_t off = 0;
    Synset s;
    if (ParseDataLine(line, off, s)) synsets.emplace(off, std::move(s));
  }
  const uint32_t pos_bit = pos == 'v' ? (1u << 27) : 0;
  while (std::getline(index, line)) {
    if (line.empty() || line[0] == ' ') continue;
    std::istringstream in(line);
    std::string lemma, p;
    int synset_cnt = 0, p_cnt = 0;
    in >> lemma >> p >> synset_cnt >> p_cnt;
    for (int k = 0; k < p_cnt; ++k) {
      std::string sym;
      in >> sym;
    }
    int sense_cnt = 0, tagged = 0;
    in >> sense_cnt >> tagged;
    std::vector<uint32_t> offsets;
    for (int k = 0; k < synset_cnt; ++k) {
      uint32_t o = 0;
      if (in >> o) offsets.push_back(o);
    }
    std::vector<uint32_t> classes;
    auto add = [&](uint32_t c) {
      if (std::find(classes.begin(), classes.end(), c) == classes.end()) classes.push_back(c);
    };
    for (size_t k = 0; k < offsets.size() && static_cast<int>(k) < senses; ++k) {
      auto it = synsets.find(offsets[k]);
      if (it == synsets.end()) continue;
      if (k < 2) add(((k == 0 ? SemanticLexicon::kLexname1 : SemanticLexicon::kLexname2) << SemanticLexicon::kKindShift) | it->second.lexname);
      const uint32_t kind = (k == 0 ? SemanticLexicon::kSynset1 : SemanticLexicon::kSynset2) << SemanticLexicon::kKindShift;
      // Breadth-first up the hypernym graph, `depth` levels.
      std::vector<uint32_t> level = {offsets[k]};
      for (int d = 0; d <= depth && !level.empty(); ++d) {
        std::vector<uint32_t> next;
        for (uint32_t o : level) {
          add(kind | pos_bit | o);
          auto s = synsets.find(o);
          if (s != synsets.end())
            for (uint32_t h : s->second.hypernyms) next.push_back(h);
        }
        level = std::move(next);
      }
    }
    if (!classes.empty()) out.emplace_back(lemma, std::move(classes));
  }
  return Status::Ok();
}

}  // namespace

std::string_view SemanticLexicon::LexnameName(uint32_t n) {
  return n < std::size(kLexnames) ? kLexnames[n] : std::string_view("?");
}

uint64_t SemanticLexicon::Key(char pos, std::string_view lemma) {
  return ml::Mix(ml::HashStr(lemma) + static_cast<uint64_t>(pos));
}

Result<SemanticLexicon> SemanticLexicon::ReadWordNet(const std::string& dir, int depth, int senses) {
  SemanticLexicon lex;
  for (auto [name, pos] : {std::pair{"verb", 'v'}, std::pair{"noun", 'n'}}) {
    std::vector<std::pair<std::string, std::vector<uint32_t>>> rows;
    Status s = ReadPos(dir, name, pos, depth, senses, rows);
    if (!s.ok()) return s;
    for (auto& [lemma, classes] : rows) {
      const uint64_t key = Key(pos, lemma);
      if (lex.index_.count(key)) continue;
      lex.index_[key] = {static_cast<uint32_t>(lex.classes_.size()), static_cast<uint32_t>(classes.size())};
      lex.classes_.insert(lex.classes_.end(), classes.begin(), classes.end());
    }
  }
  if (lex.index_.empty()) return Status::InvalidArgument("no WordNet entries read from " + dir);
  return lex;
}

const uint32_t* SemanticLexicon::Find(char pos, std::string_view lemma, size_t* n) const {
  auto it = index_.find(Key(pos, lemma));
  if (it == index_.end()) {
    *n = 0;
    return nullptr;
  }
  *n = it->second.second;
  return classes_.data() + it->second.first;
}

int SemanticLexicon::FirstLexname(char pos, std::string_view lemma) const {
  size_t n = 0;
  const uint32_t* c = Find(pos, lemma, &n);
  for (size_t i = 0; i < n; ++i)
    if (KindOf(c[i]) == kLexname1) return static_cast<int>(ValueOf(c[i]));
  return -1;
}

void SemanticLexicon::Serialize(std::string& out) const {
  // Sorted by key so that the file does not depend on hash-table order.
  std::vector<uint64_t> keys;
  for (const auto& [k, v] : index_) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  std::vector<uint32_t> counts, classes;
  for (uint64_t k : keys) {
    auto [off, n] = index_.at(k);
    counts.push_back(n);
    classes.insert(classes.end(), classes_.begin() + off, classes_.begin() + off + n);
  }
  ml::Writer w(out);
  w.Vec(keys);
  w.Vec(counts);
  w.Vec(classes);
}

bool SemanticLexicon::Deserialize(std::string_view& in) {
  ml::Reader r(in);
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  if (!r.Vec(keys) || !r.Vec(counts) || !r.Vec(classes_) || keys.size() != counts.size()) return false;
  index_.clear();
  index_.reserve(keys.size());
  uint64_t off = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (off + counts[i] > classes_.size()) return false;
    index_[keys[i]] = {static_cast<uint32_t>(off), counts[i]};
    off += counts[i];
  }
  return off == classes_.size();
}

}  // namespace dyad::eventml
