// dyad dict check [FILE...]: loads dictionaries as dyad would (the built-in
// ones, then each FILE in order) and reports errors, conflicts and counts, so
// an analyst can review an edit before using it.
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "cli/cli_common.h"
#include "cli/command.h"
#include "dyad/actors.h"
#include "dyad/events.h"

namespace dyad::cli {
namespace {

class DictCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = app.add_subcommand("dict", "Dictionaries: 'dict check [FILE...]' loads and validates them");
    check_ = cmd_->add_subcommand("check", "Load the built-in dictionaries and FILEs; list errors, conflicts and counts");
    check_->add_option("files", files_, "Extra actor/agent dictionaries (dyad or PETRARCH format)");
    check_->add_option("--data", data_dir_, "Directory of the built-in dictionaries");
    check_->add_flag("--no-builtin", no_builtin_, "Check the FILEs alone");
    check_->add_option("--max-warnings", max_warnings_, "List at most this many warnings")->capture_default_str();
    cmd_->require_subcommand(1);
    return cmd_;
  }

  int Run() override {
    auto data = FindDataDir(data_dir_, argv0_);
    if (!data.ok() && !no_builtin_) {
      std::cerr << "dyad: " << data.status().message() << '\n';
      return kExitUsage;
    }
    auto start = std::chrono::steady_clock::now();
    auto dict = std::make_shared<ActorDictionary>();
    int errors = 0;
    if (!no_builtin_) {
      auto builtin = ActorDictionary::LoadBuiltin(*data);
      if (!builtin.ok()) {
        std::cout << "error: " << builtin.status().message() << '\n';
        return kExitSomeFailed;
      }
      *dict = **builtin;
      auto patterns = PatternDictionary::LoadBuiltin(*data);
      auto cameo = CameoTable::LoadBuiltin(*data);
      if (!patterns.ok()) ++errors, std::cout << "error: " << patterns.status().message() << '\n';
      if (!cameo.ok()) ++errors, std::cout << "error: " << cameo.status().message() << '\n';
      if (patterns.ok() && cameo.ok()) {
        std::cout << fmt::format("patterns.txt: {} patterns; cameo.txt: {} codes\n", (*patterns)->patterns().size(),
                                 (*cameo)->size());
        for (const EventPattern& p : (*patterns)->patterns())
          if (!(*cameo)->Find(p.code)) ++errors, std::cout << fmt::format("error: {}: code {} not in cameo.txt\n", p.id, p.code);
      }
    }
    for (const std::string& f : files_) {
      Status s = dict->AddFile(f);
      if (!s.ok()) {
        ++errors;
        std::cout << "error: " << s.message() << '\n';
      }
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const auto& warnings = dict->warnings();
    for (size_t i = 0; i < warnings.size() && i < max_warnings_; ++i) std::cout << "warning: " << warnings[i] << '\n';
    if (warnings.size() > max_warnings_)
      std::cout << fmt::format("... {} more warnings (--max-warnings)\n", warnings.size() - max_warnings_);
    std::cout << fmt::format("{} actor entries, {} phrases, {} agent sectors; {} errors, {} warnings; loaded in {:.0f} ms\n",
                             dict->entries().size(), dict->phrase_count(), dict->agent_sectors().size(), errors,
                             warnings.size(), ms);
    return errors ? kExitSomeFailed : kExitOk;
  }

 private:
  CLI::App* cmd_ = nullptr;
  CLI::App* check_ = nullptr;
  const char* argv0_ = nullptr;
  std::vector<std::string> files_;
  std::string data_dir_;
  bool no_builtin_ = false;
  size_t max_warnings_ = 50;
};

}  // namespace

DYAD_REGISTER_COMMAND("dict", DictCommand);

}  // namespace dyad::cli
