// Stages "tagger" (UPOS, XPOS, lemma) and "parser" (head, deprel), and the
// process-wide sharing of loaded models.

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

#include "core/builtin_stages.h"
#include "dyad/parser.h"
#include "dyad/tagger.h"

namespace dyad {

std::string ResolveModelPath(const std::string& explicit_path, const std::string& data_dir,
                             std::string_view file_name) {
  namespace fs = std::filesystem;
  if (!explicit_path.empty()) return explicit_path;
  if (const char* env = std::getenv("DYAD_MODELS"); env && *env)
    return (fs::path(env) / file_name).string();
  if (!data_dir.empty()) {
    fs::path p = fs::path(data_dir) / ".." / "models" / file_name;
    std::error_code ec;
    if (fs::exists(p, ec)) return p.lexically_normal().string();
  }
  return (fs::path(DYAD_SOURCE_DIR) / "models" / file_name).string();
}

namespace {

template <typename Model>
Result<std::shared_ptr<const Model>> LoadShared(const std::string& path) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<const Model>> cache;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(path); it != cache.end())
    if (auto m = it->second.lock()) return m;
  auto loaded = Model::Load(path);
  if (!loaded.ok()) return loaded.status();
  cache[path] = *loaded;
  return *loaded;
}

class TaggerStageScratch : public StageScratch {
 public:
  TaggerScratch s;
};
class ParserStageScratch : public StageScratch {
 public:
  ParserScratch s;
};

class TaggerStage : public Stage {
 public:
  explicit TaggerStage(std::shared_ptr<const Tagger> t) : tagger_(std::move(t)) {}
  std::string_view name() const override { return "tagger"; }
  Annotations required() const override { return kAnnTokens | kAnnSentences; }
  Annotations assigned() const override { return kAnnPos | kAnnLemmas; }
  std::unique_ptr<StageScratch> NewScratch() const override {
    return std::make_unique<TaggerStageScratch>();
  }
  Status Process(Document& doc, StageScratch* scratch) const override {
    TaggerStageScratch local;
    auto* s = scratch ? static_cast<TaggerStageScratch*>(scratch) : &local;
    tagger_->TagDocument(doc, s->s);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const Tagger> tagger_;
};

class ParserStage : public Stage {
 public:
  explicit ParserStage(std::shared_ptr<const Parser> p) : parser_(std::move(p)) {}
  std::string_view name() const override { return "parser"; }
  Annotations required() const override { return kAnnTokens | kAnnSentences | kAnnPos; }
  Annotations assigned() const override { return kAnnDeps; }
  std::unique_ptr<StageScratch> NewScratch() const override {
    return std::make_unique<ParserStageScratch>();
  }
  Status Process(Document& doc, StageScratch* scratch) const override {
    ParserStageScratch local;
    auto* s = scratch ? static_cast<ParserStageScratch*>(scratch) : &local;
    parser_->ParseDocument(doc, s->s);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const Parser> parser_;
};

}  // namespace

Result<std::shared_ptr<const Tagger>> LoadTaggerShared(const std::string& path) {
  return LoadShared<Tagger>(path);
}
Result<std::shared_ptr<const Parser>> LoadParserShared(const std::string& path) {
  return LoadShared<Parser>(path);
}

void RegisterTaggerStages(StageRegistry& registry) {
  registry.Register("tagger", [](const StageConfig& c) -> Result<std::unique_ptr<Stage>> {
    auto t = LoadTaggerShared(ResolveModelPath(c.Get("model"), c.data_dir, kDefaultTaggerModel));
    if (!t.ok()) return t.status().WithContext("stage tagger");
    return std::unique_ptr<Stage>(new TaggerStage(*t));
  });
}

void RegisterParserStages(StageRegistry& registry) {
  registry.Register("parser", [](const StageConfig& c) -> Result<std::unique_ptr<Stage>> {
    auto p = LoadParserShared(ResolveModelPath(c.Get("model"), c.data_dir, kDefaultParserModel));
    if (!p.ok()) return p.status().WithContext("stage parser");
    return std::unique_ptr<Stage>(new ParserStage(*p));
  });
}

}  // namespace dyad
