// Stage "eventml": the learned event coder (dyad/eventml.h). Alone
// (mode=learned), statements come from the rule coder's CAMEO 01 patterns and
// every PLOVER event from the model; mode=combined keeps all the rule coder's
// events and adds the model's where they coded none (combine.h).
#include <algorithm>
#include <map>
#include <mutex>

#include "core/builtin_stages.h"
#include "dyad/tagger.h"
#include "eventml/combine.h"
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
               std::shared_ptr<const CameoTable> cameo, eventml::CodeOptions options, eventml::CoderSetup setup)
      : model_(std::move(model)), patterns_(std::move(patterns)), cameo_(std::move(cameo)), options_(options),
        setup_(setup) {
    rules_.keep_all = options.keep_all;
  }
  std::string_view name() const override { return "eventml"; }
  Annotations required() const override { return kAnnLemmas | kAnnPos | kAnnDeps | kAnnActors | kAnnTimes; }
  Annotations assigned() const override { return kAnnEvents; }
  Status Process(Document& doc, StageScratch*) const override {
    eventml::CodeWithSetup(setup_, model_.get(), *patterns_, *cameo_, doc, rules_, options_);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const eventml::EventModel> model_;
  std::shared_ptr<const PatternDictionary> patterns_;
  std::shared_ptr<const CameoTable> cameo_;
  eventml::CodeOptions options_;
  eventml::CoderSetup setup_;
  CoderOptions rules_;
};

}  // namespace

void RegisterEventMLStages(StageRegistry& registry) {
  registry.Register("eventml", [](const StageConfig& c) -> Result<std::unique_ptr<Stage>> {
    std::string spec;
    for (const char* k : {"mode", "overlap", "gate", "sides", "margin", "nouns"})
      if (!c.Get(k).empty()) spec += std::string(spec.empty() ? "" : ",") + k + "=" + c.Get(k);
    auto setup = eventml::CoderSetup::Parse(spec);
    if (!setup.ok()) return setup.status();
    auto model = LoadModelShared(ResolveModelPath(c.Get("model"), c.data_dir, kDefaultEventModel));
    if (!model.ok()) return model.status();
    auto patterns = PatternDictionary::LoadWithExtras(c.data_dir, c.Get("patterns"));
    if (!patterns.ok()) return patterns.status();
    auto cameo = CameoTable::LoadBuiltin(c.data_dir);
    if (!cameo.ok()) return cameo.status();
    eventml::CodeOptions options;
    options.keep_all = Yes(c.Get("all", "no"));
    options.explain = Yes(c.Get("explain", "no"));
    return std::unique_ptr<Stage>(new EventMLStage(*model, *patterns, *cameo, options, *setup));
  });
}

}  // namespace dyad
