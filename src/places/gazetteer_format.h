// The gazetteer file layout, shared by the writer (gazetteer_build.cc) and
// the reader (gazetteer.cc). All integers little-endian.
//
//   header (128 bytes)
//     0  char[8] magic "DYADGAZ\x1a"
//     8  u32 version, u32 header size
//    16  u32 counts: entries, countries, admin1, admin2, buckets, keys, features, 0
//    48  u64 payload size, u64 FNV-1a 64 checksum of the payload
//    64  u32 section offsets (from file start): entries, countries, admin1,
//        admin2, features, buckets, keys, strings
//    96  u32 keys size, u32 strings size, zero padding
//   entries   28 bytes each: u32 geonameid, f32 lat, f32 lon, u32 population,
//             u32 name (string offset), u16 country, u16 admin1, u16 admin2
//             (indices, 0xFFFF = none), u8 feature index, u8 GeoLevel
//   countries 16 bytes: u32 entry, char iso2[2], iso3[3], fips[2], pad, u32 0
//   admin1/2  8 bytes: u32 entry, u32 code (string offset)
//   features  u32 string offset each ("P.PPLA")
//   buckets   (buckets + 1) u32 offsets into keys; a key's bucket is its
//             FNV-1a 64 hash modulo the (power of two) bucket count
//   keys      records: u8 length, key bytes, u8 flags (kGeoKey*: a longer
//             key extends this one; also an English word), varint count, count varints (entry << 2 | kind)
//   strings   NUL-terminated UTF-8; offset 0 is the empty string
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace dyad::gaz {

inline constexpr char kMagic[8] = {'D', 'Y', 'A', 'D', 'G', 'A', 'Z', '\x1a'};
inline constexpr uint32_t kVersion = 1;
inline constexpr uint32_t kHeaderSize = 128;
inline constexpr uint32_t kEntrySize = 28;
inline constexpr uint32_t kCountrySize = 16;
inline constexpr uint32_t kAdminSize = 8;
inline constexpr uint16_t kNone16 = 0xFFFF;

inline uint64_t Fnv1a(const uint8_t* p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}
inline uint64_t HashKey(std::string_view k) {
  return Fnv1a(reinterpret_cast<const uint8_t*>(k.data()), k.size());
}

inline uint32_t Get32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline uint16_t Get16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
inline uint64_t Get64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline float GetF(const uint8_t* p) {
  float v;
  std::memcpy(&v, p, 4);
  return v;
}

}  // namespace dyad::gaz
