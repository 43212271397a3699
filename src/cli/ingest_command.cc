// dyad ingest: runs the pipeline over inputs with a worker pool and stores
// documents, mentions and events (one writer thread, batched transactions).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <unistd.h>

#include "cli/commands.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"
#include "dyad/time.h"

namespace dyad::cli {

namespace {

// Documents in the inputs, for the progress bar (0 when unknown, e.g. stdin).
int64_t CountDocuments(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  int64_t n = 0;
  auto count_file = [&](const fs::path& p) {
    std::string ext = p.extension().string();
    if (ext == ".jsonl" || ext == ".ndjson") {
      std::ifstream in(p, std::ios::binary);
      std::string line;
      while (std::getline(in, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos) ++n;
    } else {
      ++n;
    }
  };
  for (const std::string& input : inputs) {
    if (input == "-") return 0;
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec) && it->path().filename().string()[0] != '.') count_file(it->path());
    } else {
      count_file(input);
    }
  }
  return n;
}

class IngestCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = app.add_subcommand("ingest", "Code articles and store documents, mentions and events (idempotent, crash-safe)");
    AddCommonOptions(cmd_, common_);
    cmd_->add_option("--db", db_, "The store: a SQLite file, or postgresql://user@host:port/dbname (or a libpq connection string)")->capture_default_str();
    jobs_ = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    cmd_->add_option("--jobs,-j", jobs_, "Worker threads running the pipeline")->check(CLI::Range(1, 256))->capture_default_str();
    cmd_->add_option("--batch", batch_, "Documents per transaction")->check(CLI::Range(1, 100000))->capture_default_str();
    cmd_->add_option("--date", date_, "Publication date (YYYY-MM-DD) for documents that have none");
    cmd_->add_option("--dict", dict_, "Extra actor dictionary files (PATH[:PATH...]) loaded after the built-in ones");
    cmd_->add_flag("--no-clean", no_clean_, "The input is already clean article text: skip page-chrome removal");
    cmd_->add_flag("--quiet,-q", quiet_, "No progress output");
    AddStoreCheckOption(cmd_, check_);
    return cmd_;
  }

  int Run() override {
    if (!date_.empty()) {
      auto d = Date::FromIso(date_);
      if (!d || d->day == 0) {
        std::cerr << "dyad: --date must be YYYY-MM-DD\n";
        return kExitUsage;
      }
    }
    auto pipeline = BuildStorePipeline(common_.data_dir, argv0_, dict_, no_clean_);
    if (!pipeline) return kExitUsage;
    auto store = OpenStoreOrReport(db_, /*read_only=*/false, check_);
    if (!store) return kExitSomeFailed;
    IngestOptions options;
    options.jobs = jobs_;
    options.batch_documents = batch_;
    options.default_date = date_;
    if (!quiet_) {
      int64_t total = isatty(fileno(stderr)) ? CountDocuments(common_.inputs) : 0;
      options.on_progress = MakeIngestProgressPrinter(total, "ingest");
    }
    options.on_error = [](const std::string& origin, const Status& s) {
      std::cerr << (isatty(fileno(stderr)) ? "\r\033[K" : "");
      ReportDocumentError(origin, s);
    };
    ReadOptions read = common_.ToReadOptions();
    auto result = RunIngest(*pipeline, *store,
                            [&](const auto& emit) { ReadInputs(common_.inputs, read, emit); }, options);
    return IngestExitStatus(result);
  }

 private:
  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  CommonOptions common_;
  std::string db_ = kDefaultDb;
  int jobs_ = 1;
  size_t batch_ = 256;
  std::string date_;
  std::string dict_;
  bool no_clean_ = false;
  bool quiet_ = false;
  StoreOptions::Check check_ = StoreOptions::Check::kQuick;
};

}  // namespace

DYAD_REGISTER_COMMAND("ingest", IngestCommand);

}  // namespace dyad::cli
