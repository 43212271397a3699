// Arc-hybrid transition parser with an averaged perceptron (dyad/parser.h).

#include "dyad/parser.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <unordered_map>

#include "dyad/text.h"
#include "tagger/clusters.h"
#include "tagger/perceptron.h"

namespace dyad {

namespace {

constexpr char kMagic[] = "DYADPAR\x01";
// v1: 94 templates; v2: 106; v3: 106 + word-cluster features, with the
// clusters in the file (v1 and v2 files still load).
constexpr uint32_t kVersion = 3;
constexpr int kMaxFeatures = 128;
constexpr int kNone = -1;

std::string WordKey(std::string_view lower) {
  bool has_alpha = false, has_digit = false;
  for (unsigned char c : lower) {
    if (std::isalpha(c) || c >= 0x80) has_alpha = true;
    if (std::isdigit(c)) has_digit = true;
  }
  std::string k(lower.substr(0, std::min<size_t>(lower.size(), 64)));
  if (has_digit && !has_alpha)
    for (char& c : k)
      if (std::isdigit(static_cast<unsigned char>(c))) c = '0';
  return k;
}

uint64_t DistBucket(int d) {
  if (d <= 0) return 0;
  if (d <= 4) return static_cast<uint64_t>(d);
  if (d <= 6) return 5;
  if (d <= 9) return 6;
  return 7;
}

// The parser state over nodes 0 (ROOT) .. n.
struct State {
  ParserScratch& s;
  int n = 0;
  int b = 1;  // buffer front; the buffer is [b, n]
  explicit State(ParserScratch& sc, int words) : s(sc), n(words) {
    const size_t m = static_cast<size_t>(n) + 1;
    s.stack.clear();
    s.stack.push_back(0);
    for (auto* v : {&s.head, &s.label, &s.lc1, &s.lc2, &s.rc1, &s.rc2}) v->assign(m, kNone);
    s.lval.assign(m, 0);
    s.rval.assign(m, 0);
    s.lset.assign(m, 0);
    s.rset.assign(m, 0);
  }
  bool Terminal() const { return b > n && s.stack.size() == 1; }
  bool CanShift() const { return b <= n; }
  bool CanLeft() const { return s.stack.size() >= 2 && b <= n; }
  bool CanRight() const {
    if (s.stack.size() < 2) return false;
    const int s1 = s.stack[s.stack.size() - 2];
    return s1 != 0 || (b > n && s.stack.size() == 2);
  }
  void Attach(int dep, int head, int label) {
    s.head[dep] = head;
    s.label[dep] = label;
    if (dep < head) {
      if (s.lc1[head] == kNone || dep < s.lc1[head]) {
        s.lc2[head] = s.lc1[head];
        s.lc1[head] = dep;
      } else if (s.lc2[head] == kNone || dep < s.lc2[head]) {
        s.lc2[head] = dep;
      }
      s.lval[head]++;
      s.lset[head] |= 1ull << (label & 63);
    } else {
      if (s.rc1[head] == kNone || dep > s.rc1[head]) {
        s.rc2[head] = s.rc1[head];
        s.rc1[head] = dep;
      } else if (s.rc2[head] == kNone || dep > s.rc2[head]) {
        s.rc2[head] = dep;
      }
      s.rval[head]++;
      s.rset[head] |= 1ull << (label & 63);
    }
  }
  void Shift() { s.stack.push_back(b++); }
  void Left(int label) {
    int s0 = s.stack.back();
    s.stack.pop_back();
    Attach(s0, b, label);
  }
  void Right(int label) {
    int s0 = s.stack.back();
    s.stack.pop_back();
    Attach(s0, s.stack.back(), label);
  }
};

}  // namespace

struct Parser::Impl {
  std::vector<std::string> labels;
  ml::FrozenWeights weights;
  ml::Metadata meta;
  uint32_t version = kVersion;
  std::shared_ptr<const ml::WordClusters> clusters;  // v3
  int L() const { return static_cast<int>(labels.size()); }
  int Classes() const { return 1 + 2 * L(); }
  // Class ids: 0 = SHIFT, 1..L = LEFT-l, L+1..2L = RIGHT-l.

