#include "test_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

#include "dyad/events.h"
#include "dyad/ingest.h"
#include "dyad/pipeline.h"

namespace dyad::testing {

std::string SourceDir() { return DYAD_SOURCE_DIR; }
std::string SharedDir() { return DYAD_SHARED_DIR; }
std::string DataDir() { return SourceDir() + "/data"; }

const std::string kTalksPage =
    "<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
    "<p>Negotiators from both countries met again in Geneva on Monday after a pause of three months.</p>"
    "<p>The talks will focus on prisoner exchanges and the reopening of two border crossings.</p>"
    "</article></body></html>";

std::string Gzip(const std::string& s) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, s.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  zs.avail_in = static_cast<uInt>(s.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

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
  return RunPipeline(spec, text, date);
}

Result<Document> RunPipeline(const std::string& spec, const std::string& text, const std::string& date) {
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

Document CodedWith(const Pipeline& pipeline, const std::string& id, const std::string& text,
                   const std::string& date, const std::string& site) {
  auto doc = DocumentFromText(text, id, ReadOptions{});
  EXPECT_TRUE(doc.ok());
  doc->id = id;
  doc->date = date;
  doc->site = site;
  PipelineScratch scratch = pipeline.NewScratch();
  Status s = pipeline.Run(*doc, scratch);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return std::move(*doc);
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
