// Fuzz target: raw bytes through the text path of `dyad code` (UTF-8 repair,
// cleaner, tokeniser, splitter, time expressions, actors, events).
#include <cstdint>
#include <string>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* pipeline = [] {
    auto p = dyad::Pipeline::Build(dyad::Pipeline::kDefaultSpec, DYAD_SOURCE_DIR "/data");
    if (!p.ok()) __builtin_trap();
    return new dyad::Pipeline(std::move(p).value());
  }();
  dyad::ReadOptions options;
  options.repair_utf8 = true;
  auto doc = dyad::DocumentFromText(std::string(reinterpret_cast<const char*>(data), size), "fuzz", options);
  if (!doc.ok()) return 0;
  dyad::PipelineScratch scratch = pipeline->NewScratch();
  (void)pipeline->Run(*doc, scratch);
  for (const auto& t : doc->tokens)
    if (t.span.end > doc->text.size() || t.span.begin > t.span.end) __builtin_trap();
  for (const auto& e : doc->events)
    if (e.trigger.end > doc->text.size()) __builtin_trap();
  return 0;
}
