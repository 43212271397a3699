// The averaged-perceptron tagger and the edit-script lemmatiser (dyad/tagger.h).

#include "dyad/tagger.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <sstream>

#include "dyad/text.h"
#include "tagger/clusters.h"
#include "tagger/perceptron.h"

namespace dyad {

namespace {

constexpr char kMagic[] = "DYADTAG\x01";
// v1: 48 templates; v2: 55 templates and a tag dictionary; v3: the 48 of v1 plus
// word-cluster features, with the clusters in the file (v1 and v2 files still load).
constexpr uint32_t kVersion = 3;
constexpr int kNumFeatures = 80;
// Tagging passes; a second pass (with right-context tags) did not pay on EWT dev
// (94.87 vs 94.90 UPOS), so one pass runs and the right-tag features are constant.
constexpr int kPasses = 1;

// Word key for features: lower-cased, digits folded to 0 (the clusters' key).
std::string WordKey(std::string_view lower) { return ml::ClusterWordKey(lower); }

std::string Shape(std::string_view form) {
  std::string s;
  char last = 0;
  int run = 0;
  for (size_t i = 0; i < form.size() && s.size() < 12; ++i) {
    unsigned char c = static_cast<unsigned char>(form[i]);
    char m;
    if (c >= 'A' && c <= 'Z') m = 'X';
    else if (c >= 'a' && c <= 'z') m = 'x';
    else if (c >= '0' && c <= '9') m = 'd';
    else if (c >= 0x80) {
      if ((c & 0xC0) == 0x80) continue;  // continuation byte
      m = 'u';
    } else m = static_cast<char>(c);
    if (m == last) {
      if (++run > 2) continue;
    } else {
      run = 1;
      last = m;
    }
    s += m;
  }
  return s;
}

// Lemma edit scripts: "K3|ing" = keep case, strip 3 bytes, append "ing";
// "L0|" = lower-case the form.
std::string MakeScript(std::string_view form, std::string_view lemma) {
  std::string best;
  size_t best_cost = SIZE_MAX;
  for (int mode = 0; mode < 2; ++mode) {
    std::string base = mode == 0 ? std::string(form) : Lowercase(form);
    size_t p = 0;
    while (p < base.size() && p < lemma.size() && base[p] == lemma[p]) ++p;
    size_t strip = base.size() - p;
    std::string_view app = lemma.substr(p);
    size_t cost = strip + app.size();
    if (cost <= best_cost) {  // ties go to lower-casing: "the" and "The" share a script
      best_cost = cost;
      best = std::string(mode == 0 ? "K" : "L") + std::to_string(strip) + "|" + std::string(app);
    }
  }
  return best;
}

bool ApplyScript(std::string_view form, std::string_view script, std::string& out) {
  if (script.size() < 3) return false;
  size_t bar = script.find('|');
  if (bar == std::string_view::npos) return false;
  size_t strip = 0;
  for (size_t i = 1; i < bar; ++i) strip = strip * 10 + size_t(script[i] - '0');
  std::string base = script[0] == 'L' ? Lowercase(form) : std::string(form);
  if (strip > base.size()) return false;
  base.resize(base.size() - strip);
  base.append(script.substr(bar + 1));
  if (base.empty() || !IsValidUtf8(base)) return false;
  out = std::move(base);
  return true;
}

struct Example {
  std::vector<Token> tokens;
  std::vector<std::string> forms;  // surface forms (for lemma scripts)
};

}  // namespace

struct Tagger::Impl {
  std::vector<std::string> upos, xpos;  // per class
  ml::FrozenWeights weights;
  std::unordered_map<uint64_t, uint64_t> amb;          // word key hash -> ambiguity class hash
  std::unordered_map<std::string, std::string> lexicon;  // "lower\txpos" -> script
  std::unordered_map<std::string, std::string> rules;    // "xpos\tsuffix" -> script
  std::unordered_map<uint64_t, int> tagdict;             // word key hash -> class (v2)
  std::shared_ptr<const ml::WordClusters> clusters;      // v3
  uint32_t version = kVersion;
  ml::Metadata meta;

