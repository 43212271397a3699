#include "test_util.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "dyad/events.h"
#include "dyad/ingest.h"
#include "dyad/pipeline.h"

namespace dyad::testing {

std::string SourceDir() { return DYAD_SOURCE_DIR; }
std::string SharedDir() { return DYAD_SHARED_DIR; }
std::string DataDir() { return SourceDir() + "/data"; }

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

Result<Document> CodeText(const std::string& text, const std::string& date, bool all, bool clean,
                          const std::string& coder) {
  const std::string stage = coder.empty() ? std::string(Pipeline::kDefaultEventStage) : coder;
  std::string spec = std::string(clean ? "clean" : "clean:mode=none") + ";tokenize;tagger;parser;time;actors;" + stage +
                     (all ? (stage.find(':') == std::string::npos ? ":all=yes" : ",all=yes") : "");
  auto pipeline = Pipeline::Build(spec, DataDir());
  if (!pipeline.ok()) return pipeline.status();
  auto doc = DocumentFromText(text, "test", ReadOptions());
  if (!doc.ok()) return doc.status();
  doc->date = date;
  PipelineScratch scratch = pipeline->NewScratch();
  Status s = pipeline->Run(*doc, scratch);
  if (!s.ok()) return s;
  return std::move(doc).value();
}

std::vector<std::string> EventLines(const Document& doc, bool asserted_only) {
  std::vector<std::string> lines;
  for (const DedupedEvent& de : DeduplicateEvents({&doc}, asserted_only)) {
    const Event& e = de.event;
    lines.push_back(fmt::format("{} {} {} {} {} {} x{} \"{}\"", e.date.empty() ? "?" : e.date,
                                e.source.code, e.target.code.empty() ? "-" : e.target.code, e.cameo,
                                ToString(e.polarity), ToString(e.modality), de.mentions.size(),
                                doc.Text(e.trigger)));
  }
  return lines;
}

}  // namespace dyad::testing
