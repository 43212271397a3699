// Stage "events": codes events from lemmas, actor and time mentions.
// Option all=yes keeps negated and non-actual events (labelled).
#include "core/builtin_stages.h"
#include "dyad/events.h"

namespace dyad {

namespace {

class EventStage : public Stage {
 public:
  EventStage(std::shared_ptr<const PatternDictionary> patterns, std::shared_ptr<const CameoTable> cameo,
             CoderOptions options)
      : patterns_(std::move(patterns)), cameo_(std::move(cameo)), options_(options) {}
  std::string_view name() const override { return "events"; }
  Annotations required() const override { return kAnnLemmas | kAnnActors | kAnnTimes; }
  Annotations assigned() const override { return kAnnEvents; }
  Status Process(Document& doc, StageScratch*) const override {
    CodeEvents(*patterns_, *cameo_, doc, options_);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const PatternDictionary> patterns_;
  std::shared_ptr<const CameoTable> cameo_;
  CoderOptions options_;
};

}  // namespace

void RegisterEventStages(StageRegistry& registry) {
  registry.Register("events", [](const StageConfig& c) -> Result<std::unique_ptr<Stage>> {
    auto patterns = PatternDictionary::LoadBuiltin(c.data_dir);
    if (!patterns.ok()) return patterns.status();
    auto cameo = CameoTable::LoadBuiltin(c.data_dir);
    if (!cameo.ok()) return cameo.status();
    for (const EventPattern& p : (*patterns)->patterns())
      if (!(*cameo)->Find(p.code))
        return Status::InvalidArgument(p.id + ": CAMEO code " + p.code + " is not in cameo.txt");
    CoderOptions options;
    std::string all = c.Get("all", "no");
    options.keep_all = all == "yes" || all == "1" || all == "true";
    return std::unique_ptr<Stage>(new EventStage(*patterns, *cameo, options));
  });
}

}  // namespace dyad