  void Prepare(const Token* toks, size_t n, TaggerScratch& s) const;
  size_t Features(size_t i, size_t n, const TaggerScratch& s, uint64_t* f) const;
  int Classes() const { return static_cast<int>(upos.size()); }
};

void Tagger::Impl::Prepare(const Token* toks, size_t n, TaggerScratch& s) const {
  auto resize = [n](std::vector<uint64_t>& v) { v.resize(n); };
  for (auto* v : {&s.word, &s.cased, &s.shape, &s.suf1, &s.suf2, &s.suf3, &s.suf4, &s.pre1, &s.pre2,
                  &s.pre3, &s.amb, &s.suf5, &s.pre4, &s.hyph})
    resize(*v);
  s.fixed.assign(n, -1);
  s.tags.assign(n, -1);
  if (clusters) s.clu.resize(n);
  static const uint64_t kUnknownAmb = ml::HashStr("<unknown-word>");
  for (size_t i = 0; i < n; ++i) {
    const Token& t = toks[i];
    std::string_view norm = t.norm;
    if (norm.size() > 64) norm = norm.substr(0, 64);
    std::string key = WordKey(t.lower);
    std::string_view k = key;
    s.word[i] = ml::HashStr(k);
    s.cased[i] = ml::HashStr(norm);
    s.shape[i] = ml::HashStr(Shape(norm));
    auto suf = [&](size_t m) { return ml::HashStr(k.size() > m ? k.substr(k.size() - m) : k); };
    auto pre = [&](size_t m) { return ml::HashStr(k.substr(0, std::min(m, k.size()))); };
    s.suf1[i] = suf(1);
    s.suf2[i] = suf(2);
    s.suf3[i] = suf(3);
    s.suf4[i] = suf(4);
    s.pre1[i] = pre(1);
    s.pre2[i] = pre(2);
    s.pre3[i] = pre(3);
    auto it = amb.find(s.word[i]);
    s.amb[i] = it == amb.end() ? ml::Mix(kUnknownAmb ^ s.shape[i]) : it->second;
    s.suf5[i] = k.size() > 5 ? ml::HashStr(k.substr(k.size() - 5)) : s.word[i];
    if (clusters) s.clu[i] = clusters->Info(s.word[i]);
    if (version == 2) {
      s.pre4[i] = pre(4);
      const size_t dash = k.rfind('-');
      s.hyph[i] = dash != std::string_view::npos && dash > 0 && dash + 1 < k.size()
                      ? ml::HashStr(k.substr(dash + 1))
                      : 0;
      if (!tagdict.empty()) {
        auto d = tagdict.find(s.word[i]);
        if (d != tagdict.end()) s.fixed[i] = d->second;
      }
    }
  }
  // Headline-style sentences (most words capitalised) blur PROPN and NOUN.
  size_t caps = 0, alpha = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = toks[i].norm.empty() ? 0 : static_cast<unsigned char>(toks[i].norm[0]);
    if (std::isalpha(c)) {
      ++alpha;
      caps += std::isupper(c) != 0;
    }
  }
  s.headline = alpha >= 3 && caps * 4 >= alpha * 3 ? 1 : (alpha >= 3 && caps * 2 >= alpha ? 2 : 0);
  s.right.clear();
}

