#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/parallel.h"
#include "dyad/conllu.h"
#include "dyad/output.h"
#include "dyad/parser.h"
#include "dyad/pipeline.h"
#include "dyad/tagger.h"

namespace dyad::cli {

namespace {

constexpr size_t kBatchDocs = 256;      // documents held in memory at once (text input)
constexpr size_t kConlluDocSentences = 64;  // CoNLL-U input is parallelised by chunks of sentences

int OptInt(CLI::App* cmd, const std::string& name, int fallback) {
  CLI::Option* o = cmd->get_option(name);
  return o->count() ? o->as<int>() : fallback;
}
std::string OptStr(CLI::App* cmd, const std::string& name) {
  CLI::Option* o = cmd->get_option(name);
  return o->count() ? o->as<std::string>() : std::string();
}

// A whole CoNLL-U input, refused beyond max_bytes (--max-bytes) before it is
// read: parsed, a CoNLL-U file takes ~15x its size in memory.
Result<std::string> ReadAll(const std::string& path, size_t max_bytes) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes)
      return Status::ResourceExhausted("file is " + std::to_string(size) + " bytes, over the limit of " +
                                       std::to_string(max_bytes) + " (--max-bytes)");
    file.open(path, std::ios::binary);
    if (!file) return Status::NotFound(path + ": cannot open");
    in = &file;
  }
  std::string out;
  char buf[1 << 16];
  while (in->read(buf, sizeof buf) || in->gcount() > 0) {
    out.append(buf, static_cast<size_t>(in->gcount()));
    if (out.size() > max_bytes)
      return Status::ResourceExhausted("input is over the limit of " + std::to_string(max_bytes) +
                                       " bytes (--max-bytes)");
  }
  return out;
}

}  // namespace

CLI::App* ParseCommand::Setup(CLI::App& app, const char* argv0) {
  argv0_ = argv0;
  cmd_ = app.add_subcommand("parse", "Tokenise (text), tag, lemmatise and dependency-parse; print CoNLL-U or JSON");
  AddCommonOptions(cmd_, common_);
  cmd_->add_option("--input", input_format_,
                   "Input kind: text (tokenised by dyad) or conllu (gold tokenisation kept)")
      ->check(CLI::IsMember({"text", "conllu"}))
      ->capture_default_str();
  cmd_->add_option("--output", output_format_, "Output: conllu or json")
      ->check(CLI::IsMember({"conllu", "json"}))
      ->capture_default_str();
  cmd_->add_flag("--clean", [this](int64_t) { no_clean_ = false; }, "Remove page chrome first (as dyad code does)");
  cmd_->add_option("--jobs,-j", "Worker threads (0 = one per core)")->default_str("1");
  cmd_->add_option("--tagger-model", "Tagger model (default: models/en-tagger.bin next to data/)");
  cmd_->add_option("--parser-model", "Parser model (default: models/en-parser.bin next to data/)");
  cmd_->add_flag("--tokens-only")->description("Only tokenise and split sentences (no tagger or parser)");
  no_clean_ = true;
  return cmd_;
}

int ParseCommand::Run() {
  auto data = FindDataDir(common_.data_dir, argv0_);
  std::string data_dir = data.ok() ? *data : std::string();
  int jobs = OptInt(cmd_, "--jobs", 1);
  if (jobs <= 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const bool tokens_only = cmd_->get_option("--tokens-only")->count() > 0;
  const std::string tagger_path = ResolveModelPath(OptStr(cmd_, "--tagger-model"), data_dir, kDefaultTaggerModel);
  const std::string parser_path = ResolveModelPath(OptStr(cmd_, "--parser-model"), data_dir, kDefaultParserModel);

  if (input_format_ == "conllu") {
    std::shared_ptr<const Tagger> tagger;
    std::shared_ptr<const Parser> parser;
    if (!tokens_only) {
      auto t = LoadTaggerShared(tagger_path);
      auto p = LoadParserShared(parser_path);
      if (!t.ok() || !p.ok()) {
        std::cerr << "dyad: " << (!t.ok() ? t.status() : p.status()).message() << '\n';
        return kExitUsage;
      }
      tagger = *t;
      parser = *p;
    }
    int failed = 0;
    for (const std::string& input : common_.inputs) {
      auto content = ReadAll(input, common_.ToReadOptions().max_document_bytes);
      if (!content.ok()) {
        ReportDocumentError(input, content.status());
        ++failed;
        continue;
      }
      auto sents = ParseConllu(*content);
      if (!sents.ok()) {
        ReportDocumentError(input, sents.status());
        ++failed;
        continue;
      }
      std::vector<Document> docs = ConlluToDocuments(*sents, kConlluDocSentences);
      std::vector<TaggerScratch> ts(static_cast<size_t>(jobs));
      std::vector<ParserScratch> ps(static_cast<size_t>(jobs));
      ParallelFor(docs.size(), jobs, [&](size_t i, int w) {
        Document& d = docs[i];
        for (Token& t : d.tokens) {  // predict everything; keep nothing gold but the words
          t.lemma.clear();
          t.upos.clear();
          t.xpos.clear();
          t.feats.clear();
          t.head = -1;
          t.deprel.clear();
        }
        if (tagger) tagger->TagDocument(d, ts[w]);
        if (parser) parser->ParseDocument(d, ps[w]);
      });
      if (output_format_ == "json") {
        for (const Document& d : docs) WriteParseJson(d, std::cout);
      } else {
        WriteConlluWithAnnotation(*sents, docs, std::cout);
      }
    }
    return failed ? kExitSomeFailed : kExitOk;
  }

  std::string spec = std::string(no_clean_ ? "clean:mode=none" : "clean") + ";tokenize";
  spec += tokens_only ? ";lemma" : ";tagger:model=" + tagger_path + ";parser:model=" + parser_path;
  auto pipeline = Pipeline::Build(spec, data_dir);
  if (!pipeline.ok()) {
    std::cerr << "dyad: " << pipeline.status().message() << '\n';
    return kExitUsage;
  }
  std::vector<PipelineScratch> scratch;
  for (int w = 0; w < jobs; ++w) scratch.push_back(pipeline->NewScratch());
  int failed = 0;
  struct Item {
    std::string origin;
    Result<Document> doc;
  };
  std::vector<Item> batch;
  std::vector<Status> status;
  auto flush = [&] {
    status.assign(batch.size(), Status::Ok());
    ParallelFor(batch.size(), jobs, [&](size_t i, int w) {
      if (batch[i].doc.ok()) status[i] = pipeline->Run(*batch[i].doc, scratch[w]);
    });
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!batch[i].doc.ok() || !status[i].ok()) {
        ReportDocumentError(batch[i].origin, batch[i].doc.ok() ? status[i] : batch[i].doc.status());
        ++failed;
        continue;
      }
      if (output_format_ == "json") WriteParseJson(*batch[i].doc, std::cout);
      else WriteConllu(*batch[i].doc, std::cout);
    }
    batch.clear();
  };
  ReadInputs(common_.inputs, common_.ToReadOptions(), [&](const std::string& origin, Result<Document> doc) {
    batch.push_back(Item{origin, std::move(doc)});
    if (batch.size() >= kBatchDocs) flush();
  });
  flush();
  return failed ? kExitSomeFailed : kExitOk;
}

DYAD_REGISTER_COMMAND("parse", ParseCommand);

}  // namespace dyad::cli
