// dyad stats: what the store holds: totals, events by month, top dyads, event types.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "dyad/store.h"

namespace dyad::cli {

namespace {

class StatsCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char*) override {
    cmd_ = app.add_subcommand("stats", "Counts of the store: documents, events by month, by dyad, by type");
    cmd_->add_option("--db", db_, "The store: a SQLite file, or postgresql://user@host:port/dbname (or a libpq connection string)")->capture_default_str();
    cmd_->add_option("--top", top_, "How many dyads to list")->check(CLI::Range(1, 100000))->capture_default_str();
    cmd_->add_flag("--json", json_, "Print JSON (as GET /api/stats)");
    return cmd_;
  }

  int Run() override {
    auto store = OpenStoreOrReport(db_, /*read_only=*/true);
    if (!store) return kExitSomeFailed;
    auto st = store->Stats(top_);
    if (!st.ok()) {
      std::cerr << "dyad: " << st.status().message() << '\n';
      return kExitSomeFailed;
    }
    if (json_) {
      auto rows = [](const std::vector<CountRow>& v, const char* key) {
        nlohmann::json a = nlohmann::json::array();
        for (const CountRow& r : v)
          a.push_back({{key, r.key}, {"events", r.count}, {"mean_goldstein", std::round(r.mean_goldstein * 100) / 100}});
        return a;
      };
      nlohmann::json j = {{"documents", st->documents},     {"events", st->events},
                          {"asserted_events", st->asserted_events}, {"grouped_events", st->grouped_events},
                          {"mentions", st->mentions},       {"unknown_names", st->unknown_names},
                          {"first_date", st->first_date},   {"last_date", st->last_date},
                          {"by_month", rows(st->by_month, "month")}, {"by_dyad", rows(st->by_dyad, "dyad")},
                          {"by_type", rows(st->by_type, "type")}};
      std::cout << j.dump(2) << '\n';
      return kExitOk;
    }
    std::cout << fmt::format("documents        {}\n", st->documents)
              << fmt::format("event mentions   {} ({} asserted and actual)\n", st->events, st->asserted_events)
              << fmt::format("merged events    {} (by date, source, target, CAMEO code)\n", st->grouped_events)
              << fmt::format("actor/time mentions {}\n", st->mentions)
              << fmt::format("unknown names    {}\n", st->unknown_names)
              << fmt::format("dates            {} .. {}\n", st->first_date.empty() ? "?" : st->first_date,
                             st->last_date.empty() ? "?" : st->last_date);
    auto table = [](const char* title, const std::vector<CountRow>& v) {
      std::cout << '\n' << fmt::format("{:<16} {:>8} {:>8}\n", title, "events", "goldstein");
      for (const CountRow& r : v) std::cout << fmt::format("{:<16} {:>8} {:>8.2f}\n", r.key, r.count, r.mean_goldstein);
    };
    table("month", st->by_month);
    table("dyad", st->by_dyad);
    table("type", st->by_type);
    return kExitOk;
  }

 private:
  CLI::App* cmd_ = nullptr;
  std::string db_ = kDefaultDb;
  size_t top_ = 20;
  bool json_ = false;
};

}  // namespace

DYAD_REGISTER_COMMAND("stats", StatsCommand);

}  // namespace dyad::cli
