#include <iostream>

#include "cli/commands.h"
#include "dyad/output.h"
#include "dyad/pipeline.h"

namespace dyad::cli {

CLI::App* ParseCommand::Setup(CLI::App& app, const char* argv0) {
  argv0_ = argv0;
  cmd_ = app.add_subcommand("parse", "Split text into sentences and tokens (with lemmas); print CoNLL-U or JSON");
  AddCommonOptions(cmd_, common_);
  cmd_->add_option("--input", input_format_, "Input kind: text")
      ->check(CLI::IsMember({"text"}))
      ->capture_default_str();
  cmd_->add_option("--output", output_format_, "Output: conllu or json")
      ->check(CLI::IsMember({"conllu", "json"}))
      ->capture_default_str();
  cmd_->add_flag("--clean", [this](int64_t) { no_clean_ = false; }, "Remove page chrome first (as dyad code does)");
  no_clean_ = true;
  return cmd_;
}

int ParseCommand::Run() {
  auto data = FindDataDir(common_.data_dir, argv0_);
  std::string data_dir = data.ok() ? *data : std::string();
  auto pipeline = Pipeline::Build(std::string(no_clean_ ? "clean:mode=none" : "clean") + ";tokenize;lemma", data_dir);
  if (!pipeline.ok()) {
    std::cerr << "dyad: " << pipeline.status().message() << '\n';
    return kExitUsage;
  }
  PipelineScratch scratch = pipeline->NewScratch();
  int failed = 0;
  ReadInputs(common_.inputs, common_.ToReadOptions(), [&](const std::string& origin, Result<Document> doc) {
    if (!doc.ok()) {
      ReportDocumentError(origin, doc.status());
      ++failed;
      return;
    }
    Status s = pipeline->Run(*doc, scratch);
    if (!s.ok()) {
      ReportDocumentError(origin, s);
      ++failed;
      return;
    }
    if (output_format_ == "json") WriteParseJson(*doc, std::cout);
    else WriteConllu(*doc, std::cout);
  });
  return failed ? kExitSomeFailed : kExitOk;
}

DYAD_REGISTER_COMMAND("parse", ParseCommand);

}  // namespace dyad::cli
