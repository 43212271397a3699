// Stage "events": the rule coder (patterns over lemmas, actors by position and
// dependency frames), the default and the only one without the parser (--fast).
// Option all=yes keeps negated and non-actual events (labelled).
#include <fstream>
#include <sstream>

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

Result<std::shared_ptr<const PatternDictionary>> PatternDictionary::LoadWithExtras(const std::string& data_dir,
                                                                                  const std::string& extra) {
  auto patterns = PatternDictionary::LoadBuiltin(data_dir);
  if (!patterns.ok() || extra.empty()) return patterns;
  // More pattern files, dyad's format or PETRARCH's CAMEO.verbpatterns, after
  // the built-in ones.
  auto dict = std::make_shared<PatternDictionary>(**patterns);
  size_t pos = 0;
  while (pos <= extra.size()) {
    size_t colon = extra.find(':', pos);
    if (colon == std::string::npos) colon = extra.size();
    std::string path = extra.substr(pos, colon - pos);
    pos = colon + 1;
    if (path.empty()) continue;
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound("cannot open pattern file " + path);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string content = buf.str();
    std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    Status s = content.find("@dyad-patterns") != std::string::npos ? dict->AddText(content, name)
                                                                    : dict->AddPetrarchVerbPatterns(content, name);
    if (!s.ok()) return s;
  }
  return std::shared_ptr<const PatternDictionary>(std::move(dict));
}

void RegisterEventStages(StageRegistry& registry) {
  registry.Register("events", [](const StageConfig& c) -> Result<std::unique_ptr<Stage>> {
    auto patterns = PatternDictionary::LoadWithExtras(c.data_dir, c.Get("patterns"));
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