size_t Tagger::Impl::Features(size_t i, size_t n, const TaggerScratch& s, uint64_t* f) const {
  static const uint64_t kBos = ml::HashStr("<s>"), kEos = ml::HashStr("</s>");
  const long li = static_cast<long>(i), ln = static_cast<long>(n);
  auto at = [&](const std::vector<uint64_t>& v, long j) {
    return j < 0 ? kBos : j >= ln ? kEos : v[static_cast<size_t>(j)];
  };
  auto tag = [&](long j) -> uint64_t { return j < 0 ? 1000 : static_cast<uint64_t>(s.tags[j]); };
  const uint64_t w0 = s.word[i], wm1 = at(s.word, li - 1), wm2 = at(s.word, li - 2),
                 wp1 = at(s.word, li + 1), wp2 = at(s.word, li + 2);
  const uint64_t t1 = tag(li - 1), t2 = tag(li - 2);
  const uint64_t a0 = s.amb[i], am1 = at(s.amb, li - 1), ap1 = at(s.amb, li + 1), ap2 = at(s.amb, li + 2);
  size_t k = 0;
  using ml::F;
  f[k++] = F(1, 0);
  f[k++] = F(2, w0);
  f[k++] = F(3, s.cased[i]);
  f[k++] = F(4, s.suf1[i]);
  f[k++] = F(5, s.suf2[i]);
  f[k++] = F(6, s.suf3[i]);
  f[k++] = F(7, s.suf4[i]);
  f[k++] = F(8, s.pre1[i]);
  f[k++] = F(9, s.pre2[i]);
  f[k++] = F(10, s.pre3[i]);
  f[k++] = F(11, s.shape[i]);
  f[k++] = F(12, wm1);
  f[k++] = F(13, wm2);
  f[k++] = F(14, wp1);
  f[k++] = F(15, wp2);
  f[k++] = F(16, at(s.suf3, li - 1));
  f[k++] = F(17, at(s.suf3, li + 1));
  f[k++] = F(18, t1);
  f[k++] = F(19, t1, t2);
  f[k++] = F(20, t1, w0);
  f[k++] = F(21, wm1, w0);
  f[k++] = F(22, w0, wp1);
  f[k++] = F(23, a0);
  f[k++] = F(24, ap1);
  f[k++] = F(25, ap2);
  f[k++] = F(26, am1);
  f[k++] = F(27, t1, ap1);
  f[k++] = F(28, a0, ap1);
  f[k++] = F(29, t1, a0);
  f[k++] = F(30, at(s.shape, li - 1));
  f[k++] = F(31, at(s.shape, li + 1));
  f[k++] = F(32, i == 0, s.shape[i]);
  f[k++] = F(33, t1, s.suf3[i]);
  f[k++] = F(34, wp1, wp2);
  f[k++] = F(35, wm1, wp1);
  f[k++] = F(36, t2);
  f[k++] = F(37, t1, a0, ap1);
  f[k++] = F(38, s.suf2[i], ap1);
  // Capitalisation in context (PROPN vs NOUN), a longer suffix.
  f[k++] = F(39, s.shape[i], at(s.shape, li + 1));
  f[k++] = F(40, at(s.cased, li - 1));
  f[k++] = F(41, at(s.cased, li + 1));
  f[k++] = F(42, s.headline, s.shape[i]);
  f[k++] = F(43, s.suf5[i]);
  // Second pass: the first pass's tags to the right (kNoRight in the first pass).
  auto right = [&](long j) -> uint64_t {
    if (s.right.empty()) return 2000;
    return j >= ln ? 3000 : static_cast<uint64_t>(s.right[static_cast<size_t>(j)]);
  };
  const uint64_t r1 = right(li + 1), r2 = right(li + 2);
  f[k++] = F(44, r1);
  f[k++] = F(45, r1, r2);
  f[k++] = F(46, t1, r1);
  f[k++] = F(47, r1, w0);
  f[k++] = F(48, r1, s.suf3[i]);
  if (version >= 3 && clusters) {
    // v3: word-cluster path prefixes of the word and its neighbours.
    const ml::WordClusters& c = *clusters;
    auto cp = [&](long j, int bits) -> uint64_t {
      if (j < 0) return 0xB0500 + static_cast<uint64_t>(bits);
      if (j >= ln) return 0xE0500 + static_cast<uint64_t>(bits);
      return c.Prefix(s.clu[static_cast<size_t>(j)], bits);
    };
    const int full = c.depth();
    f[k++] = F(60, cp(li, 4));
    f[k++] = F(61, cp(li, 6));
    f[k++] = F(62, cp(li, 8));
    f[k++] = F(63, cp(li, full));
    f[k++] = F(64, cp(li + 1, full));
    f[k++] = F(65, cp(li - 1, full));
    f[k++] = F(66, cp(li + 1, 6));
    f[k++] = F(67, t1, cp(li, 6));
    f[k++] = F(68, cp(li, 8), cp(li + 1, 8));
    f[k++] = F(69, cp(li + 2, 8));
    // How often the word is capitalised inside sentences of the unlabeled text.
    const uint64_t caps = ml::WordClusters::Caps(s.clu[i]);
    f[k++] = F(75, caps);
    f[k++] = F(76, caps, s.shape[i]);
    f[k++] = F(77, caps, i == 0);
    f[k++] = F(78, caps, s.headline, s.shape[i]);
    f[k++] = F(79, caps, t1);
    return k;
  }
  if (version < 2) return k;
  // v2: longer prefix, tag trigram with the ambiguity class, wider ambiguity
  // context, the part after the last hyphen. (The word with its neighbours'
  // suffixes, word x next shape and previous tag x next word overfit: -0.05 UPOS on dev.)
  f[k++] = F(49, s.pre4[i]);
  f[k++] = F(52, t1, t2, a0);
  f[k++] = F(53, at(s.amb, li - 2));
  f[k++] = F(54, a0, ap1, ap2);
  f[k++] = F(55, am1, a0);
  f[k++] = F(57, s.hyph[i]);
  f[k++] = F(59, t1, s.suf2[i], ap1);
  return k;
}

