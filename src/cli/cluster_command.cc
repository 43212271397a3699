// dyad cluster ingest: distributed ingest on Dask into PostgreSQL. The
// subcommand runs the driver shipped with dyad (python/dyad_cluster.py, on
// Debian's python3-distributed); the driver's tasks run `dyad cluster work`
// on the workers: one long-lived dyad process per worker thread, fed shards
// as JSON lines on stdin, so models load once per worker and not per task.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "cli/commands.h"
#include "dyad/cluster.h"
#include "dyad/time.h"
#include "pgstore/postgres_store.h"

namespace dyad::cli {

namespace {

namespace fs = std::filesystem;

// python/dyad_cluster.py next to the executable's project, in an installed
// share/dyad/python, or in the source tree the binary was built from.
std::string FindDriver() {
  if (const char* env = std::getenv("DYAD_CLUSTER_DRIVER"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  for (fs::path dir = exe.parent_path(); !ec && !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    for (fs::path p : {dir / "python" / "dyad_cluster.py", dir / "share" / "dyad" / "python" / "dyad_cluster.py"})
      if (fs::exists(p, ec)) return p.string();
  }
  fs::path source = fs::path(DYAD_SOURCE_DIR) / "python" / "dyad_cluster.py";
  return fs::exists(source, ec) ? source.string() : "";
}

// $DYAD_PYTHON, else Debian's interpreter (where python3-distributed lives,
// whatever python3 comes first in PATH), else python3 from PATH.
std::string FindPython() {
  if (const char* env = std::getenv("DYAD_PYTHON"); env && *env) return env;
  if (access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
  return "python3";
}

class ClusterCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = app.add_subcommand("cluster", "Distributed ingest on Dask into a PostgreSQL store");
    cmd_->require_subcommand(1);

    ingest_ = cmd_->add_subcommand("ingest", "Code inputs on a Dask cluster and store them in PostgreSQL (resumable)");
    ingest_->add_option("--scheduler", scheduler_, "Dask scheduler address (tcp://host:8786), or local:N for N local workers")
        ->required();
    ingest_->add_option("--db", db_, "The store: postgresql://user@host:port/dbname (or a libpq connection string)")
        ->required();
    ingest_->add_option("--task-docs", task_docs_, "Documents per task (0 = sized automatically)")
        ->check(CLI::Range(0, 1000000))
        ->capture_default_str();
    ingest_->add_option("--worker-dyad", worker_dyad_, "Path of dyad on the workers (default: this binary's path)");
    ingest_->add_option("--worker-data", worker_data_, "Dictionary directory on the workers (default: this one's)");
    ingest_->add_flag("--quiet,-q", quiet_, "No progress output");
    AddShared(ingest_);
    ingest_->add_option("inputs", inputs_, "Files and directories (same paths on every worker)")->required();

    work_ = cmd_->add_subcommand("work", "(used by the driver) Run tasks given as JSON lines on stdin");
    work_->add_option("--db", db_, "The store: postgresql://...")->required();
    AddShared(work_);
    return cmd_;
  }

  int Run() override { return ingest_->parsed() ? RunIngestDriver() : RunWorker(); }

 private:
  void AddShared(CLI::App* c) {
    c->add_option("--data", data_dir_, "Directory of the built-in dictionaries (default: found automatically)");
    c->add_option("--dict", dict_, "Extra actor dictionary files (PATH[:PATH...]) loaded after the built-in ones");
    c->add_flag("--no-clean", no_clean_, "The input is already clean article text: skip page-chrome removal");
    c->add_option("--date", date_, "Publication date (YYYY-MM-DD) for documents that have none");
    c->add_option("--batch", batch_, "Documents per transaction")->check(CLI::Range(1, 100000))->capture_default_str();
    c->add_option("--max-bytes", max_bytes_mb_, "Refuse documents larger than this many MB")->capture_default_str();
    c->add_flag("--repair-utf8", repair_utf8_, "Replace invalid UTF-8 by U+FFFD instead of refusing the document");
  }

  int RunIngestDriver() {
    if (!IsPostgresLocation(db_)) {
      std::cerr << "dyad: cluster ingest writes into PostgreSQL: --db must be postgresql://... or a libpq string\n";
      return kExitUsage;
    }
    std::string driver = FindDriver();
    if (driver.empty()) {
      std::cerr << "dyad: cannot find python/dyad_cluster.py; set DYAD_CLUSTER_DRIVER\n";
      return kExitUsage;
    }
    auto data = FindDataDir(data_dir_, argv0_);
    if (!data.ok()) {
      std::cerr << "dyad: " << data.status().message() << '\n';
      return kExitUsage;
    }
    std::error_code ec;
    std::string self = fs::canonical("/proc/self/exe", ec).string();
    std::string python = FindPython();
    std::vector<std::string> args = {python, driver, "ingest", "--dyad", worker_dyad_.empty() ? self : worker_dyad_,
                                     "--data", worker_data_.empty() ? fs::absolute(*data).string() : worker_data_,
                                     "--scheduler", scheduler_, "--db", db_, "--task-docs", std::to_string(task_docs_),
                                     "--batch", std::to_string(batch_), "--max-bytes", std::to_string(max_bytes_mb_)};
    if (!dict_.empty()) args.insert(args.end(), {"--dict", dict_});
    if (!date_.empty()) args.insert(args.end(), {"--date", date_});
    if (no_clean_) args.push_back("--no-clean");
    if (repair_utf8_) args.push_back("--repair-utf8");
    if (quiet_) args.push_back("--quiet");
    args.push_back("--");
    for (const std::string& in : inputs_) args.push_back(in);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    std::cerr << "dyad: cannot run " << python << " (" << std::strerror(errno)
              << "); install python3 and python3-distributed, or set DYAD_PYTHON\n";
    return kExitUsage;
  }

  // Exits when the Dask worker that started us is gone (SIGKILLed): our work
  // would be retried elsewhere, and an open transaction is rolled back.
  static void WatchParent() {
    pid_t parent = getppid();
    std::thread([parent] {
      for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        if (getppid() != parent) _exit(3);
      }
    }).detach();
  }

  static Result<Shard> ParseShard(const nlohmann::json& t) {
    Shard s;
    std::string kind = t.value("kind", "");
    if (kind == "files") {
      s.kind = Shard::Kind::kFiles;
      s.paths = t.at("paths").get<std::vector<std::string>>();
    } else if (kind == "jsonl" || kind == "warc") {
      s.kind = kind == "jsonl" ? Shard::Kind::kJsonlLines : Shard::Kind::kWarcRecords;
      s.path = t.at("path").get<std::string>();
      s.begin = t.at("begin").get<uint64_t>();
      s.end = t.at("end").get<uint64_t>();
      s.first = t.value("first", uint64_t{1});
    } else {
      return Status::InvalidArgument("task kind must be files, jsonl or warc");
    }
    return s;
  }

  int RunWorker() {
    WatchParent();
    if (!date_.empty()) {
      auto d = Date::FromIso(date_);
      if (!d || d->day == 0) {
        std::cerr << "dyad: --date must be YYYY-MM-DD\n";
        return kExitUsage;
      }
    }
    // Built on the first task that needs it: a resumed run whose tasks are all
    // in the ledger never loads the models.
    std::optional<Pipeline> pipeline;
    std::unique_ptr<PostgresStore> writer, reader;
    auto open = [&]() -> Status {
      auto w = PostgresStore::Open(db_);
      if (!w.ok()) return w.status();
      auto r = PostgresStore::Open(db_);
      if (!r.ok()) return r.status();
      writer = std::move(*w);
      reader = std::move(*r);
      return Status::Ok();
    };
    ShardTaskOptions options;
    options.read.max_document_bytes = max_bytes_mb_ << 20;
    options.read.repair_utf8 = repair_utf8_;
    options.default_date = date_;
    options.batch_documents = batch_;
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      nlohmann::json reply;
      auto start = std::chrono::steady_clock::now();
      try {
        nlohmann::json task = nlohmann::json::parse(line);
        std::string key = task.at("key").get<std::string>();
        reply["key"] = key;
        auto shard = ParseShard(task);
        // One attempt: connect if needed; skip a task the ledger has without
        // loading the models; else run it.
        auto attempt = [&]() -> Result<ShardTaskResult> {
          if (!shard.ok()) return shard.status();
          if (!writer) DYAD_RETURN_IF_ERROR(open());
          if (!pipeline) {
            TaskRecord record;
            auto done = reader->TaskDone(key, &record);
            if (!done.ok()) return done.status();
            if (*done) {
              ShardTaskResult skipped;
              skipped.skipped = true;
              skipped.progress.read = record.documents;
              return skipped;
            }
            pipeline = BuildStorePipeline(data_dir_, argv0_, dict_, no_clean_);
            if (!pipeline) return Status::InvalidArgument("cannot build the pipeline (see the worker's log)");
          }
          return RunShardTask(*pipeline, *writer, *reader, key, *shard, options);
        };
        bool reused = writer != nullptr;
        Result<ShardTaskResult> r = attempt();
        if (!r.ok() && reused && shard.ok()) {
          // A connection from an earlier task may have died meanwhile (server
          // restart, failover): tasks are idempotent, so reconnect and run it again.
          writer.reset();
          reader.reset();
          r = attempt();
        }
        if (!r.ok()) {
          // The store failed (connection lost, locked...): start afresh next time.
          writer.reset();
          reader.reset();
          reply["ok"] = false;
          reply["error"] = r.status().message();
        } else {
          const IngestProgress& p = r->progress;
          reply["ok"] = true;
          reply["skipped"] = r->skipped;
          reply["read"] = p.read;
          reply["written"] = p.written;
          reply["unchanged"] = p.unchanged;
          reply["duplicates"] = p.duplicates;
          reply["errors"] = p.errors;
          reply["events"] = p.events;
          reply["messages"] = r->error_messages;
        }
      } catch (const std::exception& e) {
        reply["ok"] = false;
        reply["error"] = std::string("bad task line: ") + e.what();
      }
      reply["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::cout << reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
    }
    return kExitOk;
  }

  CLI::App* cmd_ = nullptr;
  CLI::App* ingest_ = nullptr;
  CLI::App* work_ = nullptr;
  const char* argv0_ = nullptr;
  std::string scheduler_, db_, data_dir_, dict_, date_, worker_dyad_, worker_data_;
  std::vector<std::string> inputs_;
  int task_docs_ = 0;
  size_t batch_ = 256;
  size_t max_bytes_mb_ = 32;
  bool no_clean_ = false;
  bool repair_utf8_ = false;
  bool quiet_ = false;
};

}  // namespace

DYAD_REGISTER_COMMAND("cluster", ClusterCommand);

}  // namespace dyad::cli
