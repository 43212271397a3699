// dyad: news in, political events out. One file per subcommand (command.h).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

#include "cli/cli_common.h"
#include "cli/command.h"
#include "dyad/version.h"

namespace dyad::cli {
std::vector<std::pair<std::string, CommandFactory>>& CommandRegistry() {
  static std::vector<std::pair<std::string, CommandFactory>> registry;
  return registry;
}
}  // namespace dyad::cli

int main(int argc, char** argv) {
  CLI::App app{"dyad: codes political events (who did what to whom, when) from news text"};
  app.set_version_flag("--version", std::string("dyad ") + DYAD_VERSION);
  app.require_subcommand(1);
  auto& registry = dyad::cli::CommandRegistry();
  std::sort(registry.begin(), registry.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<CLI::App*, std::unique_ptr<dyad::cli::Command>>> commands;
  for (auto& [name, factory] : registry) {
    auto command = factory();
    CLI::App* sub = command->Setup(app, argv[0]);
    commands.emplace_back(sub, std::move(command));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : dyad::cli::kExitUsage;
  }
  for (auto& [sub, command] : commands)
    if (sub->parsed()) return command->Run();
  return dyad::cli::kExitUsage;
}
