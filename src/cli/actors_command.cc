// dyad actors --unknown: names seen in the stored articles that no actor
// dictionary knows (see FindUnknownActorNames for the heuristic), with counts.
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "dyad/store.h"

namespace dyad::cli {

namespace {

class ActorsCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char*) override {
    cmd_ = app.add_subcommand("actors", "Actors of the store: --unknown lists names no dictionary knows");
    cmd_->add_flag("--unknown", unknown_, "List capitalised multi-word names in sentences without a coded actor")
        ->required();
    cmd_->add_option("--db", db_, "The store (SQLite file)")->capture_default_str();
    cmd_->add_option("--limit", limit_, "At most this many names")->check(CLI::Range(1, 10000000))->capture_default_str();
    cmd_->add_option("--min-count", min_count_, "Only names seen at least this often")->check(CLI::Range(1, 1000000000))->capture_default_str();
    cmd_->add_option("--format", format_, "Output: table or tsv")->check(CLI::IsMember({"table", "tsv"}))->capture_default_str();
    return cmd_;
  }

  int Run() override {
    StoreOptions ro;
    ro.read_only = true;
    auto store = Store::Open(db_, ro);
    if (!store.ok()) {
      std::cerr << "dyad: " << store.status().message() << '\n';
      return kExitSomeFailed;
    }
    auto names = (*store)->UnknownActors(limit_, min_count_);
    if (!names.ok()) {
      std::cerr << "dyad: " << names.status().message() << '\n';
      return kExitSomeFailed;
    }
    if (format_ == "tsv") {
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
  CLI::App* cmd_ = nullptr;
  std::string db_ = kDefaultDb;
  bool unknown_ = false;
  size_t limit_ = 100;
  int64_t min_count_ = 1;
  std::string format_ = "table";
};

}  // namespace

DYAD_REGISTER_COMMAND("actors", ActorsCommand);

}  // namespace dyad::cli
