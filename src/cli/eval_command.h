// `dyad eval <target>`: scores dyad's output against gold data. Each target
// (parse, and later events, extract, ...) is a small class in its own file that
// registers itself with DYAD_REGISTER_EVAL_TARGET; `dyad eval` adds one
// sub-subcommand per registered target.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dyad::cli {

class EvalTarget {
 public:
  virtual ~EvalTarget() = default;
  // Adds the target's sub-subcommand to `eval`; returns it.
  virtual CLI::App* Setup(CLI::App& eval, const char* argv0) = 0;
  // Runs when that sub-subcommand was selected; returns the exit status.
  virtual int Run() = 0;
};

using EvalTargetFactory = std::function<std::unique_ptr<EvalTarget>()>;
std::vector<std::pair<std::string, EvalTargetFactory>>& EvalTargetRegistry();

struct EvalTargetRegistrar {
  EvalTargetRegistrar(std::string name, EvalTargetFactory factory) {
    EvalTargetRegistry().emplace_back(std::move(name), std::move(factory));
  }
};

}  // namespace dyad::cli

#define DYAD_REGISTER_EVAL_TARGET(name, Class)                                      \
  static ::dyad::cli::EvalTargetRegistrar dyad_eval_target_registrar_##Class(name, \
      [] { return std::unique_ptr<::dyad::cli::EvalTarget>(new Class()); })
