// The subcommands. Each adds itself to the CLI11 app and runs when selected.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"

namespace dyad::cli {

class CodeCommand {
 public:
  CodeCommand(CLI::App& app, const char* argv0);
  bool selected() const { return cmd_->parsed(); }
  int Run();

 private:
  CLI::App* cmd_;
  const char* argv0_;
  CommonOptions common_;
  std::string format_ = "jsonl";
  std::string date_;
  std::string pipeline_;
  std::string dict_;
  bool explain_ = false;
  bool all_ = false;
  bool per_mention_ = false;
  bool no_clean_ = false;
};

class ParseCommand {
 public:
  ParseCommand(CLI::App& app, const char* argv0);
  bool selected() const { return cmd_->parsed(); }
  int Run();

 private:
  CLI::App* cmd_;
  const char* argv0_;
  CommonOptions common_;
  std::string input_format_ = "text";
  std::string output_format_ = "conllu";
  bool no_clean_ = false;
};

// Adds the options every document-reading command shares.
void AddCommonOptions(CLI::App* cmd, CommonOptions& common);

}  // namespace dyad::cli
