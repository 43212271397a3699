#include "core/builtin_stages.h"

namespace dyad {

void RegisterBuiltinStages(StageRegistry& registry) {
  RegisterExtractStages(registry);
  RegisterTextStages(registry);
  RegisterTaggerStages(registry);
  RegisterParserStages(registry);
  RegisterTimeStages(registry);
  RegisterActorStages(registry);
  RegisterEventStages(registry);
  RegisterEventMLStages(registry);
  RegisterPlaceStages(registry);
  RegisterStatementStages(registry);
}

}  // namespace dyad
