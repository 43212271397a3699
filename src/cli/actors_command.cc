// dyad actors INPUT...: every actor mention with its span, code and the
// dictionary entry that matched (table or JSONL).
// dyad actors --unknown [INPUT... | --db]: names seen in the articles (or the
// store) that no actor dictionary knows (see FindUnknownActorNames for the
// heuristic), with counts, so analysts can grow the dictionaries.
#include <fmt/format.h>

#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"

namespace dyad::cli {

namespace {

class ActorsCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = app.add_subcommand("actors", "Actor mentions of articles (span, code, dictionary entry); "
                                        "--unknown lists names no dictionary knows, from INPUTs or the store");
    cmd_->add_option("inputs", inputs_, "Files, directories or - (without them, --unknown reads the store)");
    cmd_->add_flag("--unknown", unknown_, "List capitalised multi-word names in sentences without a coded actor");
    cmd_->add_option("--dict", dict_, "Extra actor dictionary files (PATH[:PATH...])");
    cmd_->add_option("--data", data_dir_, "Directory of the built-in dictionaries");
    cmd_->add_option("--date", date_, "Document date (YYYY-MM-DD) for documents without one: picks people's roles");
    cmd_->add_option("--db", db_, "The store: a SQLite file, or postgresql://user@host:port/dbname (or a libpq connection string)")->capture_default_str();
    cmd_->add_option("--limit", limit_, "At most this many names")->check(CLI::Range(1, 10000000))->capture_default_str();
    cmd_->add_option("--min-count", min_count_, "Only names seen at least this often")->check(CLI::Range(1, 1000000000))->capture_default_str();
    cmd_->add_option("--format", format_, "Output: table, tsv or jsonl")
        ->check(CLI::IsMember({"table", "tsv", "jsonl"}))
        ->capture_default_str();
    return cmd_;
  }

  int Run() override {
    if (!inputs_.empty()) return RunOnInputs();
    if (!unknown_) {
      std::cerr << "dyad: give INPUT files, or --unknown to list unknown names of the store\n";
      return kExitUsage;
    }
    auto store = OpenStoreOrReport(db_, /*read_only=*/true);
    if (!store) return kExitSomeFailed;
    auto names = store->UnknownActors(limit_, min_count_);
    if (!names.ok()) {
      std::cerr << "dyad: " << names.status().message() << '\n';
      return kExitSomeFailed;
    }
    if (format_ == "tsv" || format_ == "jsonl") {
      std::cout << "name\tcount\tdocuments\texample_doc\n";
      for (const UnknownActor& a : *names)
        std::cout << a.name << '\t' << a.count << '\t' << a.documents << '\t' << a.example_doc << '\n';
      return kExitOk;
    }
    std::cout << fmt::format("{:>7} {:>5}  {:<40} {}\n", "count", "docs", "name", "example document");
    for (const UnknownActor& a : *names)
      std::cout << fmt::format("{:>7} {:>5}  {:<40} {}\n", a.count, a.documents, a.name, a.example_doc);
    return kExitOk;
  }

 private:
  // Runs the pipeline up to actor resolution over INPUTs.
  int RunOnInputs() {
    auto data = FindDataDir(data_dir_, argv0_);
    if (!data.ok()) {
      std::cerr << "dyad: " << data.status().message() << '\n';
      return kExitUsage;
    }
    auto pipeline = Pipeline::Build(std::string("clean;tokenize;tagger;parser;time;actors") + (dict_.empty() ? "" : ":dict=" + dict_), *data);
    if (!pipeline.ok()) {
      std::cerr << "dyad: " << pipeline.status().message() << '\n';
      return kExitUsage;
    }
    struct Seen {
      int64_t count = 0;
      std::map<std::string, bool> docs;
      std::string example;
    };
    std::map<std::string, Seen> unknown;
    if (!unknown_ && format_ != "jsonl")
      std::cout << fmt::format("{:<18} {:>11}  {:<12} {:<40} {}\n", "document", "span", "code", "text", "entry");
    const int failed = CodeInputs(inputs_, CommonOptions().ToReadOptions(), *pipeline, date_, [&](Document& doc) {
      if (unknown_) {
        for (const auto& [name, span] : FindUnknownActorNames(doc)) {
          Seen& u = unknown[name];
          ++u.count;
          u.docs[doc.id] = true;
          if (u.example.empty()) u.example = doc.id;
        }
        return;
      }
      for (const Mention& m : doc.mentions) {
        if (m.kind != MentionKind::kActor) continue;
        std::string text(doc.Text(m.span));
        for (char& c : text)
          if (c == '\n' || c == '\t') c = ' ';
        if (format_ == "jsonl") {
          nlohmann::json j = {{"doc_id", doc.id}, {"sentence", m.sentence}, {"span", {m.span.begin, m.span.end}},
                              {"text", text}, {"code", m.code}, {"country", m.country}, {"sector", m.sector},
                              {"entry", m.entry}, {"by_reference", m.resolved_by_reference}};
          std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        } else {
          std::cout << fmt::format("{:<18} {:>11}  {:<12} {:<40} {}\n", doc.id.substr(0, 18),
                                   fmt::format("{}-{}", m.span.begin, m.span.end), m.code, text.substr(0, 40), m.entry);
        }
      }
    });
    if (unknown_) {
      std::vector<std::pair<std::string, Seen>> rows(unknown.begin(), unknown.end());
      std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.count > b.second.count; });
      std::cout << fmt::format("{:>7} {:>5}  {:<40} {}\n", "count", "docs", "name", "example document");
      size_t shown = 0;
      for (const auto& [name, u] : rows) {
        if (u.count < min_count_ || shown++ >= limit_) continue;
        std::cout << fmt::format("{:>7} {:>5}  {:<40} {}\n", u.count, u.docs.size(), name, u.example);
      }
    }
    return failed ? kExitSomeFailed : kExitOk;
  }

  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  std::vector<std::string> inputs_;
  std::string dict_, data_dir_, date_;
  std::string db_ = kDefaultDb;
  bool unknown_ = false;
  size_t limit_ = 100;
  int64_t min_count_ = 1;
  std::string format_ = "table";
};

}  // namespace

DYAD_REGISTER_COMMAND("actors", ActorsCommand);

}  // namespace dyad::cli
