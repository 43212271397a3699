// Each module registers its stages here; the registry calls them once.
#pragma once

#include "dyad/pipeline.h"

namespace dyad {

void RegisterBuiltinStages(StageRegistry& registry);

void RegisterExtractStages(StageRegistry& registry);  // "clean"
void RegisterTextStages(StageRegistry& registry);     // "tokenize", "lemma"
void RegisterTaggerStages(StageRegistry& registry);   // "tagger"
void RegisterParserStages(StageRegistry& registry);   // "parser"
void RegisterTimeStages(StageRegistry& registry);     // "time"
void RegisterActorStages(StageRegistry& registry);    // "actors"
void RegisterEventStages(StageRegistry& registry);    // "events" (the rule coder)
void RegisterEventMLStages(StageRegistry& registry);  // "eventml" (the learned coder)
void RegisterPlaceStages(StageRegistry& registry);    // "places"
void RegisterStatementStages(StageRegistry& registry);  // "statements"

}  // namespace dyad
