// Fuzz target: one JSONL line into a Document (the ingest reader's parser).
#include <cstdint>
#include <string_view>

#include "dyad/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  dyad::ReadOptions options;
  options.max_document_bytes = 1 << 20;
  auto doc = dyad::DocumentFromJsonLine(line, "fuzz", options);
  if (doc.ok() && doc->raw.empty()) __builtin_trap();  // a document always has text
  options.repair_utf8 = true;
  (void)dyad::DocumentFromText(std::string(line), "fuzz", options);
  return 0;
}
