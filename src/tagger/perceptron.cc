// Averaged perceptron, feature index and model container (perceptron.h).

#include "tagger/perceptron.h"

#include <zlib.h>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace dyad::ml {

void* AllocateHuge(size_t bytes) {
  constexpr size_t kHuge = size_t(2) << 20;
  if (bytes < kHuge) return std::malloc(bytes ? bytes : 1);
  const size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
  void* p = std::aligned_alloc(kHuge, rounded);
#ifdef __linux__
  if (p) madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure is harmless
#endif
  return p;
}

void FeatureIndex::Reserve(size_t n) {
  size_t cap = 16;
  while (cap < n * 2) cap <<= 1;
  if (cap <= keys_.size()) return;
  std::vector<uint64_t> old_keys = std::move(keys_);
  std::vector<uint32_t> old_vals = std::move(vals_);
  keys_.assign(cap, 0);
  vals_.assign(cap, 0);
  const size_t m = cap - 1;
  for (size_t i = 0; i < old_keys.size(); ++i) {
    if (!old_keys[i]) continue;
    size_t j = old_keys[i] & m;
    while (keys_[j]) j = (j + 1) & m;
    keys_[j] = old_keys[i];
    vals_[j] = old_vals[i];
  }
}

uint32_t FeatureIndex::FindOrInsert(uint64_t key, uint32_t value) {
  key = key ? key : 1;
  if ((size_ + 1) * 2 > keys_.size()) Reserve(size_ + 1 > 8 ? size_ * 2 : 16);
  const size_t m = keys_.size() - 1;
  size_t i = key & m;
  for (; keys_[i]; i = (i + 1) & m)
    if (keys_[i] == key) return vals_[i];
  keys_[i] = key;
  vals_[i] = value;
  ++size_;
  return value;
}

namespace {

// Entries of a feature at or above which it keeps a dense row: a row of 16-bit
// weights costs 2 * stride bytes and a few vector adds, a sparse list 4 bytes
// and a scalar scatter-add per entry.
int DenseMin(int stride) { return std::max(8, stride / 4); }

template <typename T>
bool ReadSpan(std::string_view& in, const char*& data, uint64_t& n) {
  if (in.size() < sizeof(uint64_t)) return false;
  std::memcpy(&n, in.data(), sizeof(n));
  in.remove_prefix(sizeof(n));
  if (n > in.size() / sizeof(T)) return false;
  data = in.data();
  in.remove_prefix(n * sizeof(T));
  return true;
}

template <typename T>
T At(const char* data, size_t i) {  // unaligned read from the payload
  T v;
  std::memcpy(&v, data + i * sizeof(T), sizeof(T));
  return v;
}

}  // namespace

bool FrozenWeights::Build(size_t n, const char* key_bytes, const char* count_bytes, const uint8_t* cls,
                          const char* w_bytes) {
  auto keys = [&](size_t i) { return At<uint64_t>(key_bytes, i); };
  auto counts = [&](size_t i) { return At<uint16_t>(count_bytes, i); };
  auto w = [&](size_t i) { return At<int16_t>(w_bytes, i); };
  features_ = n;
  stride_ = (classes_ + 15) / 16 * 16;
  const int dense_min = DenseMin(stride_);
  size_t nsparse = 0, ndense = 0;
  for (size_t i = 0; i < n; ++i) {
    if (counts(i) >= dense_min) ++ndense;
    else nsparse += 1 + counts(i);
  }
  if (nsparse >= kDense || ndense >= kDense) return false;
  sparse_.clear();
  sparse_.reserve(nsparse);
  dense_.assign(ndense * stride_, 0);
  std::vector<uint32_t> refs(n);
  size_t e = 0, row = 0;
  for (size_t i = 0; i < n; ++i) {
    if (counts(i) >= dense_min) {
      int16_t* r = &dense_[row * stride_];
      for (uint32_t c = 0; c < counts(i); ++c) r[cls[e + c]] = w(e + c);
      refs[i] = kDense | static_cast<uint32_t>(row++);
    } else {
      refs[i] = static_cast<uint32_t>(sparse_.size());
      sparse_.push_back(Packed{0, 0, 0});
      const uint16_t count = counts(i);
      std::memcpy(&sparse_.back(), &count, sizeof(count));  // count header
      for (uint32_t c = 0; c < counts(i); ++c) sparse_.push_back(Packed{w(e + c), cls[e + c], 0});
    }
    e += counts(i);
  }
  entries_ = e;
  // At most ~60 % full; a clash of two features' tags within one probe run
  // would make one shadow the other, so the table is rebuilt with a salt.
  const size_t cap = std::max<size_t>(16, n + n * 2 / 3 + 1);
  salt_ = 0;
  for (int attempt = 0;; salt_ = Mix(++attempt)) {
    slots_.assign(cap, Slot{0, 0});
    bool clash = false;
    for (size_t i = 0; i < n && !clash; ++i) {
      const uint64_t h = Hash(keys(i) ? keys(i) : 1);
      const uint32_t tag = Tag(h);
      size_t j = Home(h);
      while (slots_[j].tag != 0) {
        if (slots_[j].tag == tag) {
          clash = true;  // the same key twice is a clash too (a corrupt file)
          break;
        }
        if (++j == cap) j = 0;
      }
      slots_[j] = Slot{tag, refs[i]};
    }
    if (!clash) return true;
    if (attempt >= 16) return false;  // distinct keys do not clash 16 times
  }
}

