// Stage "statements": who said what (include/dyad/statements.h). Runs after
// the actor stage, and after the event stage when there is one, so that the
// events inside a statement's content can be linked.
#include "core/builtin_stages.h"
#include "dyad/statements.h"

namespace dyad {

namespace {

class StatementStage : public Stage {
 public:
  std::string_view name() const override { return "statements"; }
  Annotations required() const override { return kAnnTokens | kAnnSentences | kAnnLemmas | kAnnActors | kAnnTimes; }
  Annotations assigned() const override { return kAnnStatements; }
  Status Process(Document& doc, StageScratch*) const override {
    ExtractStatements(doc);
    return Status::Ok();
  }
};

}  // namespace

void RegisterStatementStages(StageRegistry& registry) {
  registry.Register("statements", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
    return std::unique_ptr<Stage>(new StatementStage());
  });
}

}  // namespace dyad
