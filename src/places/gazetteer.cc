// Reading the gazetteer file: mapped read-only, checked once, then looked up
// without allocation beyond the caller's posting vector.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <utf8proc.h>

#include <cstdlib>

#include "dyad/places.h"
#include "dyad/text.h"
#include "places/gazetteer_format.h"

namespace dyad {

using namespace gaz;

std::string NormalizePlaceKey(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  bool pending_space = false;
  auto put = [&](char c) {
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  };
  if (ascii) {
    for (char c : text) {
      if (c >= 'A' && c <= 'Z') put(static_cast<char>(c - 'A' + 'a'));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) put(c);
      else pending_space = true;
    }
    return out;
  }
  // COMPOSE decomposes, strips the marks and recomposes; with DECOMPOSE as
  // well utf8proc refuses the options (every non-ASCII name had an empty key).
  utf8proc_uint8_t* folded = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                    static_cast<utf8proc_ssize_t>(text.size()), &folded,
                                    static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD));
  if (n < 0) return out;
  std::string_view f(reinterpret_cast<const char*>(folded), static_cast<size_t>(n));
  size_t i = 0;
  while (i < f.size()) {
    size_t start = i;
    char32_t cp = DecodeUtf8(f, i);
    utf8proc_category_t cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    bool keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
                (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
    // Marks of scripts that STRIPMARK leaves alone (Devanagari vowel signs)
    // are part of the word.
    if (!keep) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(f.substr(start, i - start));
  }
  std::free(folded);
  return out;
}

std::string DefaultGazetteerPath(const std::string& data_dir) { return data_dir + "/geo/gazetteer.bin"; }

