// dyad recode: re-runs the pipeline over the stored documents (after a
// dictionary or model update) and replaces their analysis in place, one
// transaction per batch of documents.
#include <iostream>
#include <thread>

#include <unistd.h>

#include "cli/commands.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"

namespace dyad::cli {

namespace {

class RecodeCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = app.add_subcommand("recode", "Re-code the stored documents with the current dictionaries and replace their events");
    cmd_->add_option("--db", db_, "The store: a SQLite file, or postgresql://user@host:port/dbname (or a libpq connection string)")->capture_default_str();
    jobs_ = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    cmd_->add_option("--jobs,-j", jobs_, "Worker threads running the pipeline")->check(CLI::Range(1, 256))->capture_default_str();
    cmd_->add_option("--data", data_dir_, "Directory of the built-in dictionaries (default: found automatically)");
    cmd_->add_option("--dict", dict_, "Extra actor dictionary files (PATH[:PATH...]) loaded after the built-in ones");
    cmd_->add_flag("--no-clean", no_clean_, "The stored documents were ingested with --no-clean");
    cmd_->add_flag("--quiet,-q", quiet_, "No progress output");
    AddStoreCheckOption(cmd_, check_);
    return cmd_;
  }

  int Run() override {
    auto pipeline = BuildStorePipeline(data_dir_, argv0_, dict_, no_clean_);
    if (!pipeline) return kExitUsage;
    auto writer = OpenStoreOrReport(db_, /*read_only=*/false, check_);
    if (!writer) return kExitSomeFailed;
    auto reader = OpenStoreOrReport(db_, /*read_only=*/true);
    if (!reader) return kExitSomeFailed;
    std::vector<std::string> ids;
    Status listed = reader->ForEachDocumentKey([&](const std::string& id, const std::string&) { ids.push_back(id); });
    if (!listed.ok()) {
      std::cerr << "dyad: " << listed.message() << '\n';
      return kExitSomeFailed;
    }
    IngestOptions options;
    options.jobs = jobs_;
    options.reanalyse = true;
    options.skip_known = false;
    if (!quiet_) options.on_progress = MakeIngestProgressPrinter(static_cast<int64_t>(ids.size()), "recode");
    options.on_error = [](const std::string& origin, const Status& s) { ReportDocumentError(origin, s); };
    auto result = RunIngest(
        *pipeline, *writer,
        [&](const auto& emit) {
          for (const std::string& id : ids) {
            auto stored = reader->GetDocument(id, /*annotations=*/false);
            if (!stored.ok()) {
              emit(id, stored.status());
              continue;
            }
            if (!*stored) continue;  // deleted meanwhile
            // A fresh document from the stored input: raw bytes and the metadata it came with.
            Document doc;
            const Document& s = (*stored)->doc;
            doc.id = s.id;
            doc.origin = s.origin;
            doc.url = s.url;
            doc.site = s.site;
            doc.title = s.title;
            doc.author = s.author;
            doc.genre = s.genre;
            doc.date = s.date;
            doc.language = s.language;
            doc.raw = s.raw;
            emit(id, std::move(doc));
          }
        },
        options);
    return IngestExitStatus(result);
  }

 private:
  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  std::string db_ = kDefaultDb;
  std::string data_dir_;
  std::string dict_;
  int jobs_ = 1;
  bool no_clean_ = false;
  bool quiet_ = false;
  StoreOptions::Check check_ = StoreOptions::Check::kQuick;
};

}  // namespace

DYAD_REGISTER_COMMAND("recode", RecodeCommand);

}  // namespace dyad::cli
