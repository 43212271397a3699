// The subcommands. Each adds itself to the CLI11 app and runs when selected.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/command.h"

namespace dyad::cli {

class CodeCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override;
  int Run() override;

 private:
  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  CommonOptions common_;
  std::string format_ = "jsonl";
  std::string date_;
  std::string pipeline_;
  std::string dict_;
  std::string patterns_;
  std::string coder_ = "combined";
  bool explain_ = false;
  bool all_ = false;
  bool per_mention_ = false;
  bool merge_ = false;
  bool no_clean_ = false;
  bool fast_ = false;
};

class ParseCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override;
  int Run() override;

 private:
  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  CommonOptions common_;
  std::string input_format_ = "text";
  std::string output_format_ = "conllu";
  bool no_clean_ = false;
};

// The pipeline of `dyad statements` and `dyad compare INPUTS`: the default
// stages (the fast ones with `fast`), events, then statements.
std::string StatementPipelineSpec(bool no_clean, bool fast, const std::string& dict);

// Adds the options every document-reading command shares.
void AddCommonOptions(CLI::App* cmd, CommonOptions& common);

}  // namespace dyad::cli