Result<std::shared_ptr<const Gazetteer>> Gazetteer::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound(fmt::format("{}: cannot open the gazetteer", path));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::IoError(fmt::format("{}: cannot stat", path));
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size < kHeaderSize) {
    ::close(fd);
    return Status::DataLoss(fmt::format("{}: not a dyad gazetteer (too short)", path));
  }
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return Status::IoError(fmt::format("{}: cannot map", path));
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  g->mapping_ = p;
  g->data_ = static_cast<const uint8_t*>(p);
  g->size_ = size;
  if (Status s = g->Init(); !s.ok()) return s.WithContext(path);
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::FromBytes(std::string_view bytes, bool verify_checksum) {
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  // Copied into storage aligned for the 4-byte fields (std::string is enough:
  // every read goes through memcpy).
  g->owned_.assign(bytes);
  g->data_ = reinterpret_cast<const uint8_t*>(g->owned_.data());
  g->size_ = g->owned_.size();
  if (Status s = g->Init(verify_checksum); !s.ok()) return s;
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

Gazetteer::~Gazetteer() {
  if (mapping_) ::munmap(mapping_, size_);
}

Status Gazetteer::Init(bool verify_checksum) {
  const uint8_t* h = data_;
  if (size_ < kHeaderSize || std::memcmp(h, kMagic, 8) != 0)
    return Status::DataLoss("not a dyad gazetteer (bad magic)");
  uint32_t version = Get32(h + 8);
  if (version != kVersion)
    return Status::DataLoss(fmt::format("gazetteer version {} (this dyad reads {}); rebuild it", version, kVersion));
  if (Get32(h + 12) != kHeaderSize) return Status::DataLoss("gazetteer header size mismatch");
  n_entries_ = Get32(h + 16);
  n_countries_ = Get32(h + 20);
  n_admin1_ = Get32(h + 24);
  n_admin2_ = Get32(h + 28);
  n_buckets_ = Get32(h + 32);
  n_keys_ = Get32(h + 36);
  n_features_ = Get32(h + 40);
  uint64_t payload = Get64(h + 48);
  if (payload != size_ - kHeaderSize) return Status::DataLoss("gazetteer truncated or padded (payload size)");
  if (verify_checksum && Fnv1a(data_ + kHeaderSize, size_ - kHeaderSize) != Get64(h + 56))
    return Status::DataLoss("gazetteer checksum mismatch (corrupt file)");
  if (n_buckets_ == 0 || (n_buckets_ & (n_buckets_ - 1)) != 0)
    return Status::DataLoss("gazetteer bucket count is not a power of two");
  keys_size_ = Get32(h + 96);
  strings_size_ = Get32(h + 100);
  struct Sec {
    const uint8_t** ptr;
    uint64_t bytes;
  } secs[8] = {{&entries_, uint64_t{n_entries_} * kEntrySize},
               {&countries_, uint64_t{n_countries_} * kCountrySize},
               {&admin1_, uint64_t{n_admin1_} * kAdminSize},
               {&admin2_, uint64_t{n_admin2_} * kAdminSize},
               {&features_, uint64_t{n_features_} * 4},
               {&buckets_, (uint64_t{n_buckets_} + 1) * 4},
               {&keys_, keys_size_},
               {nullptr, strings_size_}};
  for (int i = 0; i < 8; ++i) {
    uint64_t off = Get32(h + 64 + 4 * i);
    if (off < kHeaderSize || off > size_ || secs[i].bytes > size_ - off)
      return Status::DataLoss(fmt::format("gazetteer section {} out of bounds", i));
    if (secs[i].ptr) *secs[i].ptr = data_ + off;
    else strings_ = reinterpret_cast<const char*>(data_ + off);
  }
  if (strings_size_ == 0 || strings_[strings_size_ - 1] != '\0' || strings_[0] != '\0')
    return Status::DataLoss("gazetteer string pool malformed");
  // Every index the lookups follow is checked here once, so a damaged file
  // fails to open instead of misbehaving later.
  for (uint32_t i = 0; i < n_entries_; ++i) {
    const uint8_t* e = entries_ + size_t{i} * kEntrySize;
    if (Get32(e + 16) >= strings_size_) return Status::DataLoss("gazetteer entry name out of range");
    uint16_t c = Get16(e + 20), a1 = Get16(e + 22), a2 = Get16(e + 24);
    if ((c != kNone16 && c >= n_countries_) || (a1 != kNone16 && a1 >= n_admin1_) ||
        (a2 != kNone16 && a2 >= n_admin2_) || e[26] >= n_features_ || e[27] > 5)
      return Status::DataLoss("gazetteer entry index out of range");
  }
  for (uint32_t i = 0; i < n_countries_; ++i)
    if (Get32(countries_ + size_t{i} * kCountrySize) >= n_entries_)
      return Status::DataLoss("gazetteer country entry out of range");
  for (uint32_t i = 0; i < n_admin1_ + n_admin2_; ++i) {
    const uint8_t* a = i < n_admin1_ ? admin1_ + size_t{i} * kAdminSize : admin2_ + size_t{i - n_admin1_} * kAdminSize;
    if (Get32(a) >= n_entries_ || Get32(a + 4) >= strings_size_)
      return Status::DataLoss("gazetteer admin record out of range");
  }
  for (uint32_t i = 0; i < n_features_; ++i)
    if (Get32(features_ + 4 * i) >= strings_size_) return Status::DataLoss("gazetteer feature out of range");
  uint32_t prev = 0;
  for (uint32_t i = 0; i <= n_buckets_; ++i) {
    uint32_t b = Get32(buckets_ + 4 * i);
    if (b < prev || b > keys_size_) return Status::DataLoss("gazetteer key buckets malformed");
    prev = b;
  }
  return Status::Ok();
}

std::string_view Gazetteer::Str(uint32_t offset) const {
  if (offset >= strings_size_) return {};
  return std::string_view(strings_ + offset);
}

GeoEntry Gazetteer::Entry(uint32_t index) const {
  GeoEntry g;
  if (index >= n_entries_) return g;
  const uint8_t* e = entries_ + size_t{index} * kEntrySize;
  g.index = index;
  g.geonameid = Get32(e);
  g.lat = GetF(e + 4);
  g.lon = GetF(e + 8);
  g.population = Get32(e + 12);
  g.name = Str(Get32(e + 16));
  uint16_t c = Get16(e + 20), a1 = Get16(e + 22), a2 = Get16(e + 24);
  g.feature = Str(Get32(features_ + 4 * e[26]));
  g.level = static_cast<GeoLevel>(e[27]);
  if (c != kNone16) {
    const uint8_t* cr = countries_ + size_t{c} * kCountrySize;
    const char* codes = reinterpret_cast<const char*>(cr + 4);
    g.country_iso2 = std::string_view(codes, codes[1] ? 2 : 0);
    g.country = std::string_view(codes + 2, codes[4] ? 3 : 0);
    g.country_fips = std::string_view(codes + 5, codes[6] ? 2 : 0);
    g.country_name = Str(Get32(entries_ + size_t{Get32(cr)} * kEntrySize + 16));
  }
  if (a1 != kNone16) {
    const uint8_t* ar = admin1_ + size_t{a1} * kAdminSize;
    g.adm1 = Str(Get32(ar + 4));
    g.adm1_name = Str(Get32(entries_ + size_t{Get32(ar)} * kEntrySize + 16));
  }
  if (a2 != kNone16) {
    const uint8_t* ar = admin2_ + size_t{a2} * kAdminSize;
    g.adm2 = Str(Get32(ar + 4));
    g.adm2_name = Str(Get32(entries_ + size_t{Get32(ar)} * kEntrySize + 16));
  }
  return g;
}

namespace {
// Reads a varint at p (< end); false when it runs past end or overflows.
bool ReadVarint(const uint8_t*& p, const uint8_t* end, uint32_t& v) {
  v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (p >= end) return false;
    uint8_t b = *p++;
    v |= static_cast<uint32_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}
}  // namespace

bool Gazetteer::Lookup(std::string_view key, std::vector<GeoPosting>& out, uint8_t* flags_out) const {
  if (flags_out) *flags_out = 0;
  if (key.empty() || key.size() > 255) return false;
  uint32_t b = static_cast<uint32_t>(HashKey(key) & (n_buckets_ - 1));
  const uint8_t* p = keys_ + Get32(buckets_ + 4 * b);
  const uint8_t* end = keys_ + Get32(buckets_ + 4 * (b + 1));
  while (p < end) {
    uint32_t len = *p++;
    if (len + 1 > static_cast<size_t>(end - p)) return false;
    const uint8_t* k = p;
    p += len;
    uint8_t flags = *p++;
    uint32_t n;
    if (!ReadVarint(p, end, n)) return false;
    bool match = len == key.size() && std::memcmp(k, key.data(), len) == 0;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t v;
      if (!ReadVarint(p, end, v)) return false;
      if (match && (v >> 2) < n_entries_) out.push_back({v >> 2, static_cast<GeoNameKind>(v & 3)});
    }
    if (match) {
      if (flags_out) *flags_out = flags;
      return n > 0;
    }
  }
  return false;
}

uint32_t Gazetteer::CountryEntry(std::string_view code) const {
  if (code.size() != 2 && code.size() != 3) return UINT32_MAX;
  for (uint32_t i = 0; i < n_countries_; ++i) {
    const uint8_t* cr = countries_ + size_t{i} * kCountrySize;
    const char* codes = reinterpret_cast<const char*>(cr + 4);
    if ((code.size() == 2 && std::memcmp(codes, code.data(), 2) == 0) ||
        (code.size() == 3 && std::memcmp(codes + 2, code.data(), 3) == 0))
      return Get32(cr);
  }
  return UINT32_MAX;
}

uint32_t Gazetteer::Admin1Entry(std::string_view code) const {
  // Admin1 records are written sorted by code.
  uint32_t lo = 0, hi = n_admin1_;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    std::string_view c = Str(Get32(admin1_ + size_t{mid} * kAdminSize + 4));
    if (c < code) lo = mid + 1;
    else hi = mid;
  }
  if (lo < n_admin1_ && Str(Get32(admin1_ + size_t{lo} * kAdminSize + 4)) == code)
    return Get32(admin1_ + size_t{lo} * kAdminSize);
  return UINT32_MAX;
}

}  // namespace dyad
