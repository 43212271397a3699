// Fuzz target: ParseStatementRecordJson, the reader of the statement rows a
// store keeps (a damaged or hand-edited store hands it any bytes). Whatever
// it accepts must survive a round trip: written again by StatementRecordJson
// and read back, it is the same record.
#include <cstdint>
#include <string>

#include "dyad/statements.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto rec = dyad::ParseStatementRecordJson(bytes);
  if (!rec.ok()) {
    if (rec.status().message().empty()) __builtin_trap();
    return 0;
  }
  const std::string once = dyad::StatementRecordJson(*rec);
  auto again = dyad::ParseStatementRecordJson(once);
  if (!again.ok()) __builtin_trap();
  if (dyad::StatementRecordJson(*again) != once) __builtin_trap();
  return 0;
}
