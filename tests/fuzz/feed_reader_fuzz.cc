// libFuzzer target: RSS/Atom parsing and the extraction of every item.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dyad/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)dyad::LooksLikeFeed(bytes);
  auto feed = dyad::ParseFeed(bytes, 64);
  if (feed.ok()) {
    for (const auto& item : feed->items) (void)dyad::DocumentFromFeedItem(item, "fuzz", feed->language);
  }
  return 0;
}
