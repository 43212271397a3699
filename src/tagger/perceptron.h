// Internal: hashed features, the averaged perceptron used by the tagger and
// the parser, and the compact binary model container both write.
//
// Training keeps sparse per-feature entries (class, weight, running total,
// timestamp) so that memory grows with what the data needs; Freeze() averages
// them, drops near-zero weights and returns the immutable inference table
// (open-addressing index + flat class/weight arrays) that models ship.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dyad/status.h"

namespace dyad::ml {

inline uint64_t Mix(uint64_t x) {  // splitmix64 finaliser
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
inline uint64_t HashStr(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return Mix(h);
}
inline uint64_t F(uint64_t tmpl, uint64_t a) { return Mix(tmpl * 0x2545F4914F6CDD1Dull ^ a); }
inline uint64_t F(uint64_t tmpl, uint64_t a, uint64_t b) { return Mix(F(tmpl, a) + b); }
inline uint64_t F(uint64_t tmpl, uint64_t a, uint64_t b, uint64_t c) { return Mix(F(tmpl, a, b) + c); }

// Allocates big arrays on 2 MB boundaries and asks the kernel for
// transparent huge pages (Linux, THP in "madvise" mode): the weight tables
// are read at random, and with 4 KB pages nearly every lookup also missed
// the TLB. Small arrays and other systems get plain memory.
void* AllocateHuge(size_t bytes);
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t n) {
    void* p = AllocateHuge(n * sizeof(T));
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t) { std::free(p); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const { return false; }
};

// Open addressing uint64 -> uint32 (key 0 is mapped to 1; a collision of two
// 64-bit feature hashes is as unlikely as it is harmless).
class FeatureIndex {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;
  void Reserve(size_t n);
  uint32_t Find(uint64_t key) const {
    if (keys_.empty()) return kMissing;
    key = key ? key : 1;
    size_t m = keys_.size() - 1;
    for (size_t i = key & m;; i = (i + 1) & m) {
      if (keys_[i] == key) return vals_[i];
      if (keys_[i] == 0) return kMissing;
    }
  }
  void Prefetch(uint64_t key) const {
    if (!keys_.empty()) __builtin_prefetch(&keys_[(key ? key : 1) & (keys_.size() - 1)]);
  }
  // Returns the value for key, inserting `value` if absent.
  uint32_t FindOrInsert(uint64_t key, uint32_t value);
  size_t size() const { return size_; }

 private:
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> vals_;
  size_t size_ = 0;
};

// The immutable weights of a trained model.
//
// Scoring is memory-bound (issue 16: 42 % of `dyad code` before this
// layout): each feature costs a miss for its slot and one for its weights.
// So the slots are 8 bytes (a 32-bit tag of the key and a 32-bit reference),
// at most ~60 % full, which keeps the parser's table at 21 MB instead of 64;
// a feature with few classes keeps (weight, class) pairs behind a count
// header, one with many classes keeps a dense row of 16-bit weights, one per
// class, summed by a loop the compiler vectorises. A tag clash between two
// model features is detected when the table is built, which then rebuilds it
// with another salt, so scores are exactly those of the file.
class FrozenWeights {
 public:
  int classes() const { return classes_; }
  size_t features() const { return features_; }
  size_t entries() const { return entries_; }
  float scale() const { return scale_; }
  // Bytes of the inference tables (slots, sparse entries, dense rows).
  size_t bytes() const {
    return slots_.size() * sizeof(Slot) + sparse_.size() * sizeof(Packed) + dense_.size() * sizeof(int16_t);
  }
  // scores[0, classes) += weights of every feature found, in units of
  // scale() (weights are kept as the 16-bit integers the files hold; one
  // scale per model does not change which class scores best). All slots of
  // a call are prefetched, then every found feature's weights, then summed
  // in integers, so the misses of one call overlap instead of queueing.
  void Score(const uint64_t* feats, size_t n, float* scores) const;
  // Appends the file form; only weights built by TrainWeights::Freeze keep
  // it (loaded ones hold 32-bit tags, not the file's 64-bit keys): false
  // for weights read from a file.
  bool Serialize(std::string& out) const;
  // Reads the file form straight from `in` (no intermediate copies).
  bool Deserialize(std::string_view& in);

