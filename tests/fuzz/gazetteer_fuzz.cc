// Fuzz target: the gazetteer reader (header, section bounds, indices,
// key records) and lookups over whatever it accepts.
#include <cstdint>
#include <string>
#include <vector>

#include "dyad/places.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto g = dyad::Gazetteer::FromBytes(bytes, /*verify_checksum=*/false);
  if (!g.ok()) return 0;
  std::vector<dyad::GeoPosting> out;
  uint8_t flags = 0;
  for (const char* key : {"paris", "a", "new york", "u s", ""}) (void)(*g)->Lookup(key, out, &flags);
  for (const dyad::GeoPosting& p : out) (void)(*g)->Entry(p.entry);
  for (uint32_t i = 0; i < (*g)->size() && i < 64; ++i) (void)(*g)->Entry(i);
  (void)(*g)->CountryEntry("USA");
  (void)(*g)->Admin1Entry("US.IL");
  (void)dyad::NormalizePlaceKey(bytes.substr(0, 256));
  return 0;
}
