// libFuzzer target: charset detection, HTML parsing and article extraction on
// arbitrary bytes must never crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dyad/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  dyad::ExtractOptions o;
  o.url = "https://example.com/2024/01/27/story";
  auto ex = dyad::ExtractArticle(bytes, o);
  if (ex.ok()) {
    dyad::SiteTemplates templates(1);
    templates.Observe("example.com", *ex);
    templates.Apply("example.com", *ex);
    (void)dyad::DocumentFromExtraction(std::move(*ex), "fuzz");
  }
  (void)dyad::NormaliseDate(bytes.substr(0, 256));
  (void)dyad::DecodeEntities(bytes.substr(0, 4096));
  return 0;
}
