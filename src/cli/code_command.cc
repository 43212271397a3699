#include <deque>
#include <iostream>
#include <unordered_map>

#include "cli/commands.h"
#include "dyad/events.h"
#include "dyad/output.h"
#include "dyad/pipeline.h"
#include "dyad/time.h"

namespace dyad::cli {

void AddCommonOptions(CLI::App* cmd, CommonOptions& common) {
  cmd->add_option("inputs", common.inputs, "Files, directories (walked) or - for standard input")
      ->required();
  cmd->add_option("--data", common.data_dir, "Directory of the built-in dictionaries (default: found automatically)");
  cmd->add_option("--max-bytes", common.max_bytes_mb, "Refuse documents larger than this many MiB")
      ->capture_default_str();
  cmd->add_flag("--repair-utf8", common.repair_utf8, "Replace invalid UTF-8 by U+FFFD instead of refusing the document");
}

CLI::App* CodeCommand::Setup(CLI::App& app, const char* argv0) {
  argv0_ = argv0;
  cmd_ = app.add_subcommand("code", "Code the events of articles and print them");
  AddCommonOptions(cmd_, common_);
  cmd_->add_option("--format", format_, "Output: jsonl, table, gdelt or plover")
      ->check(CLI::IsMember({"jsonl", "table", "gdelt", "plover"}))
      ->capture_default_str();
  cmd_->add_option("--date", date_, "Publication date (YYYY-MM-DD) for documents that have none");
  cmd_->add_flag("--explain", explain_, "Print a readable account: dropped blocks, actors, triggers, patterns, dates");
  cmd_->add_flag("--all", all_, "Also output negated, future, hypothetical and question events (labelled)");
  cmd_->add_flag("--per-mention", per_mention_, "One line per mention instead of merging identical events of a document");
  cmd_->add_flag("--merge", merge_,
                 "Merge identical dated events across all input documents (mention and source counts), "
                 "written at the end; keeps every document in memory (use the store for large collections)")
      ->excludes("--per-mention")
      ->excludes("--explain");
  cmd_->add_flag("--no-clean", no_clean_, "The input is already clean article text: skip page-chrome removal");
  cmd_->add_option("--dict", dict_, "Extra actor dictionary files (PATH[:PATH...]) loaded after the built-in ones");
  cmd_->add_option("--patterns", patterns_, "Extra event pattern files (dyad format or PETRARCH CAMEO.verbpatterns)");
  cmd_->add_option("--pipeline", pipeline_, "Stage list (advanced), default: " + std::string(Pipeline::kDefaultSpec));
  cmd_->add_option("--coder", coder_, "Event coder: combined (default: the rules' events, the learned coder's where the rules "
                   "coded none, relevance gates), rules, or learned (both need the parser but rules)")
      ->check(CLI::IsMember({"rules", "learned", "combined"}))
      ->capture_default_str();
  cmd_->add_flag("--fast", fast_, "No tagger/parser: rule lemmas and word order only (about 10x faster, slightly less accurate)");
  return cmd_;
}

int CodeCommand::Run() {
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
  std::string spec = pipeline_;
  if (spec.empty()) {
    spec = std::string(no_clean_ ? "clean:mode=none" : "clean") + (fast_ ? ";tokenize;lemma;time;actors" : ";tokenize;tagger;parser;time;actors") +
           (dict_.empty() ? "" : ":dict=" + dict_) + (coder_ == "learned" && !fast_    ? ";eventml"
            : coder_ == "combined" && !fast_ ? ";" + std::string(Pipeline::kDefaultEventStage)
                                             : ";events");
    // The combined coder (default), the rule coder (--fast) or the learned one, with their options.
    const bool ml = coder_ != "rules" && !fast_;
    std::string opts = std::string(all_ ? ",all=yes" : "") + (patterns_.empty() ? "" : ",patterns=" + patterns_) +
                       (explain_ && ml ? ",explain=yes" : "");
    if (!opts.empty()) spec += (ml && coder_ == "combined" ? "," : ":") + opts.substr(1);
    spec += ";places";
  }
  auto pipeline = Pipeline::Build(spec, *data);
  if (!pipeline.ok()) {
    std::cerr << "dyad: " << pipeline.status().message() << '\n';
    return kExitUsage;
  }
  EventFormat format;
  ParseEventFormat(format_, format);
  EventWriter writer(std::cout, format);
  if (!explain_) writer.Begin();
  PipelineScratch scratch = pipeline->NewScratch();
  int failed = 0;
  std::deque<Document> kept;  // --merge: every coded document, until the end
  ReadInputs(common_.inputs, common_.ToReadOptions(), [&](const std::string& origin, Result<Document> doc) {
    if (!doc.ok()) {
      ReportDocumentError(origin, doc.status());
      ++failed;
      return;
    }
    if (doc->date.empty()) doc->date = date_;
    Status s = pipeline->Run(*doc, scratch);
    if (!s.ok()) {
      ReportDocumentError(origin, s);
      ++failed;
      return;
    }
    if (merge_) {
      kept.push_back(std::move(*doc));
      return;
    }
    std::vector<DedupedEvent> events;
    if (per_mention_) {
      for (const Event& e : doc->events)
        events.push_back(DedupedEvent{e, {EventMention{doc->id, e.sentence, e.trigger, e.pattern_id}}, 1});
    } else {
      events = DeduplicateEvents({&*doc}, /*asserted_only=*/!all_);
    }
    if (explain_) {
      WriteExplanation(*doc, events, std::cout);
      return;
    }
    for (const DedupedEvent& e : events) writer.Write(*doc, e);
  });
  if (merge_) {
    std::vector<const Document*> docs;
    std::unordered_map<std::string, const Document*> by_id;
    for (const Document& d : kept) {
      docs.push_back(&d);
      by_id.emplace(d.id, &d);
    }
    std::vector<DedupedEvent> events = DeduplicateEvents(docs, /*asserted_only=*/!all_);
    for (const DedupedEvent& e : events) {
      writer.Write(*by_id.at(e.mentions.front().doc_id), e);
    }
  }
  if (!explain_) writer.End();
  return failed ? kExitSomeFailed : kExitOk;
}

DYAD_REGISTER_COMMAND("code", CodeCommand);

}  // namespace dyad::cli
