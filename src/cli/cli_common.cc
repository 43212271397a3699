#include "cli/cli_common.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <csignal>
#include <cstdio>
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

int CodeInputs(const std::vector<std::string>& inputs, const ReadOptions& options, const Pipeline& pipeline,
               const std::string& date, const std::function<void(Document&)>& fn) {
  PipelineScratch scratch = pipeline.NewScratch();
  int failed = 0;
  ReadInputs(inputs, options, [&](const std::string& origin, Result<Document> doc) {
    Status s = doc.status();
    if (s.ok()) {
      if (doc->date.empty()) doc->date = date;
      s = pipeline.Run(*doc, scratch);
    }
    if (!s.ok()) {
      ReportDocumentError(origin, s);
      ++failed;
      return;
    }
    fn(*doc);
  });
  return failed;
}

ReadOptions CommonOptions::ToReadOptions() const {
  ReadOptions r;
  r.max_document_bytes = max_bytes_mb << 20;
  r.repair_utf8 = repair_utf8;
  return r;
}

std::multimap<std::string, std::string> EventFilterOptions::ToParams() const {
  std::multimap<std::string, std::string> p;
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) p.emplace(key, v);
  };
  put("source", source);
  put("target", target);
  put("dyad", dyad);
  put("code", code);
  put("plover", plover);
  put("from", from);
  put("to", to);
  put("text", text);
  put("site", site);
  put("doc", doc);
  if (quad) p.emplace("quad", std::to_string(quad));
  if (all) p.emplace("all", "true");
  return p;
}

void AddEventFilterOptions(CLI::App* cmd, EventFilterOptions& f) {
  cmd->add_option("--source", f.source, "Source actor code or prefix (IRQ matches IRQ, IRQGOV, IRQMIL)");
  cmd->add_option("--target", f.target, "Target actor code or prefix");
  cmd->add_option("--dyad", f.dyad, "Two actors A-B, either direction (e.g. IRQ-USA)");
  cmd->add_option("--code", f.code, "CAMEO code or root (04 = consult, 046 = negotiate)");
  cmd->add_option("--plover", f.plover, "PLOVER event type (e.g. CONSULT, ACCUSE)");
  cmd->add_option("--quad", f.quad, "Quad class: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict")
      ->check(CLI::Range(1, 4));
  cmd->add_option("--from", f.from, "First day (YYYY-MM-DD, inclusive)");
  cmd->add_option("--to", f.to, "Last day (YYYY-MM-DD, inclusive)");
  cmd->add_option("--text", f.text, "Full-text query over article titles and texts (FTS5 syntax: words, \"phrases\", word*, AND/OR/NOT; the same on PostgreSQL)");
  cmd->add_option("--site", f.site, "Only articles of this site");
  cmd->add_option("--doc", f.doc, "Only events of this document id");
  cmd->add_flag("--all", f.all, "Also negated, future, hypothetical and question events");
}

std::function<void(const IngestProgress&)> MakeIngestProgressPrinter(int64_t total, const char* verb) {
  bool tty = isatty(fileno(stderr)) != 0;
  std::string what = verb;
  return [tty, total, what](const IngestProgress& p) {
    double rate = p.seconds > 0 ? static_cast<double>(p.read) / p.seconds : 0.0;
    char line[256];
    std::snprintf(line, sizeof line, "%lld docs (%lld written, %lld unchanged, %lld duplicate)  %.1f docs/s  %lld events  %lld errors",
                  static_cast<long long>(p.read), static_cast<long long>(p.written),
                  static_cast<long long>(p.unchanged), static_cast<long long>(p.duplicates), rate,
                  static_cast<long long>(p.events), static_cast<long long>(p.errors));
    if (tty) {
      std::string bar;
      if (total > 0) {
        int width = 24;
        int filled = static_cast<int>(std::min<int64_t>(width, p.read * width / std::max<int64_t>(1, total)));
        bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] " +
              std::to_string(p.read * 100 / std::max<int64_t>(1, total)) + "% ";
      }
      std::fprintf(stderr, "\r\033[K%s: %s%s", what.c_str(), bar.c_str(), line);
      if (p.done) std::fprintf(stderr, "  %.1fs\n", p.seconds);
    } else {
      std::fprintf(stderr, "dyad %s: %s%s\n", what.c_str(), line,
                   p.done ? (" done in " + std::to_string(p.seconds).substr(0, 6) + "s").c_str() : "");
    }
    std::fflush(stderr);
  };
}

std::unique_ptr<Store> OpenStoreOrReport(const std::string& db, bool read_only, StoreOptions::Check check) {
  // Under `ulimit -f`, SIGXFSZ would kill the writer without a word; ignored,
  // the write fails with EFBIG and the store reports it (the batch is rolled back).
  if (!read_only) std::signal(SIGXFSZ, SIG_IGN);
  StoreOptions options;
  options.read_only = read_only;
  options.check = check;
  auto store = Store::Open(db, options);
  if (!store.ok()) {
    std::cerr << "dyad: " << store.status().message() << '\n';
    return nullptr;
  }
  return std::move(*store);
}

std::optional<Pipeline> BuildStorePipeline(const std::string& data_flag, const char* argv0,
                                           const std::string& dict, bool no_clean) {
  auto data = FindDataDir(data_flag, argv0);
  if (!data.ok()) {
    std::cerr << "dyad: " << data.status().message() << '\n';
    return std::nullopt;
  }
  auto pipeline = Pipeline::Build(StorePipelineSpec(dict, no_clean), *data);
  if (!pipeline.ok()) {
    std::cerr << "dyad: " << pipeline.status().message() << '\n';
    return std::nullopt;
  }
  return std::move(pipeline).value();
}

void AddStoreCheckOption(CLI::App* cmd, StoreOptions::Check& check) {
  cmd->add_option("--check", check,
                  "Check the store before writing: quick (page structure, linear in the file size), full (also "
                  "every index against its table; several times slower) or none")
      ->transform(CLI::CheckedTransformer(std::map<std::string, StoreOptions::Check>{
                                              {"quick", StoreOptions::Check::kQuick},
                                              {"full", StoreOptions::Check::kFull},
                                              {"none", StoreOptions::Check::kNone}},
                                          CLI::ignore_case))
      ->default_str("quick");
}

int IngestExitStatus(const Result<IngestProgress>& result) {
  if (!result.ok()) {
    std::cerr << "\ndyad: " << result.status().message() << '\n';
    return kExitSomeFailed;
  }
  return result->errors ? kExitSomeFailed : kExitOk;
}

}  // namespace dyad::cli
