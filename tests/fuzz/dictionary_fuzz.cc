// Fuzz target: every dictionary reader (actors, agents, patterns, CAMEO table,
// and the PETRARCH actor, agent and verb-pattern importers).
#include <cstdint>
#include <string>

#include "dyad/actors.h"
#include "dyad/events.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  {
    dyad::ActorDictionary d;
    (void)d.AddActorsText("@dyad-actors 1\n" + body, "fuzz-actors");
  }
  {
    dyad::ActorDictionary d;
    (void)d.AddAgentsText("@dyad-agents 1\n" + body, "fuzz-agents");
  }
  {
    dyad::PatternDictionary p;
    (void)p.AddText("@dyad-patterns 1\n" + body, "fuzz-patterns");
  }
  {
    dyad::CameoTable t;
    (void)t.AddText("@dyad-cameo 1\n@quad 01-20 1\n" + body, "fuzz-cameo");
  }
  {
    dyad::ActorDictionary d;  // the raw bytes, header and all
    (void)d.AddActorsText(body, "fuzz-raw");
  }
  {
    dyad::ActorDictionary d;  // PETRARCH / Phoenix formats
    (void)d.AddPetrarchActors(body, "fuzz-petrarch-actors");
    (void)d.AddPetrarchAgents(body, "fuzz-petrarch-agents");
  }
  {
    dyad::PatternDictionary p;
    (void)p.AddPetrarchVerbPatterns(body, "fuzz-verbpatterns");
  }
  return 0;
}
