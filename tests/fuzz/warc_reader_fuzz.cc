// libFuzzer target: the WARC reader (plain and gzip), HTTP response parsing
// and the extraction of each HTML record on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dyad/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  size_t docs = 0;
  dyad::ReadWarcSource(dyad::ByteSource::FromMemory(bytes), "fuzz", 1u << 20,
                       [&](const std::string&, dyad::Result<dyad::Document> d) { docs += d.ok(); });
  int status = 0;
  std::string ct, body;
  (void)dyad::ParseHttpResponse(bytes, &status, &ct, &body, 1u << 20);
  return 0;
}
