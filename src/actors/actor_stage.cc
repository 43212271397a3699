// Stage "actors": dictionary matching + resolution. Options: dict=PATH[:PATH]
// adds dictionary files after the built-in ones; builtin=no leaves them out.
#include <fmt/format.h>

#include "core/builtin_stages.h"
#include "dyad/actors.h"

namespace dyad {

namespace {

class ActorStage : public Stage {
 public:
  explicit ActorStage(std::shared_ptr<const ActorDictionary> dict) : dict_(std::move(dict)) {}
  std::string_view name() const override { return "actors"; }
  Annotations required() const override { return kAnnTokens | kAnnSentences; }
  Annotations assigned() const override { return kAnnActors; }
  Status Process(Document& doc, StageScratch*) const override {
    ResolveActors(*dict_, doc);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const ActorDictionary> dict_;
};

}  // namespace

void RegisterActorStages(StageRegistry& registry) {
  registry.Register("actors", [](const StageConfig& c) -> Result<std::unique_ptr<Stage>> {
    auto builtin = ActorDictionary::LoadBuiltin(c.data_dir);
    if (!builtin.ok()) return builtin.status();
    std::string extra = c.Get("dict");
    if (extra.empty()) return std::unique_ptr<Stage>(new ActorStage(*builtin));
    auto dict = std::make_shared<ActorDictionary>(**builtin);
    size_t pos = 0;
    while (pos <= extra.size()) {
      size_t colon = extra.find(':', pos);
      if (colon == std::string::npos) colon = extra.size();
      std::string path = extra.substr(pos, colon - pos);
      if (!path.empty()) DYAD_RETURN_IF_ERROR(dict->AddFile(path));
      pos = colon + 1;
    }
    return std::unique_ptr<Stage>(new ActorStage(std::move(dict)));
  });
}

}  // namespace dyad
