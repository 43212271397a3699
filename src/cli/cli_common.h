// Shared by the dyad subcommands: where the built-in data lives, how inputs
// are read and how failures are counted into the exit status.
#pragma once

#include <string>
#include <vector>

#include "dyad/ingest.h"
#include "dyad/status.h"

namespace dyad::cli {

// Exit status contract (docs/architecture.md): 0 ok, 1 some documents failed, 2 usage.
constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitUsage = 2;

// --data, else $DYAD_DATA, else data/ next to the executable's project, else
// the source tree the binary was built from.
Result<std::string> FindDataDir(const std::string& flag, const char* argv0);

// Prints "dyad: <origin>: <message>" on stderr.
void ReportDocumentError(const std::string& origin, const Status& status);

struct CommonOptions {
  std::vector<std::string> inputs;
  std::string data_dir;
  size_t max_bytes_mb = 32;
  bool repair_utf8 = false;
  ReadOptions ToReadOptions() const;
};

}  // namespace dyad::cli
