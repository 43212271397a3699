// Stages and the pipeline that runs them.
//
// A stage is a small immutable object: its models and dictionaries load once
// when it is built and are then shared read-only by every worker thread.
// Anything a stage mutates per call lives in its StageScratch, one per thread
// (fastText's Model::State). Stages declare what they require and assign, so a
// pipeline built in an impossible order fails at build time, not mid-corpus.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

// What a stage reads or writes on a Document, as bits.
enum Annotation : uint32_t {
  kAnnRaw = 1u << 0,
  kAnnText = 1u << 1,
  kAnnMetadata = 1u << 2,
  kAnnParagraphs = 1u << 3,
  kAnnSentences = 1u << 4,
  kAnnTokens = 1u << 5,
  kAnnLemmas = 1u << 6,
  kAnnPos = 1u << 7,
  kAnnDeps = 1u << 8,
  kAnnTimes = 1u << 9,
  kAnnActors = 1u << 10,
  kAnnEvents = 1u << 11,
  kAnnPlaces = 1u << 12,
  kAnnStatements = 1u << 13,
};
using Annotations = uint32_t;
std::string AnnotationNames(Annotations a);

// Options of one stage, from "name:key=value,key=value".
struct StageConfig {
  std::string name;
  std::map<std::string, std::string> options;
  std::string data_dir;  // where built-in dictionaries live (data/)
  std::string Get(const std::string& key, const std::string& fallback = "") const;
  static Result<StageConfig> Parse(std::string_view spec);
};

// Per-thread mutable state of one stage. Stages that need none return nullptr.
class StageScratch {
 public:
  virtual ~StageScratch() = default;
};

class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view name() const = 0;
  virtual Annotations required() const = 0;
  virtual Annotations assigned() const = 0;
  virtual std::unique_ptr<StageScratch> NewScratch() const { return nullptr; }
  // Annotates doc. An error concerns this document only; the caller goes on
  // with the next one.
  virtual Status Process(Document& doc, StageScratch* scratch) const = 0;
};

// Pipeline::Build runs the factories of one spec concurrently: a factory must be
// safe to call from several threads at once (share loaded models under a lock).
using StageFactory = std::function<Result<std::unique_ptr<Stage>>(const StageConfig&)>;

class StageRegistry {
 public:
  // The registry with every stage dyad ships.
  static const StageRegistry& Builtin();

  void Register(std::string name, StageFactory factory);
  Result<std::unique_ptr<Stage>> Create(const StageConfig& config) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, StageFactory> factories_;
};

// Everything one worker thread needs to run a pipeline.
struct PipelineScratch {
  std::vector<std::unique_ptr<StageScratch>> stages;
};

class Pipeline {
 public:
  // spec: comma-free list of stage specs separated by spaces or ';', e.g.
  // "clean;tokenize;tagger;parser;time;actors;events;places" or "actors:dict=my.txt".
  static Result<Pipeline> Build(std::string_view spec, const std::string& data_dir,
                                const StageRegistry& registry = StageRegistry::Builtin());
  // The pipeline `dyad code` runs by default.
  // The default event coder is the combined one (stage eventml: the rule
  // coder's events, the learned coder's where the rules coded none, and the
  // relevance gates); docs/benchmarks.md "Events v2".
  static constexpr std::string_view kDefaultEventStage = "eventml:mode=combined,margin=4,gate=2,sides=3";
  static constexpr std::string_view kDefaultSpec =
      "clean;tokenize;tagger;parser;time;actors;eventml:mode=combined,margin=4,gate=2,sides=3;places";
  // Without the trained models: the rule-based lemmatiser and word-order
  // frames only (about 10x faster, about 1 point of PLOVER F1 less).
  static constexpr std::string_view kFastSpec = "clean;tokenize;lemma;time;actors;events;places";

  PipelineScratch NewScratch() const;
  Status Run(Document& doc, PipelineScratch& scratch) const;
  // The same, polling `stop` before each stage: once it returns true, Run
  // returns kCancelled and leaves the document half-annotated (the server:
  // client gone, time budget spent, shutdown). A running stage is not interrupted.
  Status Run(Document& doc, PipelineScratch& scratch, const std::function<bool()>& stop) const;
  std::vector<std::string> StageNames() const;

 private:
  std::vector<std::shared_ptr<const Stage>> stages_;
};

}  // namespace dyad