void FrozenWeights::Score(const uint64_t* feats, size_t n, float* scores) const {
  if (slots_.empty()) return;
  const size_t cap = slots_.size();
  constexpr size_t kBatch = 64;
  uint64_t hs[kBatch];
  uint32_t found[kBatch];
  alignas(32) int32_t acc[256] = {};  // classes are 8-bit
  const int stride = stride_;
  for (size_t base = 0; base < n; base += kBatch) {
    const size_t stop = std::min(n, base + kBatch);
    for (size_t i = base; i < stop; ++i) {
      const uint64_t h = Hash(feats[i] ? feats[i] : 1);
      hs[i - base] = h;
      __builtin_prefetch(&slots_[Home(h)]);
    }
    size_t nfound = 0;
    for (size_t i = base; i < stop; ++i) {
      const uint64_t h = hs[i - base];
      const uint32_t tag = Tag(h);
      for (size_t j = Home(h);;) {
        const Slot sl = slots_[j];
        if (sl.tag == tag) {
          if (sl.ref & kDense) {
            const int16_t* r = &dense_[static_cast<size_t>(sl.ref & ~kDense) * stride];
            for (int k = 0; k < stride; k += 32) __builtin_prefetch(r + k);
          } else {
            __builtin_prefetch(&sparse_[sl.ref]);
          }
          found[nfound++] = sl.ref;
          break;
        }
        if (sl.tag == 0) break;
        if (++j == cap) j = 0;
      }
    }
    for (size_t f = 0; f < nfound; ++f) {
      const uint32_t ref = found[f];
      if (ref & kDense) {
        const int16_t* r = &dense_[static_cast<size_t>(ref & ~kDense) * stride];
        for (int c = 0; c < stride; ++c) acc[c] += r[c];
      } else {
        const Packed* e = &sparse_[ref];
        uint16_t count;
        std::memcpy(&count, e, sizeof(count));
        for (uint32_t c = 1; c <= count; ++c) acc[e[c].cls] += e[c].w;
      }
    }
  }
  for (int c = 0; c < classes_; ++c) scores[c] += static_cast<float>(acc[c]);
}

bool FrozenWeights::Serialize(std::string& out) const {
  if (file_form_.empty()) return false;
  out.append(file_form_);
  return true;
}

