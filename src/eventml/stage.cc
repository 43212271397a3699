// Stage "eventml": the learned event coder (dyad/eventml.h). Statements come
// from the rule coder's CAMEO 01 patterns, every PLOVER event from the model.
#include <algorithm>
#include <map>
#include <mutex>

#include "core/builtin_stages.h"
#include "dyad/tagger.h"
#include "eventml/model.h"

namespace dyad {

namespace {

Result<std::shared_ptr<const eventml::EventModel>> LoadModelShared(const std::string& path) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<const eventml::EventModel>> cache;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(path); it != cache.end())
    if (auto m = it->second.lock()) return m;
  auto loaded = eventml::EventModel::Load(path);
  if (!loaded.ok()) return loaded.status();
  cache[path] = *loaded;
  return *loaded;
}

bool Yes(const std::string& v) { return v == "yes" || v == "1" || v == "true"; }

class EventMLStage : public Stage {
 public:
  EventMLStage(std::shared_ptr<const eventml::EventModel> model, std::shared_ptr<const PatternDictionary> patterns,
               std::shared_ptr<const CameoTable> cameo, eventml::CodeOptions options)
      : model_(std::move(model)), patterns_(std::move(patterns)), cameo_(std::move(cameo)), options_(options) {
    statements_.keep_all = options.keep_all;
    statements_.statements_only = true;
  }
  std::string_view name() const override { return "eventml"; }
  Annotations required() const override { return kAnnLemmas | kAnnPos | kAnnDeps | kAnnActors | kAnnTimes; }
  Annotations assigned() const override { return kAnnEvents; }
  Status Process(Document& doc, StageScratch*) const override {
    const size_t before = doc.events.size();
    CodeEvents(*patterns_, *cameo_, doc, statements_);
    eventml::CodeSentencesML(*model_, *patterns_, *cameo_, doc, options_);
    // Both coders go sentence by sentence; keep the events in text order.
    std::stable_sort(doc.events.begin() + static_cast<long>(before), doc.events.end(),
                     [](const Event& a, const Event& b) {
                       return a.sentence != b.sentence ? a.sentence < b.sentence : a.trigger.begin < b.trigger.begin;
                     });
    return Status::Ok();
  }

 private:
  std::shared_ptr<const eventml::EventModel> model_;
  std::shared_ptr<const PatternDictionary> patterns_;
  std::shared_ptr<const CameoTable> cameo_;
  eventml::CodeOptions options_;
  CoderOptions statements_;
};

}  // namespace

void RegisterEventMLStages(StageRegistry& registry) {
  registry.Register("eventml", [](const StageConfig& c) -> Result<std::unique_ptr<Stage>> {
    auto model = LoadModelShared(ResolveModelPath(c.Get("model"), c.data_dir, kDefaultEventModel));
    if (!model.ok()) return model.status();
    auto patterns = PatternDictionary::LoadWithExtras(c.data_dir, c.Get("patterns"));
    if (!patterns.ok()) return patterns.status();
    auto cameo = CameoTable::LoadBuiltin(c.data_dir);
    if (!cameo.ok()) return cameo.status();
    eventml::CodeOptions options;
    options.keep_all = Yes(c.Get("all", "no"));
    options.explain = Yes(c.Get("explain", "no"));
    return std::unique_ptr<Stage>(new EventMLStage(*model, *patterns, *cameo, options));
  });
}

}  // namespace dyad
