// Distributional word clusters by top-down spherical 2-means (clusters.h).

#include "tagger/clusters.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

namespace dyad::ml {

namespace {

constexpr char kMagic[] = "DYADCLU\x01";
constexpr uint32_t kVersion = 1;

// Sparse rows (CSR) of unit length.
struct Rows {
  std::vector<uint32_t> begin;  // size V + 1
  std::vector<uint32_t> col;
  std::vector<float> val;
  float Dot(uint32_t r, const std::vector<float>& dense) const {
    float s = 0;
    for (uint32_t e = begin[r]; e < begin[r + 1]; ++e) s += val[e] * dense[col[e]];
    return s;
  }
  float Dot(uint32_t a, uint32_t b) const {
    float s = 0;
    uint32_t i = begin[a], j = begin[b];
    while (i < begin[a + 1] && j < begin[b + 1]) {
      if (col[i] == col[j]) s += val[i++] * val[j++];
      else if (col[i] < col[j]) ++i;
      else ++j;
    }
    return s;
  }
  void Add(uint32_t r, float w, std::vector<float>& dense) const {
    for (uint32_t e = begin[r]; e < begin[r + 1]; ++e) dense[col[e]] += w * val[e];
  }
};

void Normalize(std::vector<float>& v) {
  double n = 0;
  for (float x : v) n += double(x) * x;
  if (n <= 0) return;
  const float inv = static_cast<float>(1.0 / std::sqrt(n));
  for (float& x : v) x *= inv;
}

}  // namespace

std::string ClusterWordKey(std::string_view lower) {
  bool has_alpha = false, has_digit = false;
  for (unsigned char c : lower) {
    if (std::isalpha(c) || c >= 0x80) has_alpha = true;
    if (std::isdigit(c)) has_digit = true;
  }
  std::string k(lower);
  if (has_digit && !has_alpha)
    for (char& c : k)
      if (std::isdigit(static_cast<unsigned char>(c))) c = '0';
  if (k.size() > 64) k.resize(64);
  return k;
}

std::string WordClusters::Describe() const {
  std::ostringstream o;
  for (const auto& [k, v] : meta_) o << k << ": " << v << '\n';
  return o.str();
}

Result<WordClusters> WordClusters::Train(const std::vector<std::vector<std::string>>& sentences,
                                         const ClusterTrainOptions& o,
                                         const std::vector<std::vector<uint8_t>>* upper) {
  const auto t0 = std::chrono::steady_clock::now();
  if (o.depth < 1 || o.depth > kMaxDepth)
    return Status::InvalidArgument("cluster depth must be 1.." + std::to_string(kMaxDepth));
  if (o.context_words < 1 || o.min_count < 1 || o.iterations < 1)
    return Status::InvalidArgument("cluster settings must be positive");
  std::unordered_map<std::string, uint64_t> count;
  size_t ntok = 0;
  for (const auto& s : sentences)
    for (const std::string& w : s) {
      ++count[w];
      ++ntok;
    }
  // Words by falling frequency (ties by bytes): context ids and vocabulary ids.
  std::vector<std::pair<uint64_t, std::string>> order;
  order.reserve(count.size());
  for (auto& [w, c] : count) order.emplace_back(c, w);
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  const uint32_t K = static_cast<uint32_t>(std::min<size_t>(o.context_words, order.size()));
  std::unordered_map<std::string, uint32_t> ctx, vid;
  for (uint32_t i = 0; i < K; ++i) ctx.emplace(order[i].second, i);
  std::vector<const std::string*> vocab;
  std::vector<uint64_t> vcount;
  for (const auto& [c, w] : order) {
    if (c < static_cast<uint64_t>(o.min_count)) break;
    vid.emplace(w, static_cast<uint32_t>(vocab.size()));
    vocab.push_back(&w);
    vcount.push_back(c);
  }
  const uint32_t V = static_cast<uint32_t>(vocab.size());
  if (V < 2) return Status::InvalidArgument("too little text for word clusters (fewer than 2 words seen " +
                                            std::to_string(o.min_count) + " times)");
  const uint32_t kOther = K, kBound = K + 1, half = K + 2;
  const int win = std::clamp(o.window, 1, 2);
  const uint32_t blocks = 2 * static_cast<uint32_t>(win), dims = blocks * half;
  auto ctx_id = [&](const std::string& w) {
    auto it = ctx.find(w);
    return it == ctx.end() ? kOther : it->second;
  };
  // (word, context dimension) pairs -> counts -> Hellinger rows. Blocks:
  // offsets -1, +1 (then -2, +2 with window 2).
  std::vector<uint64_t> pairs;
  pairs.reserve(blocks * ntok);
  for (const auto& s : sentences)
    for (size_t i = 0; i < s.size(); ++i) {
      auto it = vid.find(s[i]);
      if (it == vid.end()) continue;
      const uint64_t v = uint64_t(it->second) << 32;
      for (int off = 1; off <= win; ++off) {
        const uint32_t base = 2 * (off - 1) * half;
        const uint32_t l = i < static_cast<size_t>(off) ? kBound : ctx_id(s[i - off]);
        const uint32_t r = i + off >= s.size() ? kBound : ctx_id(s[i + off]);
        if (o.other || l != kOther) pairs.push_back(v | (base + l));
        if (o.other || r != kOther) pairs.push_back(v | (base + half + r));
      }
    }
  std::sort(pairs.begin(), pairs.end());
  Rows rows;
  rows.begin.assign(V + 1, 0);
  std::vector<uint32_t> counts;
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    const uint32_t v = static_cast<uint32_t>(pairs[i] >> 32);
    rows.col.push_back(static_cast<uint32_t>(pairs[i] & 0xffffffffu));
    counts.push_back(static_cast<uint32_t>(j - i));
    rows.begin[v + 1] = static_cast<uint32_t>(rows.col.size());
    i = j;
  }
  for (uint32_t v = 1; v <= V; ++v) rows.begin[v] = std::max(rows.begin[v], rows.begin[v - 1]);
  std::vector<uint64_t>().swap(pairs);
  rows.val.resize(rows.col.size());
  std::vector<double> block_total(blocks);
  for (uint32_t v = 0; v < V; ++v) {
    std::fill(block_total.begin(), block_total.end(), 0.0);
    for (uint32_t e = rows.begin[v]; e < rows.begin[v + 1]; ++e) block_total[rows.col[e] / half] += counts[e];
    double norm = 0;
    for (uint32_t e = rows.begin[v]; e < rows.begin[v + 1]; ++e) {
      const uint32_t b = rows.col[e] / half;
      const double x = std::sqrt(counts[e] / block_total[b]) * (b >= 2 ? 0.5 : 1.0);
      rows.val[e] = static_cast<float>(x);
      norm += x * x;
    }
    if (norm > 0)
      for (uint32_t e = rows.begin[v]; e < rows.begin[v + 1]; ++e)
        rows.val[e] = static_cast<float>(rows.val[e] / std::sqrt(norm));
  }
  std::vector<float> weight(V);
  for (uint32_t v = 0; v < V; ++v) weight[v] = static_cast<float>(std::log1p(double(vcount[v])));

