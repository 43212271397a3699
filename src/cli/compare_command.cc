// dyad compare --parties A,B [--db DB | INPUT...]: the two parties'
// statements lined up by issue, with their contrasts (include/dyad/compare.h).
#include <iostream>

#include "cli/commands.h"
#include "dyad/compare.h"
#include "dyad/pipeline.h"
#include "dyad/statements.h"
#include "dyad/store.h"

namespace dyad::cli {
namespace {

class CompareCommand : public Command {
 public:
  CLI::App* Setup(CLI::App& app, const char* argv0) override {
    argv0_ = argv0;
    cmd_ = app.add_subcommand("compare", "Line up two parties' statements by issue and flag where they diverge");
    // As AddCommonOptions, but INPUTS are optional: without them, --db (or dyad.db) is read.
    cmd_->add_option("inputs", common_.inputs, "Files, directories (walked) or - for standard input");
    cmd_->add_option("--data", common_.data_dir, "Directory of the built-in dictionaries (default: found automatically)");
    cmd_->add_option("--max-bytes", common_.max_bytes_mb, "Refuse documents larger than this many MiB")
        ->capture_default_str();
    cmd_->add_flag("--repair-utf8", common_.repair_utf8, "Replace invalid UTF-8 by U+FFFD instead of refusing the document");
    cmd_->add_option("--parties", parties_, "The two parties, as actor codes or prefixes: A,B (e.g. USA,IRQ)")
        ->required();
    cmd_->add_option("--db", db_, "Read the statements from this store instead of INPUTS");
    cmd_->add_option("--from", from_, "First day (YYYY-MM-DD), inclusive");
    cmd_->add_option("--to", to_, "Last day (YYYY-MM-DD), inclusive");
    cmd_->add_option("--about", about_, "Keep issues whose terms or contents contain one of these (comma-separated)");
    cmd_->add_option("--format", format_, "Output: table, jsonl or markdown")
        ->check(CLI::IsMember({"table", "jsonl", "markdown"}))
        ->capture_default_str();
    cmd_->add_option("--max-statements", max_statements_, "With --db: read at most this many statements per party (the latest; 0 = all)")
        ->capture_default_str();
    cmd_->add_option("--date", date_, "Publication date (YYYY-MM-DD) for documents that have none");
    cmd_->add_flag("--no-clean", no_clean_, "The input is already clean article text: skip page-chrome removal");
    cmd_->add_option("--dict", dict_, "Extra actor dictionary files (PATH[:PATH...]) loaded after the built-in ones");
    cmd_->add_flag("--fast", fast_, "No tagger/parser: rule lemmas and word order only");
    return cmd_;
  }

  int Run() override {
    CompareOptions opt;
    size_t comma = parties_.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == parties_.size()) {
      std::cerr << "dyad: --parties must be A,B (two actor codes)\n";
      return kExitUsage;
    }
    opt.party_a = parties_.substr(0, comma);
    opt.party_b = parties_.substr(comma + 1);
    opt.from = from_;
    opt.to = to_;
    for (size_t b = 0; b <= about_.size();) {
      size_t e = about_.find(',', b);
      if (e == std::string::npos) e = about_.size();
      if (e > b) opt.about.push_back(about_.substr(b, e - b));
      b = e + 1;
    }
    for (std::string* code : {&opt.party_a, &opt.party_b}) {
      auto ok = ParseStatementQuery({{"speaker", *code}});
      if (!ok.ok()) {
        std::cerr << "dyad: --parties: " << ok.status().message() << '\n';
        return kExitUsage;
      }
      *code = ok->speaker;  // upper-cased
    }
    if (!db_.empty() && !common_.inputs.empty()) {
      std::cerr << "dyad: give either --db or INPUTS, not both\n";
      return kExitUsage;
    }
    std::vector<StatementRecord> statements;
    int status = kExitOk;
    if (common_.inputs.empty()) {
      auto store = OpenStoreOrReport(db_.empty() ? kDefaultDb : db_, /*read_only=*/true);
      if (!store) return kExitSomeFailed;
      bool truncated = false;
      auto read = ReadForComparison(*store, opt, max_statements_, &truncated);
      if (!read.ok()) {
        std::cerr << "dyad: " << read.status().message() << '\n';
        return read.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitSomeFailed;
      }
      statements = std::move(*read);
      if (truncated)
        std::cerr << "dyad: compare: read each party's latest " << max_statements_
                  << " statements only; narrow --from/--to or raise --max-statements to go further back\n";
    } else {
      auto data = FindDataDir(common_.data_dir, argv0_);
      if (!data.ok()) {
        std::cerr << "dyad: " << data.status().message() << '\n';
        return kExitUsage;
      }
      auto pipeline = Pipeline::Build(StatementPipelineSpec(no_clean_, fast_, dict_), *data);
      if (!pipeline.ok()) {
        std::cerr << "dyad: " << pipeline.status().message() << '\n';
        return kExitUsage;
      }
      if (CodeInputs(common_.inputs, common_.ToReadOptions(), *pipeline, date_, [&](Document& doc) {
            for (StatementRecord& r : StatementRecords(doc)) statements.push_back(std::move(r));
          }) > 0)
        status = kExitSomeFailed;
    }
    std::vector<Issue> issues = CompareStatements(statements, opt);
    if (format_ == "jsonl") {
      for (const Issue& is : issues) std::cout << IssueJson(is, opt) << '\n';
    } else if (format_ == "markdown") {
      std::cout << CompareMarkdown(issues, opt);
    } else {
      std::cout << CompareTable(issues, opt);
    }
    return status;
  }

 private:
  CLI::App* cmd_ = nullptr;
  const char* argv0_ = nullptr;
  CommonOptions common_;
  std::string parties_, db_, from_, to_, about_, date_, dict_;
  std::string format_ = "table";
  size_t max_statements_ = 2000;
  bool no_clean_ = false;
  bool fast_ = false;
};

}  // namespace

DYAD_REGISTER_COMMAND("compare", CompareCommand);

}  // namespace dyad::cli