Tagger::Tagger() : impl_(std::make_unique<Impl>()) {}
Tagger::~Tagger() = default;
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;

const std::vector<std::pair<std::string, std::string>>& Tagger::metadata() const { return impl_->meta; }
int Tagger::feature_set() const { return static_cast<int>(impl_->version); }
std::shared_ptr<const ml::WordClusters> Tagger::clusters() const { return impl_->clusters; }

std::string Tagger::Describe() const {
  std::ostringstream o;
  for (const auto& [k, v] : impl_->meta) o << k << ": " << v << '\n';
  return o.str();
}

void Tagger::Tag(std::vector<Token>& tokens, size_t begin, size_t end, TaggerScratch& s) const {
  const Impl& m = *impl_;
  if (end <= begin || end > tokens.size()) return;
  const size_t n = end - begin;
  m.Prepare(tokens.data() + begin, n, s);
  s.feats.resize(kNumFeatures);
  s.scores.resize(m.Classes());
  for (int pass = 0; pass < kPasses; ++pass) {
    if (pass == 1) s.right = s.tags;
    for (size_t i = 0; i < n; ++i) {
      if (s.fixed[i] >= 0) {
        s.tags[i] = s.fixed[i];
        continue;
      }
      size_t nf = m.Features(i, n, s, s.feats.data());
      std::fill(s.scores.begin(), s.scores.end(), 0.0f);
      m.weights.Score(s.feats.data(), nf, s.scores.data());
      s.tags[i] = static_cast<int>(std::max_element(s.scores.begin(), s.scores.end()) - s.scores.begin());
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const int best = s.tags[i];
    Token& t = tokens[begin + i];
    t.upos = m.upos[best];
    t.xpos = m.xpos[best];
  }
}

std::string Tagger::Lemmatize(std::string_view form, std::string_view lower, std::string_view xpos) const {
  const Impl& m = *impl_;
  std::string key;
  key.reserve(lower.size() + xpos.size() + 1);
  key.append(lower).append("\t").append(xpos);
  std::string out;
  auto it = m.lexicon.find(key);
  if (it != m.lexicon.end() && ApplyScript(form, it->second, out)) return out;
  for (size_t k = std::min<size_t>(6, lower.size() > 1 ? lower.size() - 1 : 0); k >= 1; --k) {
    std::string rk(xpos);
    rk.append("\t").append(lower.substr(lower.size() - k));
    auto r = m.rules.find(rk);
    if (r != m.rules.end() && ApplyScript(form, r->second, out)) return out;
  }
  if (xpos == "NNP" || xpos == "NNPS") return std::string(form);
  return GuessLemma(lower);
}

void Tagger::TagDocument(Document& doc, TaggerScratch& scratch) const {
  for (const Sentence& s : doc.sentences) {
    if (s.token_end > doc.tokens.size() || s.token_begin >= s.token_end) continue;
    Tag(doc.tokens, s.token_begin, s.token_end, scratch);
  }
  for (Token& t : doc.tokens) {
    std::string_view surface = doc.Text(t.span);
    std::string_view form = (!surface.empty() && FoldTypography(surface) == t.norm) ? surface
                                                                                    : std::string_view(t.norm);
    if (form.size() > 256) {  // no lemma scripts on giant tokens
      t.lemma = t.lower.substr(0, 256);
      continue;
    }
    t.lemma = Lemmatize(form, t.lower, t.xpos);
  }
}

Result<Tagger> Tagger::Train(const std::vector<ConlluSentence>& train_sents,
                             const std::vector<ConlluSentence>& dev_sents,
                             const TaggerTrainOptions& options) {
  auto t_start = std::chrono::steady_clock::now();
  std::vector<Document> train = ConlluToDocuments(train_sents);
  std::vector<Document> dev = ConlluToDocuments(dev_sents);
  Tagger tagger;
  Impl& m = *tagger.impl_;

  // Classes: joint UPOS+XPOS, most frequent first.
  std::map<std::string, size_t> class_count;
  std::unordered_map<std::string, std::map<std::string, size_t>> word_classes;
  size_t ntok = 0;
  for (const Document& d : train)
    for (const Token& t : d.tokens) {
      class_count[t.upos + "\t" + t.xpos]++;
      word_classes[WordKey(t.lower)][t.upos + "\t" + t.xpos]++;
      ++ntok;
    }
  if (ntok == 0) return Status::InvalidArgument("no training words");
  std::vector<std::pair<size_t, std::string>> order;
  for (auto& [k, c] : class_count) order.emplace_back(c, k);
  std::sort(order.begin(), order.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (order.size() > 255) return Status::InvalidArgument("more than 255 UPOS+XPOS combinations");
  std::unordered_map<std::string, int> class_id;
  for (auto& [c, k] : order) {
    class_id[k] = static_cast<int>(m.upos.size());
    size_t tab = k.find('\t');
    m.upos.push_back(k.substr(0, tab));
    m.xpos.push_back(k.substr(tab + 1));
  }
  // Ambiguity classes.
  for (auto& [w, cs] : word_classes) {
    size_t total = 0;
    for (auto& [c, n] : cs) total += n;
    if (total < static_cast<size_t>(options.min_lexicon_count)) continue;
    std::vector<int> ids;
    for (auto& [c, n] : cs)
      if (n * 50 >= total) ids.push_back(class_id[c]);
    std::sort(ids.begin(), ids.end());
    uint64_t h = 77;
    for (int id : ids) h = ml::Mix(h + static_cast<uint64_t>(id));
    m.amb[ml::HashStr(w)] = h;
  }
  m.version = static_cast<uint32_t>(std::clamp<int>(options.feature_set, 1, kVersion));
  if (m.version >= 3) {
    if (!options.clusters || options.clusters->empty())
      return Status::InvalidArgument("tagger feature set 3 needs word clusters");
    m.clusters = options.clusters;
  }
  // Tag dictionary: frequent words that (nearly) always take one class.
  size_t dict_tokens = 0;
  if (m.version == 2 && options.tagdict_min_count > 0)
    for (auto& [w, cs] : word_classes) {
      size_t total = 0, top = 0;
      std::string best;
      for (auto& [c, n] : cs) {
        total += n;
        if (n > top) top = n, best = c;
      }
      if (total >= static_cast<size_t>(options.tagdict_min_count) && top * 1000 >= total * 999) {
        m.tagdict[ml::HashStr(w)] = class_id[best];
        dict_tokens += total;
      }
    }
  // Lemma scripts.
  {
    std::unordered_map<std::string, std::map<std::string, size_t>> lex;
    for (const Document& d : train)
      for (const Token& t : d.tokens) {
        if (t.lemma.empty()) continue;
        std::string_view surface = d.Text(t.span);
        std::string form = (!surface.empty() && FoldTypography(surface) == t.norm) ? std::string(surface) : t.norm;
        lex[t.lower + "\t" + t.xpos][MakeScript(form, t.lemma)]++;
      }
    std::unordered_map<std::string, std::map<std::string, size_t>> rules;
    for (auto& [key, scripts] : lex) {
      auto best = std::max_element(scripts.begin(), scripts.end(),
                                   [](auto& a, auto& b) { return a.second < b.second; });
      m.lexicon[key] = best->first;
      size_t tab = key.find('\t');
      std::string_view lower = std::string_view(key).substr(0, tab);
      std::string_view xpos = std::string_view(key).substr(tab + 1);
      for (size_t k = 1; k <= 6 && k < lower.size(); ++k)
        rules[std::string(xpos) + "\t" + std::string(lower.substr(lower.size() - k))][best->first]++;
    }
    for (auto& [key, scripts] : rules) {
      size_t total = 0;
      for (auto& [s, n] : scripts) total += n;
      auto best = std::max_element(scripts.begin(), scripts.end(),
                                   [](auto& a, auto& b) { return a.second < b.second; });
      if (best->second >= 2 && best->second * 2 > total) m.rules[key] = best->first;
    }
  }

  // Perceptron training.
  ml::TrainWeights weights(m.Classes());
  std::vector<size_t> idx(train.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::mt19937_64 rng(options.seed);
  TaggerScratch s;
  std::vector<uint64_t> feats(kNumFeatures);
  std::vector<float> scores(m.Classes());
  double best_dev = -1;
  int best_epoch = 0;
  ml::FrozenWeights best_weights;
  std::string dev_scores;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    std::shuffle(idx.begin(), idx.end(), rng);
    size_t correct = 0, total = 0;
    for (size_t di : idx) {
      const Document& d = train[di];
      for (const Sentence& sent : d.sentences) {
        const size_t n = sent.size();
        if (!n) continue;
        m.Prepare(d.tokens.data() + sent.token_begin, n, s);
        for (int pass = 0; pass < kPasses; ++pass)
        for (size_t i = 0; i < n; ++i) {
          if (pass == 1 && i == 0) s.right = s.tags;
          const Token& t = d.tokens[sent.token_begin + i];
          int truth = class_id[t.upos + "\t" + t.xpos];
          if (s.fixed[i] >= 0) {  // tag dictionary: not scored, not learnt
            s.tags[i] = s.fixed[i];
            correct += s.fixed[i] == truth;
            ++total;
            continue;
          }
          size_t nf = m.Features(i, n, s, feats.data());
          std::fill(scores.begin(), scores.end(), 0.0f);
          weights.Score(feats.data(), nf, scores.data());
          int guess = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
          weights.Tick();
          weights.Update(feats.data(), nf, truth, guess);
          s.tags[i] = guess;
          if (pass == kPasses - 1) {
            correct += guess == truth;
            ++total;
          }
        }
      }
    }
    m.weights = weights.Freeze(options.prune);
    // Dev accuracy with the averaged weights.
    size_t dc = 0, dx = 0, dl = 0, dn = 0;
    for (const Document& d : dev) {
      Document copy = d;
      tagger.TagDocument(copy, s);
      for (size_t i = 0; i < d.tokens.size(); ++i) {
        dc += copy.tokens[i].upos == d.tokens[i].upos;
        dx += copy.tokens[i].xpos == d.tokens[i].xpos;
        dl += copy.tokens[i].lemma == d.tokens[i].lemma;
        ++dn;
      }
    }
    double dev_upos = ParseScores::Pct(dc, dn);
    std::ostringstream line;
    line.setf(std::ios::fixed);
    line.precision(2);
    line << "epoch " << epoch << ": train " << ParseScores::Pct(correct, total) << "% joint, dev UPOS "
         << dev_upos << "% XPOS " << ParseScores::Pct(dx, dn) << "% lemma " << ParseScores::Pct(dl, dn)
         << "%, " << m.weights.features() << " features";
    if (options.log) *options.log << line.str() << std::endl;
    if (dn == 0 || dev_upos + ParseScores::Pct(dx, dn) > best_dev) {
      best_dev = dev_upos + ParseScores::Pct(dx, dn);
      best_epoch = epoch;
      best_weights = m.weights;
      std::ostringstream sc;
      sc.setf(std::ios::fixed);
      sc.precision(2);
      sc << "UPOS " << dev_upos << " XPOS " << ParseScores::Pct(dx, dn) << " lemma "
         << ParseScores::Pct(dl, dn) << " (" << dn << " words)";
      dev_scores = sc.str();
    }
  }
  m.weights = std::move(best_weights);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  m.meta = {
      {"model", "dyad POS tagger + lemmatiser (averaged perceptron, greedy left-to-right)"},
      {"format", "DYADTAG v" + std::to_string(m.version)},
      {"features", m.version >= 3 ? std::string("63 templates (feature set v3), one pass: the 48 of v1 (word, cased word, suffix 1-5, "
                   "prefix 1-3, shape, words -2..+2, suffix3 of neighbours, previous two tags, word bigrams, ambiguity "
                   "classes -1..+2, capitalisation in context, headline flag) + word-cluster prefixes (4, 6, 8, all bits) "
                   "of the word, clusters of words -1..+2, previous tag x cluster, cluster bigram + how often the word is "
                   "capitalised inside sentences of the clusters' text (alone, x shape, x first word, x headline, x previous tag)")
                   : m.version < 2 ? std::string("48 templates (feature set v1), one pass: word, cased word, suffix 1-5, prefix 1-3, shape, "
                   "words -2..+2, suffix3 of neighbours, previous two tags, word bigrams, ambiguity classes -1..+2, "
                   "capitalisation in context, headline flag") : "55 templates (feature set v2), one pass: word, cased word, suffix 1-5, prefix 1-4, shape, words -2..+2, "
                   "suffix3 of neighbours, previous two tags, word bigrams, ambiguity classes -2..+2 "
                   "(min count " + std::to_string(options.min_lexicon_count) + ", classes >= 2%), capitalisation in context, "
                   "headline flag, prefix 4, tag trigram x ambiguity class, part after the last hyphen"},
      {"tag_dictionary", std::to_string(m.tagdict.size()) + " words seen >= " + std::to_string(options.tagdict_min_count) +
                             " times with one class in >= 99.9 % (" + std::to_string(dict_tokens) + " training tokens), not scored"},
      {"clusters", m.clusters ? ml::MetaGet(m.clusters->metadata(), "words") + "; " +
                                    ml::MetaGet(m.clusters->metadata(), "settings") + "; from " +
                                    ml::MetaGet(m.clusters->metadata(), "training_data")
                              : std::string("none")},
      {"classes", std::to_string(m.Classes()) + " joint UPOS+XPOS tags"},
      {"lemmatiser", std::to_string(m.lexicon.size()) + " (word, XPOS) edit scripts, " +
                         std::to_string(m.rules.size()) + " (XPOS, suffix) rules, GuessLemma fallback"},
      {"training_data", options.train_name + " (" + std::to_string(train_sents.size()) + " sentences, " +
                            std::to_string(ntok) + " words)"},
      {"dev_data", options.dev_name},
      {"epochs", std::to_string(options.epochs) + " (best on dev: " + std::to_string(best_epoch) + ")"},
      {"seed", std::to_string(options.seed)},
      {"prune", std::to_string(options.prune)},
      {"weights", std::to_string(m.weights.features()) + " features, " + std::to_string(m.weights.entries()) + " weights"},
      {"dev_scores", dev_scores},
      {"training_seconds", std::to_string(static_cast<int>(secs))},
      {"command", options.command},
      {"licence", "trained on UD English-EWT (CC BY-SA 4.0); the model is shared under CC BY-SA 4.0"},
  };
  return tagger;
}

Status Tagger::Save(const std::string& path) const {
  const Impl& m = *impl_;
  std::string payload;
  ml::Writer w(payload);
  w.Pod<uint32_t>(static_cast<uint32_t>(m.upos.size()));
  for (size_t i = 0; i < m.upos.size(); ++i) {
    w.Str(m.upos[i]);
    w.Str(m.xpos[i]);
  }
  std::vector<std::pair<uint64_t, uint64_t>> amb(m.amb.begin(), m.amb.end());
  std::sort(amb.begin(), amb.end());
  w.Vec(amb);
  auto write_map = [&](const std::unordered_map<std::string, std::string>& mp) {
    std::vector<std::pair<std::string, std::string>> v(mp.begin(), mp.end());
    std::sort(v.begin(), v.end());
    w.Pod<uint64_t>(v.size());
    for (auto& [k, s] : v) {
      w.Str(k);
      w.Str(s);
    }
  };
  write_map(m.lexicon);
  write_map(m.rules);
  if (!m.weights.Serialize(payload))
    return Status::InvalidArgument("only a trained tagger can be saved (a loaded one keeps no file form)");
  std::vector<std::pair<uint64_t, int64_t>> dict;
  for (auto& [k, c] : m.tagdict) dict.emplace_back(k, c);
  std::sort(dict.begin(), dict.end());
  if (m.version >= 2) w.Vec(dict);
  if (m.version >= 3) m.clusters->Serialize(payload);
  return ml::WriteModelFile(path, kMagic, m.version, m.meta, payload);
}

Result<std::shared_ptr<const Tagger>> Tagger::Load(const std::string& path) {
  auto tagger = std::make_shared<Tagger>();
  Impl& m = *tagger->impl_;
  std::string payload;
  DYAD_RETURN_IF_ERROR(ml::ReadModelFile(path, kMagic, kVersion, m.meta, payload, 1, &m.version));
  std::string_view in = payload;
  ml::Reader r(in);
  const Status bad = Status::DataLoss(path + ": corrupt tagger model");
  uint32_t nc = 0;
  if (!r.Pod(nc) || nc == 0 || nc > 255) return bad;
  m.upos.resize(nc);
  m.xpos.resize(nc);
  for (uint32_t i = 0; i < nc; ++i)
    if (!r.Str(m.upos[i]) || !r.Str(m.xpos[i])) return bad;
  std::vector<std::pair<uint64_t, uint64_t>> amb;
  if (!r.Vec(amb)) return bad;
  m.amb.reserve(amb.size());
  for (auto& [k, v] : amb) m.amb.emplace(k, v);
  auto read_map = [&](std::unordered_map<std::string, std::string>& mp) {
    uint64_t n = 0;
    if (!r.Pod(n) || n > in.size()) return false;
    mp.reserve(n);
    for (uint64_t i = 0; i < n; ++i) {
      std::string k, s;
      if (!r.Str(k) || !r.Str(s)) return false;
      mp.emplace(std::move(k), std::move(s));
    }
    return true;
  };
  if (!read_map(m.lexicon) || !read_map(m.rules)) return bad;
  if (!m.weights.Deserialize(in) || m.weights.classes() != static_cast<int>(nc)) return bad;
  if (m.version >= 2) {
    std::vector<std::pair<uint64_t, int64_t>> dict;
    if (!r.Vec(dict)) return bad;
    for (auto& [k, c] : dict) {
      if (c < 0 || c >= static_cast<int64_t>(nc)) return bad;
      m.tagdict.emplace(k, static_cast<int>(c));
    }
  }
  if (m.version >= 3) {
    auto c = std::make_shared<ml::WordClusters>();
    if (!c->Deserialize(in) || c->empty()) return bad;
    m.clusters = std::move(c);
  }
  return std::shared_ptr<const Tagger>(std::move(tagger));
}

}  // namespace dyad