bool FrozenWeights::Deserialize(std::string_view& in) {
  // File form: int32 classes, keys[n] (uint64), counts[n] (uint16),
  // cls[e] (uint8), float scale, w[e] (int16), each vector with a uint64 size.
  if (in.size() < sizeof(int32_t)) return false;
  std::memcpy(&classes_, in.data(), sizeof(int32_t));
  in.remove_prefix(sizeof(int32_t));
  if (classes_ <= 0 || classes_ > 256) return false;
  const char *keys, *counts, *cls, *w;
  uint64_t nk, nc, ncls, nw;
  if (!ReadSpan<uint64_t>(in, keys, nk) || !ReadSpan<uint16_t>(in, counts, nc) ||
      !ReadSpan<uint8_t>(in, cls, ncls) || in.size() < sizeof(float))
    return false;
  std::memcpy(&scale_, in.data(), sizeof(float));
  in.remove_prefix(sizeof(float));
  if (!ReadSpan<int16_t>(in, w, nw) || nc != nk || nw != ncls) return false;
  uint64_t total = 0;
  for (uint64_t i = 0; i < nc; ++i) total += At<uint16_t>(counts, i);
  if (total != ncls) return false;
  for (uint64_t e = 0; e < ncls; ++e)
    if (static_cast<uint8_t>(cls[e]) >= classes_) return false;
  return Build(nk, keys, counts, reinterpret_cast<const uint8_t*>(cls), w);
}

void TrainWeights::Score(const uint64_t* feats, size_t n, float* scores) const {
  for (size_t i = 0; i < n; ++i) index_.Prefetch(feats[i]);
  for (size_t i = 0; i < n; ++i) {
    uint32_t f = index_.Find(feats[i]);
    if (f == FeatureIndex::kMissing) continue;
    for (const Entry& e : rows_[f]) scores[e.cls] += e.w;
  }
}

void TrainWeights::Add(std::vector<Entry>& row, int cls, float v) {
  for (Entry& e : row) {
    if (e.cls == cls) {
      e.total += double(now_ - e.ts) * e.w;
      e.ts = static_cast<int32_t>(now_);
      e.w += v;
      return;
    }
  }
  row.push_back(Entry{cls, static_cast<int32_t>(now_), v, 0.0});
}

void TrainWeights::Update(const uint64_t* feats, size_t n, int truth, int guess) {
  if (truth == guess) return;
  for (size_t i = 0; i < n; ++i) {
    uint32_t f = index_.FindOrInsert(feats[i], static_cast<uint32_t>(rows_.size()));
    if (f == rows_.size()) {
      rows_.emplace_back();
      keys_.push_back(feats[i] ? feats[i] : 1);
    }
    Add(rows_[f], truth, 1.0f);
    Add(rows_[f], guess, -1.0f);
  }
}

FrozenWeights TrainWeights::Freeze(float prune, size_t max_entries) const {
  FrozenWeights fw;
  auto average = [&](const Entry& e) { return (e.total + double(now_ - e.ts) * e.w) / double(now_); };
  if (max_entries) {
    std::vector<float> mags;
    for (const auto& row : rows_)
      for (const Entry& e : row) mags.push_back(static_cast<float>(std::fabs(average(e))));
    if (mags.size() > max_entries) {
      std::nth_element(mags.begin(), mags.begin() + (mags.size() - max_entries), mags.end());
      prune = std::max(prune, mags[mags.size() - max_entries]);
    }
  }
  fw.classes_ = classes_;
  std::vector<uint64_t> keys;
  std::vector<uint16_t> counts;
  std::vector<uint8_t> cls;
  std::vector<float> wf;
  std::vector<std::pair<int, float>> tmp;
  for (size_t f = 0; f < rows_.size(); ++f) {
    tmp.clear();
    for (const Entry& e : rows_[f]) {
      double avg = average(e);
      if (std::fabs(avg) >= prune) tmp.emplace_back(e.cls, static_cast<float>(avg));
    }
    if (tmp.empty()) continue;
    std::sort(tmp.begin(), tmp.end());
    keys.push_back(keys_[f]);
    counts.push_back(static_cast<uint16_t>(tmp.size()));
    for (auto& [c, w] : tmp) {
      cls.push_back(static_cast<uint8_t>(c));
      wf.push_back(w);
    }
  }
  // Quantised to 16 bits with one scale, as the model files store them.
  float maxw = 0;
  for (float x : wf) maxw = std::max(maxw, std::fabs(x));
  fw.scale_ = maxw > 0 ? maxw / 32767.0f : 1.0f;
  std::vector<int16_t> q(wf.size());
  for (size_t i = 0; i < wf.size(); ++i) q[i] = static_cast<int16_t>(std::lround(wf[i] / fw.scale_));
  Writer w(fw.file_form_);
  w.Pod<int32_t>(classes_);
  w.Vec(keys);
  w.Vec(counts);
  w.Vec(cls);
  w.Pod<float>(fw.scale_);
  w.Vec(q);
  fw.Build(keys.size(), reinterpret_cast<const char*>(keys.data()), reinterpret_cast<const char*>(counts.data()),
           cls.data(), reinterpret_cast<const char*>(q.data()));
  return fw;
}