  // Top-down splits, depth first (deterministic: members stay in frequency order).
  struct Node {
    std::vector<uint32_t> members;
    int depth;
    uint32_t prefix;
  };
  std::vector<uint32_t> leaf(V, 0);
  std::vector<Node> todo;
  {
    Node root{std::vector<uint32_t>(V), 0, 0};
    for (uint32_t v = 0; v < V; ++v) root.members[v] = v;
    todo.push_back(std::move(root));
  }
  std::vector<float> ca(dims), cb(dims);
  std::vector<uint8_t> side;
  size_t leaves = 0;
  while (!todo.empty()) {
    Node node = std::move(todo.back());
    todo.pop_back();
    const size_t n = node.members.size();
    auto make_leaf = [&] {
      for (uint32_t v : node.members) leaf[v] = node.prefix << (o.depth - node.depth);
      ++leaves;
    };
    if (n < 2 || node.depth == o.depth) {
      make_leaf();
      continue;
    }
    // Seeds: the most frequent member and, among the next 50, the least similar to it.
    const uint32_t a = node.members[0];
    uint32_t b = node.members[1];
    float low = rows.Dot(a, b);
    for (size_t j = 2; j < std::min<size_t>(n, 51); ++j) {
      const float d = rows.Dot(a, node.members[j]);
      if (d < low) low = d, b = node.members[j];
    }
    std::fill(ca.begin(), ca.end(), 0.0f);
    std::fill(cb.begin(), cb.end(), 0.0f);
    rows.Add(a, 1.0f, ca);
    rows.Add(b, 1.0f, cb);
    side.assign(n, 2);
    size_t ones = 0;
    for (int it = 0; it < o.iterations; ++it) {
      bool changed = false;
      ones = 0;
      for (size_t j = 0; j < n; ++j) {
        const uint32_t v = node.members[j];
        const uint8_t s = rows.Dot(v, cb) > rows.Dot(v, ca) ? 1 : 0;
        changed |= s != side[j];
        side[j] = s;
        ones += s;
      }
      if (!changed || ones == 0 || ones == n) break;
      std::fill(ca.begin(), ca.end(), 0.0f);
      std::fill(cb.begin(), cb.end(), 0.0f);
      for (size_t j = 0; j < n; ++j) rows.Add(node.members[j], weight[node.members[j]], side[j] ? cb : ca);
      Normalize(ca);
      Normalize(cb);
    }
    if (ones == 0 || ones == n) {
      make_leaf();
      continue;
    }
    Node zero{{}, node.depth + 1, node.prefix << 1}, one{{}, node.depth + 1, (node.prefix << 1) | 1};
    zero.members.reserve(n - ones);
    one.members.reserve(ones);
    for (size_t j = 0; j < n; ++j) (side[j] ? one : zero).members.push_back(node.members[j]);
    todo.push_back(std::move(one));
    todo.push_back(std::move(zero));
  }

