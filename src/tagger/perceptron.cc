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

void FrozenWeights::BuildIndex() {
  size_t cap = 16;
  while (cap < keys_.size() * 2) cap <<= 1;
  slots_.assign(cap, Slot{0, 0, 0});
  const size_t m = cap - 1;
  for (size_t i = 0; i < keys_.size(); ++i) {
    const uint64_t key = keys_[i] ? keys_[i] : 1;
    size_t j = key & m;
    while (slots_[j].key != 0 && slots_[j].key != key) j = (j + 1) & m;
    slots_[j] = Slot{key, offsets_[i], offsets_[i + 1] - offsets_[i]};
  }
  packed_.resize(cls_.size());
  for (size_t e = 0; e < cls_.size(); ++e) packed_[e] = Packed{w_[e], cls_[e], 0};
  // The slots and packed entries now hold everything (entries stay in key order).
  std::vector<uint32_t>().swap(offsets_);
  std::vector<uint8_t>().swap(cls_);
  std::vector<int16_t>().swap(w_);
}

void FrozenWeights::Serialize(std::string& out) const {
  Writer w(out);
  w.Pod<int32_t>(classes_);
  w.Vec(keys_);
  // Entry counts per feature (uint8 each would overflow for big class sets).
  std::vector<uint16_t> counts(keys_.size());
  const size_t m = slots_.size() - 1;
  for (size_t i = 0; i < keys_.size(); ++i) {
    const uint64_t key = keys_[i] ? keys_[i] : 1;
    size_t j = key & m;
    while (slots_[j].key != key) j = (j + 1) & m;
    counts[i] = static_cast<uint16_t>(slots_[j].count);
  }
  w.Vec(counts);
  std::vector<uint8_t> cls(packed_.size());
  std::vector<int16_t> q(packed_.size());  // quantised to 16 bits with one scale (by Freeze)
  for (size_t e = 0; e < packed_.size(); ++e) {
    cls[e] = packed_[e].cls;
    q[e] = packed_[e].w;
  }
  w.Vec(cls);
  w.Pod<float>(scale_);
  w.Vec(q);
}

bool FrozenWeights::Deserialize(std::string_view& in) {
  Reader r(in);
  std::vector<uint16_t> counts;
  if (!r.Pod(classes_) || classes_ <= 0 || classes_ > 256 || !r.Vec(keys_) || !r.Vec(counts) ||
      !r.Vec(cls_) || !r.Pod(scale_) || !r.Vec(w_))
    return false;
  if (counts.size() != keys_.size() || w_.size() != cls_.size()) return false;
  offsets_.assign(keys_.size() + 1, 0);
  for (size_t i = 0; i < counts.size(); ++i) offsets_[i + 1] = offsets_[i] + counts[i];
  if (offsets_.back() != cls_.size()) return false;
  for (uint8_t c : cls_)
    if (c >= classes_) return false;
  BuildIndex();
  return true;
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
  fw.offsets_.push_back(0);
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
    fw.keys_.push_back(keys_[f]);
    for (auto& [c, w] : tmp) {
      fw.cls_.push_back(static_cast<uint8_t>(c));
      wf.push_back(w);
    }
    fw.offsets_.push_back(static_cast<uint32_t>(fw.cls_.size()));
  }
  // Quantised to 16 bits with one scale, as the model files store them.
  float maxw = 0;
  for (float x : wf) maxw = std::max(maxw, std::fabs(x));
  fw.scale_ = maxw > 0 ? maxw / 32767.0f : 1.0f;
  fw.w_.resize(wf.size());
  for (size_t i = 0; i < wf.size(); ++i) fw.w_[i] = static_cast<int16_t>(std::lround(wf[i] / fw.scale_));
  fw.BuildIndex();
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
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::NotFound(path + ": cannot open model");
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string data = ss.str();
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
  uint64_t raw = 0;
  std::string z;
  if (!r.Pod(raw) || raw > (1ull << 32) || !r.Str(z)) return Status::DataLoss(path + ": truncated");
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
