// dyad statements INPUT...: who said what, one statement per line.
#include <iostream>

#include "cli/commands.h"
#include "dyad/output.h"
#include "dyad/pipeline.h"
#include "dyad/statements.h"
#include "dyad/time.h"

namespace dyad::cli {

std::string StatementPipelineSpec(bool no_clean, bool fast, const std::string& dict) {
  return std::string(no_clean ? "clean:mode=none" : "clean") +
         (fast ? ";tokenize;lemma;time;actors" : ";tokenize;tagger;parser;time;actors") +
         (dict.empty() ? "" : ":dict=" + dict) + ";events;statements";
}

namespace {

class StatementsCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = app.add_subcommand("statements", "Find who said what: quotes, indirect speech, claims and denials");
    AddCommonOptions(cmd_, common_);
    cmd_->add_option("--format", format_, "Output: jsonl or table")
        ->check(CLI::IsMember({"jsonl", "table"}))
        ->capture_default_str();
    cmd_->add_option("--date", date_, "Publication date (YYYY-MM-DD) for documents that have none");
    cmd_->add_flag("--no-clean", no_clean_, "The input is already clean article text: skip page-chrome removal");
    cmd_->add_option("--dict", dict_, "Extra actor dictionary files (PATH[:PATH...]) loaded after the built-in ones");
    cmd_->add_flag("--fast", fast_, "No tagger/parser: rule lemmas and word order only");
    cmd_->add_option("--pipeline", pipeline_, "Stage list (advanced); must end with statements");
    return cmd_;
  }

  int Run() override {
    auto data = FindDataDir(common_.data_dir, argv0_);
    if (!data.ok()) {
      std::cerr << "dyad: " << data.status().message() << '\n';
      return kExitUsage;
    }
    if (!date_.empty()) {
      auto d = Date::FromIso(date_);
      if (!d || d->day == 0) {
        std::cerr << "dyad: --date must be YYYY-MM-DD\n";
        return kExitUsage;
      }
    }
    std::string spec = pipeline_.empty() ? StatementPipelineSpec(no_clean_, fast_, dict_) : pipeline_;
    auto pipeline = Pipeline::Build(spec, *data);
    if (!pipeline.ok()) {
      std::cerr << "dyad: " << pipeline.status().message() << '\n';
      return kExitUsage;
    }
    StatementWriter writer(std::cout, format_ == "table" ? StatementFormat::kTable : StatementFormat::kJsonl);
    writer.Begin();
    const int failed = CodeInputs(common_.inputs, common_.ToReadOptions(), *pipeline, date_, [&](Document& doc) {
      for (const StatementRecord& r : StatementRecords(doc)) writer.Write(r);
    });
    return failed ? kExitSomeFailed : kExitOk;
  }

 private:
  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  CommonOptions common_;
  std::string format_ = "jsonl";
  std::string date_, dict_, pipeline_;
  bool no_clean_ = false;
  bool fast_ = false;
};

}  // namespace

DYAD_REGISTER_COMMAND("statements", StatementsCommand);

}  // namespace dyad::cli