Status WriteModelFile(const std::string& path, std::string_view magic, uint32_t version,
                      const Metadata& meta, const std::string& payload) {
  std::string out;
  out.append(magic.substr(0, 8));
  Writer w(out);
  w.Pod<uint32_t>(version);
  w.Pod<uint32_t>(static_cast<uint32_t>(meta.size()));
  for (const auto& [k, v] : meta) {
    w.Str(k);
    w.Str(v);
  }
  uLongf bound = compressBound(payload.size());
  std::string z(bound, '\0');
  if (compress2(reinterpret_cast<Bytef*>(z.data()), &bound,
                reinterpret_cast<const Bytef*>(payload.data()), payload.size(), 9) != Z_OK)
    return Status::Internal("zlib compression failed");
  z.resize(bound);
  w.Pod<uint64_t>(payload.size());
  w.Str(z);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return Status::IoError(path + ": cannot write");
  f.write(out.data(), static_cast<std::streamsize>(out.size()));
  if (!f) return Status::IoError(path + ": write failed");
  return Status::Ok();
}

Status ReadModelFile(const std::string& path, std::string_view magic, uint32_t version,
                     Metadata& meta, std::string& payload, uint32_t oldest, uint32_t* got) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) return Status::NotFound(path + ": cannot open model");
  // One read into one buffer (a stringstream would hold the file twice).
  const std::streamoff size = f.tellg();
  if (size < 0) return Status::IoError(path + ": cannot read model");
  std::string data(static_cast<size_t>(size), '\0');
  f.seekg(0);
  if (!f.read(data.data(), size)) return Status::IoError(path + ": cannot read model");
  f.close();
  std::string_view in = data;
  if (in.size() < 8 || in.substr(0, 8) != magic.substr(0, 8))
    return Status::DataLoss(path + ": not a " + std::string(magic) + " model (bad magic)");
  in.remove_prefix(8);
  Reader r(in);
  uint32_t v = 0, n = 0;
  if (!oldest) oldest = version;
  if (!r.Pod(v) || v < oldest || v > version)
    return Status::DataLoss(path + ": model format version " + std::to_string(v) + ", expected " +
                            (oldest < version ? std::to_string(oldest) + ".." : std::string()) +
                            std::to_string(version));
  if (got) *got = v;
  if (!r.Pod(n) || n > 10000) return Status::DataLoss(path + ": corrupt metadata");
  meta.clear();
  for (uint32_t i = 0; i < n; ++i) {
    std::string k, val;
    if (!r.Str(k) || !r.Str(val)) return Status::DataLoss(path + ": corrupt metadata");
    meta.emplace_back(std::move(k), std::move(val));
  }
  uint64_t raw = 0, zn = 0;
  if (!r.Pod(raw) || raw > (1ull << 32) || !r.Pod(zn) || zn > in.size())
    return Status::DataLoss(path + ": truncated");
  const std::string_view z = in.substr(0, zn);
  payload.assign(raw, '\0');
  uLongf len = raw;
  if (uncompress(reinterpret_cast<Bytef*>(payload.data()), &len,
                 reinterpret_cast<const Bytef*>(z.data()), z.size()) != Z_OK || len != raw)
    return Status::DataLoss(path + ": corrupt compressed payload");
  return Status::Ok();
}

std::string MetaGet(const Metadata& meta, std::string_view key) {
  for (const auto& [k, v] : meta)
    if (k == key) return v;
  return {};
}

}  // namespace dyad::ml