 private:
  friend class TrainWeights;
  struct Slot {
    uint32_t tag;  // 0 = empty
    uint32_t ref;  // kDense bit: dense row index; else index of the count header in sparse_
  };
  struct Packed {  // 4 bytes: half the memory traffic of a (float, class) pair
    int16_t w;
    uint8_t cls;
    uint8_t pad;
  };
  static constexpr uint32_t kDense = 0x80000000u;
  uint64_t Hash(uint64_t key) const { return salt_ ? Mix(key ^ salt_) : key; }
  size_t Home(uint64_t h) const {
    return static_cast<size_t>((static_cast<unsigned __int128>(h) * slots_.size()) >> 64);
  }
  static uint32_t Tag(uint64_t h) {
    const uint32_t t = static_cast<uint32_t>(h);
    return t ? t : 1;
  }
  // Builds the tables from the file form's arrays, read in place (possibly
  // unaligned): per feature a uint64 key and a uint16 count, then the
  // entries in feature order as uint8 classes (< classes_) and int16 weights.
  bool Build(size_t n, const char* keys, const char* counts, const uint8_t* cls, const char* w);
  int classes_ = 0;
  int stride_ = 0;  // dense row length: classes rounded up to 16
  size_t features_ = 0, entries_ = 0;
  float scale_ = 1.0f;  // weight = w * scale_
  uint64_t salt_ = 0;
  std::string file_form_;  // Freeze only: what Serialize writes
  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  std::vector<Packed, HugePageAllocator<Packed>> sparse_;
  std::vector<int16_t, HugePageAllocator<int16_t>> dense_;
};

// Averaged perceptron in training.
class TrainWeights {
 public:
  explicit TrainWeights(int classes) : classes_(classes) {}
  void Score(const uint64_t* feats, size_t n, float* scores) const;
  // One example seen (advances the averaging clock).
  void Tick() { ++now_; }
  void Update(const uint64_t* feats, size_t n, int truth, int guess);
  // Averaged weights; entries with |w| < prune are dropped, and beyond
  // max_entries (0 = no limit) only the largest magnitudes are kept.
  FrozenWeights Freeze(float prune, size_t max_entries = 0) const;
  size_t features() const { return rows_.size(); }

 private:
  struct Entry {
    int32_t cls;
    int32_t ts;
    float w;
    double total;
  };
  void Add(std::vector<Entry>& row, int cls, float v);
  int classes_;
  int64_t now_ = 1;
  FeatureIndex index_;
  std::vector<uint64_t> keys_;
  std::vector<std::vector<Entry>> rows_;
};

// Binary serialisation helpers (little-endian hosts).
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  template <typename T> void Pod(const T& v) { out_.append(reinterpret_cast<const char*>(&v), sizeof(T)); }
  void Str(std::string_view s) {
    Pod<uint64_t>(s.size());
    out_.append(s);
  }
  template <typename T> void Vec(const std::vector<T>& v) {
    Pod<uint64_t>(v.size());
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view& in) : in_(in) {}
  template <typename T> bool Pod(T& v) {
    if (in_.size() < sizeof(T)) return false;
    std::memcpy(&v, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return true;
  }
  bool Str(std::string& s) {
    uint64_t n = 0;
    if (!Pod(n) || n > in_.size()) return false;
    s.assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  template <typename T> bool Vec(std::vector<T>& v) {
    uint64_t n = 0;
    if (!Pod(n) || n > in_.size() / sizeof(T)) return false;
    v.resize(n);
    if (n) std::memcpy(static_cast<void*>(v.data()), in_.data(), n * sizeof(T));
    in_.remove_prefix(n * sizeof(T));
    return true;
  }

 private:
  std::string_view& in_;
};

// A model file: 8-byte magic, uint32 format version, metadata (key/value
// text: feature settings, training data, scores, command), then a
// zlib-compressed payload.
using Metadata = std::vector<std::pair<std::string, std::string>>;
Status WriteModelFile(const std::string& path, std::string_view magic, uint32_t version,
                      const Metadata& meta, const std::string& payload);
// Accepts format versions [oldest, version] (oldest 0 = only `version`) and
// reports the one read in *got.
Status ReadModelFile(const std::string& path, std::string_view magic, uint32_t version,
                     Metadata& meta, std::string& payload, uint32_t oldest = 0, uint32_t* got = nullptr);
std::string MetaGet(const Metadata& meta, std::string_view key);

}  // namespace dyad::ml