  void Prepare(const Token* toks, int n, ParserScratch& s) const {
    const size_t m = static_cast<size_t>(n) + 1;
    s.w.resize(m);
    s.t.resize(m);
    s.u.resize(m);
    s.x.resize(m);
    static const uint64_t kRootW = ml::HashStr("<root>"), kRootT = ml::HashStr("<ROOT>");
    s.w[0] = kRootW;
    s.t[0] = kRootT;
    s.u[0] = kRootT;
    s.x[0] = kRootW;
    for (int i = 1; i <= n; ++i) {
      const Token& t = toks[i - 1];
      const std::string key = WordKey(t.lower);
      s.w[i] = ml::HashStr(key);
      s.x[i] = ml::HashStr(std::string_view(key).substr(key.size() > 3 ? key.size() - 3 : 0)) ^ 0x99;
      s.t[i] = ml::HashStr(t.xpos) ^ 0x51;
      s.u[i] = ml::HashStr(t.upos) ^ 0x77;
    }
    if (clusters) {
      s.c.resize(m);
      s.c[0] = 0;
      for (int i = 1; i <= n; ++i) s.c[i] = clusters->Path(s.w[i]);
    }
  }

  size_t Features(const State& st, uint64_t* f) const {
    const ParserScratch& s = st.s;
    static const uint64_t kNoneH = ml::HashStr("<none>");
    const size_t ss = s.stack.size();
    const int S0 = ss >= 1 ? s.stack[ss - 1] : kNone;
    const int S1 = ss >= 2 ? s.stack[ss - 2] : kNone;
    const int S2 = ss >= 3 ? s.stack[ss - 3] : kNone;
    const int N0 = st.b <= st.n ? st.b : kNone;
    const int N1 = st.b + 1 <= st.n ? st.b + 1 : kNone;
    const int N2 = st.b + 2 <= st.n ? st.b + 2 : kNone;
    auto W = [&](int x) { return x == kNone ? kNoneH : s.w[x]; };
    auto T = [&](int x) { return x == kNone ? kNoneH : s.t[x]; };
    auto U = [&](int x) { return x == kNone ? kNoneH : s.u[x]; };
    auto Lb = [&](int x) -> uint64_t { return x == kNone ? 999 : static_cast<uint64_t>(s.label[x]); };
    auto child = [&](const std::vector<int>& v, int x) { return x == kNone ? kNone : v[x]; };
    const int S0L = child(s.lc1, S0), S0L2 = child(s.lc2, S0), S0R = child(s.rc1, S0),
              S0R2 = child(s.rc2, S0), N0L = child(s.lc1, N0), N0L2 = child(s.lc2, N0),
              S1L = child(s.lc1, S1), S1R = child(s.rc1, S1);
    const uint64_t s0w = W(S0), s0t = T(S0), n0w = W(N0), n0t = T(N0), n1w = W(N1), n1t = T(N1),
                   n2t = T(N2), s1w = W(S1), s1t = T(S1), s2t = T(S2);
    const uint64_t s0wt = ml::Mix(s0w + s0t), n0wt = ml::Mix(n0w + n0t), n1wt = ml::Mix(n1w + n1t),
                   s1wt = ml::Mix(s1w + s1t);
    const uint64_t d = (S0 != kNone && N0 != kNone) ? DistBucket(N0 - S0) : 0;
    const uint64_t d10 = (S0 != kNone && S1 != kNone) ? DistBucket(S0 - S1) : 0;
    const uint64_t s0vl = S0 == kNone ? 99 : s.lval[S0], s0vr = S0 == kNone ? 99 : s.rval[S0],
                   n0vl = N0 == kNone ? 99 : s.lval[N0], s1vr = S1 == kNone ? 99 : s.rval[S1];
    const uint64_t s0ls = S0 == kNone ? 1 : s.lset[S0], s0rs = S0 == kNone ? 1 : s.rset[S0],
                   n0ls = N0 == kNone ? 1 : s.lset[N0], s1rs = S1 == kNone ? 1 : s.rset[S1];
    using ml::F;
    size_t k = 0;
    f[k++] = F(1, s0w);
    f[k++] = F(2, s0t);
    f[k++] = F(3, s0wt);
    f[k++] = F(4, n0w);
    f[k++] = F(5, n0t);
    f[k++] = F(6, n0wt);
    f[k++] = F(7, n1w);
    f[k++] = F(8, n1t);
    f[k++] = F(9, n1wt);
    f[k++] = F(10, W(N2));
    f[k++] = F(11, n2t);
    f[k++] = F(12, s1w);
    f[k++] = F(13, s1t);
    f[k++] = F(14, s1wt);
    f[k++] = F(15, s2t);
    f[k++] = F(16, W(S2));
    f[k++] = F(20, s0wt, n0wt);
    f[k++] = F(21, s0wt, n0w);
    f[k++] = F(22, s0w, n0wt);
    f[k++] = F(23, s0wt, n0t);
    f[k++] = F(24, s0t, n0wt);
    f[k++] = F(25, s0w, n0w);
    f[k++] = F(26, s0t, n0t);
    f[k++] = F(27, n0t, n1t);
    f[k++] = F(28, s1t, s0t);
    f[k++] = F(29, s1w, s0w);
    f[k++] = F(30, s1wt, s0t);
    f[k++] = F(31, s1t, s0wt);
    f[k++] = F(32, s1t, n0t);
    f[k++] = F(33, s1w, n0w);
    f[k++] = F(34, s1wt, s0wt);
    f[k++] = F(40, n0t, n1t, n2t);
    f[k++] = F(41, s0t, n0t, n1t);
    f[k++] = F(42, s1t, s0t, n0t);
    f[k++] = F(43, s0t, T(S0L), n0t);
    f[k++] = F(44, s0t, T(S0R), n0t);
    f[k++] = F(45, s0t, n0t, T(N0L));
    f[k++] = F(46, s1t, s0t, T(S0L));
    f[k++] = F(47, s1t, s0t, T(S0R));
    f[k++] = F(48, s1t, T(S1R), s0t);
    f[k++] = F(49, s2t, s1t, s0t);
    f[k++] = F(50, s0w, n0t, n1t);
    f[k++] = F(51, s1t, T(S1L), s0t);
    f[k++] = F(55, s0w, d);
    f[k++] = F(56, s0t, d);
    f[k++] = F(57, n0w, d);
    f[k++] = F(58, n0t, d);
    f[k++] = F(59, s0t, n0t, d);
    f[k++] = F(60, s0w, n0w, d);
    f[k++] = F(61, s1t, s0t, d10);
    f[k++] = F(62, s1w, s0w, d10);
    f[k++] = F(65, s0w, s0vr);
    f[k++] = F(66, s0t, s0vr);
    f[k++] = F(67, s0w, s0vl);
    f[k++] = F(68, s0t, s0vl);
    f[k++] = F(69, n0w, n0vl);
    f[k++] = F(70, n0t, n0vl);
    f[k++] = F(71, s1t, s1vr);
    f[k++] = F(75, W(S0L));
    f[k++] = F(76, T(S0L));
    f[k++] = F(77, Lb(S0L));
    f[k++] = F(78, W(S0R));
    f[k++] = F(79, T(S0R));
    f[k++] = F(80, Lb(S0R));
    f[k++] = F(81, W(N0L));
    f[k++] = F(82, T(N0L));
    f[k++] = F(83, Lb(N0L));
    f[k++] = F(84, T(S1R));
    f[k++] = F(85, Lb(S1R));
    f[k++] = F(86, T(S1L), Lb(S1L));
    f[k++] = F(87, W(S1R));
    f[k++] = F(90, W(S0L2));
    f[k++] = F(91, T(S0L2));
    f[k++] = F(92, Lb(S0L2));
    f[k++] = F(93, W(S0R2));
    f[k++] = F(94, T(S0R2));
    f[k++] = F(95, Lb(S0R2));
    f[k++] = F(96, W(N0L2));
    f[k++] = F(97, T(N0L2));
    f[k++] = F(98, Lb(N0L2));
    f[k++] = F(99, s0t, T(S0L), T(S0L2));
    f[k++] = F(100, s0t, T(S0R), T(S0R2));
    f[k++] = F(101, n0t, T(N0L), T(N0L2));
    f[k++] = F(105, s0w, s0rs);
    f[k++] = F(106, s0t, s0rs);
    f[k++] = F(107, s0w, s0ls);
    f[k++] = F(108, s0t, s0ls);
    f[k++] = F(109, n0w, n0ls);
    f[k++] = F(110, n0t, n0ls);
    f[k++] = F(111, s1t, s1rs);
    f[k++] = F(115, U(S0), U(N0));
    f[k++] = F(116, U(S1), U(S0), U(N0));
    f[k++] = F(117, s0t, Lb(S0L), Lb(S0R));
    f[k++] = F(118, s0w, Lb(S0R), n0t);
    if (version < 2) return k;
    // v2: buffer word pairs, suffixes (unknown words), UPOS unigrams, S1's and
    // N0's children with the pair, distance with the word-tag pair.
    auto X = [&](int x) { return x == kNone ? kNoneH : s.x[x]; };
    f[k++] = F(120, n0w, n1w);
    f[k++] = F(121, n0w, n1t);
    f[k++] = F(122, n0t, n1w);
    f[k++] = F(123, X(S0), n0t);
    f[k++] = F(124, s0t, X(N0));
    f[k++] = F(125, X(N0), n1t);
    f[k++] = F(126, U(S0), U(N0), U(N1));
    f[k++] = F(127, s0w, n0w, n1t);
    f[k++] = F(128, s1t, s0t, T(N0L));
    f[k++] = F(129, s0wt, n0t, d);
    f[k++] = F(130, Lb(S0L), Lb(N0L), n0t);
    f[k++] = F(131, W(S1L), s0t);
    if (version < 3 || !clusters) return k;
    // v3: word-cluster prefixes (4, 6 bits and the whole path) of S0, S1, N0,
    // N1, alone and with the tags and clusters of the pair (Koo et al. 2008).
    const ml::WordClusters& c = *clusters;
    auto C = [&](int x, int bits) -> uint64_t {
      if (x == kNone) return 0x70E0 + static_cast<uint64_t>(bits);
      if (x == 0) return 0x5007 + static_cast<uint64_t>(bits);
      return c.Prefix(s.c[x], bits);
    };
    const int full = c.depth();
    const uint64_t s0c4 = C(S0, 4), s0cf = C(S0, full), n0c4 = C(N0, 4), n0cf = C(N0, full);
    f[k++] = F(140, s0c4);
    f[k++] = F(141, s0cf);
    f[k++] = F(142, n0c4);
    f[k++] = F(143, n0cf);
    f[k++] = F(144, C(N1, full));
    f[k++] = F(145, C(S1, full));
    f[k++] = F(146, s0c4, n0c4);
    f[k++] = F(147, s0cf, n0t);
    f[k++] = F(148, s0t, n0cf);
    f[k++] = F(149, C(S0, 6), C(N0, 6));
    f[k++] = F(150, C(S1, 4), s0c4, n0c4);
    f[k++] = F(151, s0c4, n0c4, d);
    return k;
  }

