// The hand-written event JSON must be byte for byte what nlohmann's dump()
// gives for the same tree: the API's answers did not change when GET
// /api/events stopped building trees (issue 14, latency under load).
#include "server/event_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace dyad {
namespace {

using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// The event as a tree, spelled out field by field (the API's documented shape).
json Expected(const StoredEvent& se, bool ids, const GroupedEvent* group) {
  const Event& e = se.event;
  auto actor = [](const EventActor& a) -> json {
    if (a.code.empty()) return nullptr;
    return {{"code", a.code}, {"country", a.country}, {"sector", a.sector}, {"text", a.text},
            {"span", {a.span.begin, a.span.end}}};
  };
  json j = {{"sentence", e.sentence},
            {"sentence_text", se.sentence_text},
            {"date", e.date.empty() ? json(nullptr) : json(e.date)},
            {"source", actor(e.source)},
            {"target", actor(e.target)},
            {"cameo", e.cameo},
            {"plover", e.plover.empty() ? json(nullptr) : json(e.plover)},
            {"plover_mode", e.plover_mode},
            {"quad_class", e.quad_class},
            {"goldstein", e.goldstein},
            {"polarity", std::string(ToString(e.polarity))},
            {"modality", std::string(ToString(e.modality))},
            {"trigger", {{"text", se.trigger_text}, {"span", {e.trigger.begin, e.trigger.end}}}},
            {"pattern", e.pattern_id},
            {"confidence", std::round(e.confidence * 100) / 100}};
  if (ids) {
    j["id"] = se.id;
    j["doc_id"] = se.doc_id;
    j["url"] = se.url;
    j["site"] = se.site;
  }
  if (group) {
    j["num_mentions"] = group->num_mentions;
    j["num_sources"] = group->num_sources;
  }
  return j;
}

StoredEvent Sample() {
  StoredEvent se;
  se.id = 9007199254740993;
  se.doc_id = "doc-1";
  se.url = "https://example.org/a?b=1&c=\"2\"";
  se.site = "example.org";
  se.sentence_text = "Greece accused Turkey of \"provocations\" on Monday.";
  se.trigger_text = "accused";
  Event& e = se.event;
  e.sentence = 3;
  e.date = "2024-01-27";
  e.source = {"GRC", "GRC", "", "Greece", Span{0, 6}, "Greece"};
  e.target = {"TURGOV", "TUR", "GOV", "Turkey's government", Span{15, 21}, ""};
  e.cameo = "112";
  e.plover = "ACCUSE";
  e.plover_mode = "";
  e.quad_class = 3;
  e.goldstein = -2.0;
  e.trigger = Span{7, 14};
  e.pattern_id = "accuse.v/12";
  e.polarity = Polarity::kNegated;
  e.modality = Modality::kReported;
  e.confidence = 0.855;
  return se;
}

void ExpectSame(const StoredEvent& se, bool ids = true, const GroupedEvent* group = nullptr) {
  std::string out;
  EventJsonFields fields;
  fields.ids = ids;
  fields.group = group;
  AppendEventJson(se, fields, &out);
  EXPECT_EQ(out, Dump(Expected(se, ids, group)));
}

TEST(EventJsonTest, MatchesTheTreeDump) {
  StoredEvent se = Sample();
  ExpectSame(se);
  ExpectSame(se, /*ids=*/false);
  GroupedEvent g;
  g.num_mentions = 12;
  g.num_sources = 4;
  ExpectSame(se, true, &g);
}

TEST(EventJsonTest, MissingActorsDateAndTypeAreNull) {
  StoredEvent se = Sample();
  se.event.target = EventActor();
  se.event.date.clear();
  se.event.plover.clear();
  ExpectSame(se);
}

TEST(EventJsonTest, NumbersFormatLikeNlohmann) {
  StoredEvent se = Sample();
  for (double g : {0.0, -10.0, 3.4, 0.1 + 0.2, 1e-7, 1e21, -0.0, std::numeric_limits<double>::quiet_NaN(),
                   std::numeric_limits<double>::infinity()}) {
    se.event.goldstein = g;
    se.event.confidence = g;
    ExpectSame(se);
  }
  se.id = std::numeric_limits<int64_t>::min();
  se.event.quad_class = -1;
  se.event.sentence = std::numeric_limits<uint32_t>::max();
  ExpectSame(se);
}

TEST(EventJsonTest, StringsEscapeLikeNlohmann) {
  StoredEvent se = Sample();
  for (std::string s : {std::string(""), std::string("quote \" backslash \\ slash /"), std::string("\b\f\n\r\t"),
                        std::string("\x01\x1f\x7f", 3), std::string("nul \0 inside", 12),
                        std::string("Ελλάδα – Türkiye 🇬🇷"), std::string("bad \xff\xfe utf-8"),
                        std::string("cut \xe2\x82"), std::string("\xc0\xaf overlong")}) {
    se.sentence_text = s;
    se.event.source.text = s;
    se.doc_id = s;
    ExpectSame(se);
    std::string out;
    AppendJsonString(s, &out);
    EXPECT_EQ(out, Dump(json(s))) << s;
  }
}

}  // namespace
}  // namespace dyad