  WordClusters out;
  out.depth_ = o.depth;
  out.paths_.reserve(V);
  // Capitalisation inside sentences (not the first word).
  std::vector<uint32_t> mid(V, 0), caps(V, 0);
  if (upper && upper->size() == sentences.size())
    for (size_t si = 0; si < sentences.size(); ++si) {
      const auto& s = sentences[si];
      const auto& u = (*upper)[si];
      for (size_t i = 1; i < s.size() && i < u.size(); ++i) {
        auto it = vid.find(s[i]);
        if (it == vid.end()) continue;
        ++mid[it->second];
        caps[it->second] += u[i] != 0;
      }
    }
  for (uint32_t v = 0; v < V; ++v) {
    uint32_t bucket = 0;
    if (mid[v] >= 3) {
      const double r = double(caps[v]) / mid[v];
      bucket = r < 0.05 ? 1 : r < 0.5 ? 2 : r < 0.95 ? 3 : 4;
    }
    out.paths_[HashStr(*vocab[v])] = (leaf[v] + 1) | (bucket << 24);
  }
  if (o.dump) {
    std::vector<uint32_t> by_path(V);
    for (uint32_t v = 0; v < V; ++v) by_path[v] = v;
    std::stable_sort(by_path.begin(), by_path.end(), [&](uint32_t a, uint32_t b) { return leaf[a] < leaf[b]; });
    for (uint32_t v : by_path) {
      std::string bits;
      for (int b = o.depth - 1; b >= 0; --b) bits += (leaf[v] >> b) & 1 ? '1' : '0';
      *o.dump << *vocab[v] << '\t' << bits << '\t' << vcount[v] << '\n';
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto dbl = [](double x) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    s << x;
    return s.str();
  };
  out.meta_ = {
      {"model", "dyad word clusters (top-down spherical 2-means over Hellinger left/right neighbour distributions)"},
      {"format", "DYADCLU v" + std::to_string(kVersion)},
      {"settings", "min count " + std::to_string(o.min_count) + ", " + std::to_string(K) + " context words" +
                       (o.other ? " + one for the rest" : "") + ", window " + std::to_string(win) + ", depth " +
                       std::to_string(o.depth) + ", " + std::to_string(o.iterations) + " iterations per split"},
      {"words", std::to_string(V) + " words in " + std::to_string(leaves) + " leaves"},
      {"training_data", o.sources + " (" + std::to_string(sentences.size()) + " sentences, " + std::to_string(ntok) +
                            " tokens, " + std::to_string(count.size()) + " distinct words)"},
      {"training_seconds", dbl(secs)},
      {"command", o.command},
  };
  if (o.log) *o.log << out.Describe();
  return out;
}

void WordClusters::Serialize(std::string& out) const {
  Writer w(out);
  w.Pod<uint32_t>(static_cast<uint32_t>(meta_.size()));
  for (const auto& [k, v] : meta_) {
    w.Str(k);
    w.Str(v);
  }
  w.Pod<int32_t>(depth_);
  std::vector<std::pair<uint64_t, uint32_t>> sorted(paths_.begin(), paths_.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint64_t> keys(sorted.size());
  std::vector<uint32_t> paths(sorted.size());
  for (size_t i = 0; i < sorted.size(); ++i) {
    keys[i] = sorted[i].first;
    paths[i] = sorted[i].second;
  }
  w.Vec(keys);
  w.Vec(paths);
}

bool WordClusters::Deserialize(std::string_view& in) {
  Reader r(in);
  uint32_t n = 0;
  if (!r.Pod(n) || n > 10000) return false;
  meta_.clear();
  for (uint32_t i = 0; i < n; ++i) {
    std::string k, v;
    if (!r.Str(k) || !r.Str(v)) return false;
    meta_.emplace_back(std::move(k), std::move(v));
  }
  std::vector<uint64_t> keys;
  std::vector<uint32_t> paths;
  if (!r.Pod(depth_) || depth_ < 0 || depth_ > kMaxDepth || !r.Vec(keys) || !r.Vec(paths) ||
      keys.size() != paths.size())
    return false;
  paths_.clear();
  paths_.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const uint32_t path = paths[i] & 0xFFFFFF;
    if (path == 0 || path - 1 >= (1u << depth_) || (paths[i] >> 24) > 4) return false;
    paths_.emplace(keys[i], paths[i]);
  }
  return true;
}

Status WordClusters::Save(const std::string& path) const {
  std::string payload;
  Serialize(payload);
  return WriteModelFile(path, kMagic, kVersion, meta_, payload);
}

Result<std::shared_ptr<const WordClusters>> WordClusters::Load(const std::string& path) {
  auto c = std::make_shared<WordClusters>();
  Metadata meta;
  std::string payload;
  DYAD_RETURN_IF_ERROR(ReadModelFile(path, kMagic, kVersion, meta, payload));
  std::string_view in = payload;
  if (!c->Deserialize(in)) return Status::DataLoss(path + ": corrupt clusters file");
  return std::shared_ptr<const WordClusters>(std::move(c));
}

}  // namespace dyad::ml
