// A dyad subcommand. Each lives in its own src/cli/<name>_command.cc and
// registers itself with DYAD_REGISTER_COMMAND, so adding a command touches no
// other file. (Static registration is safe here: the CLI sources are linked
// into the executable directly, not through a static library.)
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dyad::cli {

class Command {
 public:
  virtual ~Command() = default;
  // Adds the subcommand and its options to app; returns the subcommand.
  virtual CLI::App* Setup(CLI::App& app, const char* argv0) = 0;
  // Runs after parsing when this subcommand was selected; returns the exit status.
  virtual int Run() = 0;
};

using CommandFactory = std::function<std::unique_ptr<Command>()>;

// Commands in the order they were registered (sorted by name in --help by CLI11).
std::vector<std::pair<std::string, CommandFactory>>& CommandRegistry();

struct CommandRegistrar {
  CommandRegistrar(std::string name, CommandFactory factory) {
    CommandRegistry().emplace_back(std::move(name), std::move(factory));
  }
};

}  // namespace dyad::cli

#define DYAD_REGISTER_COMMAND(name, Class)                                   \
  static ::dyad::cli::CommandRegistrar dyad_command_registrar_##Class(name, \
      [] { return std::unique_ptr<::dyad::cli::Command>(new Class()); })
