#include "cli/cli_common.h"

#include <filesystem>
#include <iostream>

namespace dyad::cli {

namespace fs = std::filesystem;

Result<std::string> FindDataDir(const std::string& flag, const char* argv0) {
  auto looks_right = [](const fs::path& p) {
    std::error_code ec;
    return fs::exists(p / "actors" / "countries.txt", ec) && fs::exists(p / "events" / "patterns.txt", ec);
  };
  if (!flag.empty()) {
    if (!looks_right(flag)) return Status::NotFound("--data " + flag + " has no actors/countries.txt and events/patterns.txt");
    return flag;
  }
  if (const char* env = std::getenv("DYAD_DATA"); env && *env) {
    if (!looks_right(env)) return Status::NotFound(std::string("$DYAD_DATA=") + env + " has no dyad dictionaries");
    return std::string(env);
  }
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec && argv0) exe = fs::absolute(argv0, ec);
  for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    if (looks_right(dir / "data")) return (dir / "data").string();
    if (looks_right(dir / "share" / "dyad" / "data")) return (dir / "share" / "dyad" / "data").string();
  }
  fs::path source = fs::path(DYAD_SOURCE_DIR) / "data";
  if (looks_right(source)) return source.string();
  return Status::NotFound("cannot find dyad's data directory; pass --data DIR or set DYAD_DATA");
}

void ReportDocumentError(const std::string& origin, const Status& status) {
  std::cerr << "dyad: " << origin << ": " << status.message() << '\n';
}

ReadOptions CommonOptions::ToReadOptions() const {
  ReadOptions r;
  r.max_document_bytes = max_bytes_mb << 20;
  r.repair_utf8 = repair_utf8;
  return r;
}

}  // namespace dyad::cli
