// Shared by the dyad subcommands: where the built-in data lives, how inputs
// are read and how failures are counted into the exit status.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"
#include "dyad/status.h"

namespace CLI {
class App;
}

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

// Reads every input, gives an undated document `date`, runs the pipeline and
// hands each coded document to `fn`. A document that cannot be read or coded
// is reported (ReportDocumentError) and skipped; the others go on. Returns
// the number of documents that failed.
int CodeInputs(const std::vector<std::string>& inputs, const ReadOptions& options, const Pipeline& pipeline,
               const std::string& date, const std::function<void(Document&)>& fn);

struct CommonOptions {
  std::vector<std::string> inputs;
  std::string data_dir;
  size_t max_bytes_mb = 32;
  bool repair_utf8 = false;
  ReadOptions ToReadOptions() const;
};

// Event filters shared by `dyad events` and `dyad stats` (store commands):
// --source --target --dyad --code --plover --quad --from --to --text --site
// --doc --all. ToParams() gives the key/value form ParseEventQuery validates,
// so the command line and the HTTP API accept exactly the same filters.
struct EventFilterOptions {
  std::string source, target, dyad, code, plover, from, to, text, site, doc;
  int quad = 0;
  bool all = false;
  std::multimap<std::string, std::string> ToParams() const;
};
void AddEventFilterOptions(CLI::App* cmd, EventFilterOptions& filters);

// The default --db path of the store commands.
constexpr const char* kDefaultDb = "dyad.db";

// Progress of `dyad ingest` / `dyad recode` on stderr: a bar redrawn in place
// when stderr is a terminal (`total` documents, 0 = unknown), plain lines
// otherwise. Reports documents/s, events and errors.
std::function<void(const IngestProgress&)> MakeIngestProgressPrinter(int64_t total, const char* verb);

// The pipeline the store commands run (StorePipelineSpec over the data
// directory found as FindDataDir does). Errors are printed; nullopt then.
std::optional<Pipeline> BuildStorePipeline(const std::string& data_flag, const char* argv0,
                                           const std::string& dict, bool no_clean);

// Opens the store at `db` (read-only when asked; a writer checks it first, see
// StoreOptions::check); on failure prints "dyad: <message>" and returns null
// (exit status kExitSomeFailed).
std::unique_ptr<Store> OpenStoreOrReport(const std::string& db, bool read_only,
                                         StoreOptions::Check check = StoreOptions::Check::kQuick);

// Adds `--check quick|full|none` (the writer's integrity check) to a store command.
void AddStoreCheckOption(CLI::App* cmd, StoreOptions::Check& check);

// Exit status of an ingest or recode run, printing a failure of the run itself.
int IngestExitStatus(const Result<IngestProgress>& result);

}  // namespace dyad::cli