  void Apply(State& st, int cls) const {
    if (cls == 0) st.Shift();
    else if (cls <= L()) st.Left(cls - 1);
    else st.Right(cls - 1 - L());
  }

  int BestValid(const State& st, const float* scores) const {
    int best = -1;
    float bs = 0;
    auto consider = [&](int c) {
      if (best < 0 || scores[c] > bs) {
        best = c;
        bs = scores[c];
      }
    };
    if (st.CanShift()) consider(0);
    if (st.CanLeft())
      for (int l = 0; l < L(); ++l) consider(1 + l);
    if (st.CanRight())
      for (int l = 0; l < L(); ++l) consider(1 + L() + l);
    return best;
  }
};

Parser::Parser() : impl_(std::make_unique<Impl>()) {}
Parser::~Parser() = default;
Parser::Parser(Parser&&) noexcept = default;
Parser& Parser::operator=(Parser&&) noexcept = default;

const std::vector<std::pair<std::string, std::string>>& Parser::metadata() const { return impl_->meta; }

std::string Parser::Describe() const {
  std::ostringstream o;
  for (const auto& [k, v] : impl_->meta) o << k << ": " << v << '\n';
  return o.str();
}

void Parser::Parse(std::vector<Token>& tokens, size_t begin, size_t end, ParserScratch& s) const {
  const Impl& m = *impl_;
  if (end <= begin || end > tokens.size()) return;
  const int n = static_cast<int>(end - begin);
  m.Prepare(tokens.data() + begin, n, s);
  State st(s, n);
  s.feats.resize(kMaxFeatures);
  s.scores.resize(m.Classes());
  while (!st.Terminal()) {
    size_t nf = m.Features(st, s.feats.data());
    std::fill(s.scores.begin(), s.scores.end(), 0.0f);
    m.weights.Score(s.feats.data(), nf, s.scores.data());
    int c = m.BestValid(st, s.scores.data());
    if (c < 0) break;  // cannot happen: a non-terminal state always has a move
    m.Apply(st, c);
  }
  for (int i = 1; i <= n; ++i) {
    Token& t = tokens[begin + i - 1];
    int h = s.head[i];
    if (h == kNone) {  // unreachable; keep the output a tree anyway
      t.head = -1;
      t.deprel = "root";
      continue;
    }
    t.head = h == 0 ? -1 : h - 1;
    t.deprel = m.labels[s.label[i]];
  }
}

void Parser::ParseDocument(Document& doc, ParserScratch& scratch) const {
  for (const Sentence& s : doc.sentences) {
    if (s.token_end > doc.tokens.size() || s.token_begin >= s.token_end) continue;
    Parse(doc.tokens, s.token_begin, s.token_end, scratch);
  }
}

namespace {

// Tags train documents with taggers trained on the other folds.
Status JackknifeTags(const std::vector<ConlluSentence>& train_sents, std::vector<Document>& docs,
                     const ParserTrainOptions& options) {
  const int k = options.jackknife;
  std::vector<std::vector<ConlluSentence>> folds_out(k);
  // Sentence i belongs to fold i % k; docs hold sentences in order.
  for (int f = 0; f < k; ++f) {
    std::vector<ConlluSentence> rest;
    for (size_t i = 0; i < train_sents.size(); ++i)
      if (static_cast<int>(i % k) != f) rest.push_back(train_sents[i]);
    TaggerTrainOptions to = options.tagger_options;
    to.log = nullptr;
    auto tagger = Tagger::Train(rest, {}, to);
    if (!tagger.ok()) return tagger.status();
    TaggerScratch ts;
    size_t si = 0;
    for (Document& d : docs) {
      for (const Sentence& s : d.sentences) {
        if (static_cast<int>(si % k) == f) {
          std::vector<Token> copy(d.tokens.begin() + s.token_begin, d.tokens.begin() + s.token_end);
          tagger->Tag(copy, 0, copy.size(), ts);
          for (size_t j = 0; j < copy.size(); ++j) {
            d.tokens[s.token_begin + j].upos = copy[j].upos;
            d.tokens[s.token_begin + j].xpos = copy[j].xpos;
          }
        }
        ++si;
      }
    }
    if (options.log) *options.log << "jackknife: fold " << (f + 1) << "/" << k << " tagged" << std::endl;
  }
  return Status::Ok();
}

}  // namespace

Result<Parser> Parser::Train(const std::vector<ConlluSentence>& train_sents,
                             const std::vector<ConlluSentence>& dev_sents,
                             const ParserTrainOptions& options) {
  auto t_start = std::chrono::steady_clock::now();
  for (const ConlluSentence& s : train_sents)
    for (size_t i = 0; i < s.size(); ++i)
      if (s.Head(i) < -1) return Status::InvalidArgument("training sentence at line " + std::to_string(s.line_no) + " has no HEAD");
  std::vector<Document> train = ConlluToDocuments(train_sents);
  std::vector<Document> dev = ConlluToDocuments(dev_sents);
  // Gold trees (before any re-tagging, which keeps head/deprel).
  Parser parser;
  Impl& m = *parser.impl_;
  std::map<std::string, size_t> label_count;
  for (const Document& d : train)
    for (const Token& t : d.tokens) label_count[t.deprel]++;
  std::vector<std::pair<size_t, std::string>> order;
  for (auto& [l, c] : label_count) order.emplace_back(c, l);
  std::sort(order.begin(), order.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (order.size() > 127) return Status::InvalidArgument("more than 127 dependency relations");
  std::unordered_map<std::string, int> label_id;
  for (auto& [c, l] : order) {
    label_id[l] = m.L();
    m.labels.push_back(l);
  }
  if (m.labels.empty()) return Status::InvalidArgument("no training words");
  m.version = static_cast<uint32_t>(std::clamp<int>(options.feature_set, 2, kVersion));
  if (m.version >= 3) {
    if (!options.clusters || options.clusters->empty())
      return Status::InvalidArgument("parser feature set 3 needs word clusters");
    m.clusters = options.clusters;
  }

  std::string tags_note = "gold tags";
  if (options.tagger && options.jackknife > 1) {
    DYAD_RETURN_IF_ERROR(JackknifeTags(train_sents, train, options));
    tags_note = std::to_string(options.jackknife) + "-fold jackknifed predicted tags";
  }
  std::string dev_tags_note = "gold tags";
  if (options.tagger) {
    TaggerScratch ts;
    for (Document& d : dev) {
      std::vector<Token> copy = d.tokens;
      for (const Sentence& s : d.sentences) options.tagger->Tag(copy, s.token_begin, s.token_end, ts);
      for (size_t j = 0; j < copy.size(); ++j) {
        d.tokens[j].upos = copy[j].upos;
        d.tokens[j].xpos = copy[j].xpos;
      }
    }
    dev_tags_note = "tags predicted by the given tagger";
  }

  // Flatten sentences with gold heads (1-based, 0 = root) and labels.
  struct Sent {
    const Document* doc;
    uint32_t begin, n;
    std::vector<int> gh, gl;
  };
  std::vector<Sent> sents;
  size_t nwords = 0;
  for (const Document& d : train)
    for (const Sentence& s : d.sentences) {
      Sent x{&d, s.token_begin, s.size(), {}, {}};
      x.gh.assign(x.n + 1, -1);
      x.gl.assign(x.n + 1, 0);
      for (uint32_t i = 0; i < x.n; ++i) {
        const Token& t = d.tokens[s.token_begin + i];
        x.gh[i + 1] = t.head + 1;
        x.gl[i + 1] = label_id[t.deprel];
      }
      nwords += x.n;
      sents.push_back(std::move(x));
    }

  ml::TrainWeights weights(m.Classes());
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  ParserScratch s;
  std::vector<uint64_t> feats(kMaxFeatures);
  std::vector<float> scores(m.Classes());
  std::vector<int> cost(m.Classes());
  std::vector<size_t> idx(sents.size());
  std::iota(idx.begin(), idx.end(), 0);
  double best_las = -1;
  int best_epoch = 0;
  ml::FrozenWeights best_weights;
  std::string dev_scores;
  const int L = m.L();
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    std::shuffle(idx.begin(), idx.end(), rng);
    size_t states = 0, errors = 0;
    for (size_t xi : idx) {
      const Sent& x = sents[xi];
      const int n = static_cast<int>(x.n);
      if (n == 0) continue;
      m.Prepare(x.doc->tokens.data() + x.begin, n, s);
      State st(s, n);
      while (!st.Terminal()) {
        size_t nf = m.Features(st, feats.data());
        std::fill(scores.begin(), scores.end(), 0.0f);
        weights.Score(feats.data(), nf, scores.data());
        // Costs of every valid class (INT_MAX = invalid).
        std::fill(cost.begin(), cost.end(), INT32_MAX);
        const auto& stk = s.stack;
        const int S0 = stk.back();
        const int S1 = stk.size() >= 2 ? stk[stk.size() - 2] : kNone;
        if (st.CanShift()) {
          int c = 0;
          for (size_t k = 0; k < stk.size(); ++k) {
            if (x.gh[stk[k]] == st.b) ++c;
            if (k + 1 < stk.size() && x.gh[st.b] == stk[k]) ++c;
          }
          cost[0] = c;
        }
        if (st.CanLeft() || st.CanRight()) {
          int deps_in_buffer = 0;
          for (int k = st.b; k <= n; ++k) deps_in_buffer += x.gh[k] == S0;
          const int gh = x.gh[S0];
          if (st.CanLeft()) {
            int c = deps_in_buffer + ((gh != st.b && (gh == S1 || gh > st.b)) ? 1 : 0);
            for (int l = 0; l < L; ++l) cost[1 + l] = c + ((gh == st.b && l != x.gl[S0]) ? 1 : 0);
          }
          if (st.CanRight()) {
            int c = deps_in_buffer + ((gh >= st.b) ? 1 : 0);
            for (int l = 0; l < L; ++l) cost[1 + L + l] = c + ((gh == S1 && l != x.gl[S0]) ? 1 : 0);
          }
        }
        int min_cost = *std::min_element(cost.begin(), cost.end());
        int pred = -1, gold = -1;
        for (int c = 0; c < m.Classes(); ++c) {
          if (cost[c] == INT32_MAX) continue;
          if (pred < 0 || scores[c] > scores[pred]) pred = c;
          if (cost[c] == min_cost && (gold < 0 || scores[c] > scores[gold])) gold = c;
        }
        weights.Tick();
        ++states;
        if (cost[pred] > min_cost) {
          ++errors;
          weights.Update(feats.data(), nf, gold, pred);
        }
        const bool explore = epoch >= options.explore_from && coin(rng) < options.explore;
        m.Apply(st, explore ? pred : gold);
      }
    }
    m.weights = weights.Freeze(options.prune, options.max_weights);
    // Dev scores with the averaged weights.
    size_t uas = 0, las = 0, dn = 0;
    for (const Document& d : dev) {
      std::vector<Token> copy = d.tokens;
      for (const Sentence& sent : d.sentences) parser.Parse(copy, sent.token_begin, sent.token_end, s);
      for (size_t i = 0; i < copy.size(); ++i) {
        bool h = copy[i].head == d.tokens[i].head;
        uas += h;
        las += h && UniversalRelation(copy[i].deprel) == UniversalRelation(d.tokens[i].deprel);
        ++dn;
      }
    }
    const double dev_las = ParseScores::Pct(las, dn), dev_uas = ParseScores::Pct(uas, dn);
    std::ostringstream line;
    line.setf(std::ios::fixed);
    line.precision(2);
    line << "epoch " << epoch << ": train transition errors " << ParseScores::Pct(errors, states)
         << "%, dev UAS " << dev_uas << "% LAS " << dev_las << "%, " << m.weights.features()
         << " features, " << m.weights.entries() << " weights";
    if (options.log) *options.log << line.str() << std::endl;
    if (dn == 0 || dev_las > best_las) {
      best_las = dev_las;
      best_epoch = epoch;
      best_weights = m.weights;
      std::ostringstream sc;
      sc.setf(std::ios::fixed);
      sc.precision(2);
      sc << "UAS " << dev_uas << " LAS " << dev_las << " (" << dn << " words, " << dev_tags_note << ")";
      dev_scores = sc.str();
    }
  }
  m.weights = std::move(best_weights);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  std::ostringstream opts;
  opts << "explore p=" << options.explore << " from epoch " << options.explore_from;
  m.meta = {
      {"model", "dyad dependency parser (arc-hybrid, greedy, averaged perceptron, dynamic oracle)"},
      {"format", "DYADPAR v" + std::to_string(m.version)},
      {"features", m.version >= 3
                       ? std::string("118 templates (feature set v3): the 106 of v2 over stack S0-S2, buffer N0-N2, "
                                     "leftmost/rightmost children and their labels, distance, valency, label sets "
                                     "(words, XPOS, UPOS, suffix 3) + word-cluster prefixes (4, 6, all bits) of S0, S1, "
                                     "N0, N1, alone, with the pair's tags, clusters and distance")
                       : std::string("106 templates (feature set v2) over stack S0-S2, buffer N0-N2, leftmost/rightmost "
                                     "children and their labels, distance, valency, label sets (words, XPOS, UPOS, suffix 3)")},
      {"clusters", m.clusters ? ml::MetaGet(m.clusters->metadata(), "words") + "; " +
                                    ml::MetaGet(m.clusters->metadata(), "settings") + "; from " +
                                    ml::MetaGet(m.clusters->metadata(), "training_data")
                              : std::string("none")},
      {"labels", std::to_string(m.L()) + " UD v2 relations (with subtypes)"},
      {"training_data", options.train_name + " (" + std::to_string(train_sents.size()) + " sentences, " +
                            std::to_string(nwords) + " words, " + tags_note + ")"},
      {"dev_data", options.dev_name},
      {"epochs", std::to_string(options.epochs) + " (best on dev: " + std::to_string(best_epoch) + ")"},
      {"oracle", opts.str()},
      {"seed", std::to_string(options.seed)},
      {"prune", std::to_string(options.prune) + ", at most " + std::to_string(options.max_weights) + " weights"},
      {"weights", std::to_string(m.weights.features()) + " features, " + std::to_string(m.weights.entries()) + " weights"},
      {"dev_scores", dev_scores},
      {"training_seconds", std::to_string(static_cast<int>(secs))},
      {"command", options.command},
      {"licence", "trained on UD English-EWT (CC BY-SA 4.0); the model is shared under CC BY-SA 4.0"},
  };
  return parser;
}

Status Parser::Save(const std::string& path) const {
  const Impl& m = *impl_;
  std::string payload;
  ml::Writer w(payload);
  w.Pod<uint32_t>(static_cast<uint32_t>(m.labels.size()));
  for (const std::string& l : m.labels) w.Str(l);
  if (!m.weights.Serialize(payload))
    return Status::InvalidArgument("only a trained parser can be saved (a loaded one keeps no file form)");
  if (m.version >= 3) m.clusters->Serialize(payload);
  return ml::WriteModelFile(path, kMagic, m.version, m.meta, payload);
}

Result<std::shared_ptr<const Parser>> Parser::Load(const std::string& path) {
  auto parser = std::make_shared<Parser>();
  Impl& m = *parser->impl_;
  std::string payload;
  DYAD_RETURN_IF_ERROR(ml::ReadModelFile(path, kMagic, kVersion, m.meta, payload, 1, &m.version));
  std::string_view in = payload;
  ml::Reader r(in);
  const Status bad = Status::DataLoss(path + ": corrupt parser model");
  uint32_t nl = 0;
  if (!r.Pod(nl) || nl == 0 || nl > 127) return bad;
  m.labels.resize(nl);
  for (auto& l : m.labels)
    if (!r.Str(l)) return bad;
  if (!m.weights.Deserialize(in) || m.weights.classes() != m.Classes()) return bad;
  if (m.version >= 3) {
    auto c = std::make_shared<ml::WordClusters>();
    if (!c->Deserialize(in) || c->empty()) return bad;
    m.clusters = std::move(c);
  }
  return std::shared_ptr<const Parser>(std::move(parser));
}

}  // namespace dyad
