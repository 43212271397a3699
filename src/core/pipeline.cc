#include "dyad/pipeline.h"

#include <fmt/format.h>

#include <future>

#include "core/builtin_stages.h"

namespace dyad {

std::string AnnotationNames(Annotations a) {
  static const char* kNames[] = {"raw",  "text",  "metadata", "paragraphs", "sentences", "tokens",
                                 "lemmas", "pos", "deps",     "times",      "actors",    "events",
                                 "places", "statements"};
  std::string out;
  for (size_t i = 0; i < sizeof(kNames) / sizeof(kNames[0]); ++i) {
    if (a & (1u << i)) {
      if (!out.empty()) out += ", ";
      out += kNames[i];
    }
  }
  return out.empty() ? "nothing" : out;
}

std::string StageConfig::Get(const std::string& key, const std::string& fallback) const {
  auto it = options.find(key);
  return it == options.end() ? fallback : it->second;
}

Result<StageConfig> StageConfig::Parse(std::string_view spec) {
  StageConfig config;
  size_t colon = spec.find(':');
  config.name = std::string(spec.substr(0, colon));
  if (config.name.empty()) return Status::InvalidArgument("empty stage name in '" + std::string(spec) + "'");
  if (colon == std::string_view::npos) return config;
  std::string_view rest = spec.substr(colon + 1);
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Status::InvalidArgument(fmt::format("stage option '{}' in '{}' is not key=value", item, spec));
    }
    config.options[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return config;
}

void StageRegistry::Register(std::string name, StageFactory factory) {
  factories_[std::move(name)] = std::move(factory);
}

Result<std::unique_ptr<Stage>> StageRegistry::Create(const StageConfig& config) const {
  auto it = factories_.find(config.name);
  if (it == factories_.end()) {
    std::string known;
    for (const auto& [n, f] : factories_) known += (known.empty() ? "" : ", ") + n;
    return Status::NotFound(fmt::format("no stage named '{}' (known: {})", config.name, known));
  }
  return it->second(config);
}

std::vector<std::string> StageRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [n, f] : factories_) names.push_back(n);
  return names;
}

const StageRegistry& StageRegistry::Builtin() {
  static const StageRegistry* registry = [] {
    auto* r = new StageRegistry();
    RegisterBuiltinStages(*r);
    return r;
  }();
  return *registry;
}

Result<Pipeline> Pipeline::Build(std::string_view spec, const std::string& data_dir,
                                 const StageRegistry& registry) {
  std::vector<StageConfig> configs;
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t end = spec.find_first_of("; ", pos);
    if (end == std::string_view::npos) end = spec.size();
    std::string_view item = spec.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    auto config = StageConfig::Parse(item);
    if (!config.ok()) return config.status();
    config->data_dir = data_dir;
    configs.push_back(std::move(*config));
  }
  if (configs.empty()) return Status::InvalidArgument("empty pipeline");

  // Stages load their models and dictionaries independently, so they are built
  // concurrently: start-up is then the slowest load (the parser model), not the
  // sum, which is serial time no --jobs can win back.
  std::vector<std::future<Result<std::unique_ptr<Stage>>>> pending;
  pending.reserve(configs.size());
  for (const StageConfig& config : configs)
    pending.push_back(std::async(std::launch::async, [&registry, &config] { return registry.Create(config); }));
  std::vector<Result<std::unique_ptr<Stage>>> built;
  built.reserve(pending.size());
  for (auto& f : pending) built.push_back(f.get());

  Pipeline pipeline;
  Annotations available = kAnnRaw;
  for (size_t i = 0; i < configs.size(); ++i) {
    auto& stage = built[i];
    if (!stage.ok()) return stage.status();
    Annotations missing = (*stage)->required() & ~available;
    if (missing) {
      return Status::FailedPrecondition(
          fmt::format("stage '{}' requires {} which no earlier stage assigns", configs[i].name,
                      AnnotationNames(missing)));
    }
    available |= (*stage)->assigned();
    pipeline.stages_.push_back(std::shared_ptr<const Stage>(std::move(stage).value()));
  }
  return pipeline;
}

PipelineScratch Pipeline::NewScratch() const {
  PipelineScratch scratch;
  for (const auto& s : stages_) scratch.stages.push_back(s->NewScratch());
  return scratch;
}

Status Pipeline::Run(Document& doc, PipelineScratch& scratch) const { return Run(doc, scratch, nullptr); }

Status Pipeline::Run(Document& doc, PipelineScratch& scratch, const std::function<bool()>& stop) const {
  if (scratch.stages.size() != stages_.size()) scratch = NewScratch();
  for (size_t i = 0; i < stages_.size(); ++i) {
    if (stop && stop()) return Status::Cancelled(fmt::format("stopped before stage {}", stages_[i]->name()));
    Status s = stages_[i]->Process(doc, scratch.stages[i].get());
    if (!s.ok()) return s.WithContext(fmt::format("stage {}", stages_[i]->name()));
  }
  return Status::Ok();
}

std::vector<std::string> Pipeline::StageNames() const {
  std::vector<std::string> names;
  for (const auto& s : stages_) names.emplace_back(s->name());
  return names;
}

}  // namespace dyad
