// Statements as JSONL (StatementRecordJson, docs/formats.md) and as a table.
#include <fmt/format.h>

#include "dyad/output.h"
#include "dyad/statements.h"

namespace dyad {

namespace {

std::string Clip(std::string_view s, size_t n) {
  std::string flat;
  for (char c : s) flat += (c == '\n' ? ' ' : c);
  if (flat.size() <= n) return flat;
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
  return flat.substr(0, cut) + "…";
}

}  // namespace

void StatementWriter::Begin() {
  if (format_ == StatementFormat::kTable)
    out_ << fmt::format("{:<10} {:<9} {:<26} {:<8} {:<12} {}\n", "date", "code", "speaker", "kind", "cue", "content");
}

void StatementWriter::Write(const StatementRecord& r) {
  if (format_ == StatementFormat::kJsonl) {
    out_ << StatementRecordJson(r) << '\n';
    return;
  }
  out_ << fmt::format("{:<10} {:<9} {:<26} {:<8} {:<12} {}\n", r.date.empty() ? "?" : r.date,
                      r.speaker_code.empty() ? "-" : r.speaker_code,
                      Clip(r.person.empty() ? r.speaker_text : r.person, 26), ToString(r.kind),
                      Clip(r.cue_text.empty() ? "-" : r.cue_text, 12), Clip(r.content, 100));
}

}  // namespace dyad
