// Statements as JSONL and as a table (docs/formats.md).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "dyad/output.h"

namespace dyad {

using nlohmann::json;

namespace {

json SpanJson(Span s) { return json::array({s.begin, s.end}); }

json EventBrief(const Document& doc, const Event& e) {
  json j{{"cameo", e.cameo},
         {"plover", e.plover.empty() ? json(nullptr) : json(e.plover)},
         {"source", e.source.code},
         {"target", e.target.code.empty() ? json(nullptr) : json(e.target.code)},
         {"trigger", {{"text", std::string(doc.Text(e.trigger))}, {"span", SpanJson(e.trigger)}}},
         {"polarity", std::string(ToString(e.polarity))},
         {"modality", std::string(ToString(e.modality))}};
  return j;
}

json ToJson(const Document& doc, const Statement& s) {
  json events = json::array();
  for (uint32_t k : s.events)
    if (k < doc.events.size()) events.push_back(EventBrief(doc, doc.events[k]));
  auto or_null = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
  return json{
      {"doc_id", doc.id},
      {"sentence", s.sentence},
      {"speaker",
       {{"text", s.speaker.text},
        {"span", SpanJson(s.speaker.span)},
        {"code", or_null(s.speaker.code)},
        {"country", or_null(s.speaker.country)},
        {"sector", or_null(s.speaker.sector)},
        {"person", or_null(s.person)}}},
      {"cue", s.cue.empty() ? json(nullptr)
                            : json{{"text", std::string(doc.Text(s.cue))}, {"span", SpanJson(s.cue)}}},
      {"kind", std::string(ToString(s.kind))},
      {"content", {{"text", std::string(doc.Text(s.content))}, {"span", SpanJson(s.content)}}},
      {"date", or_null(s.date)},
      {"date_rule", s.date_rule},
      {"polarity", std::string(ToString(s.polarity))},
      {"modality", std::string(ToString(s.modality))},
      {"events", events},
      {"terms", s.terms},
  };
}

std::string Clip(std::string_view s, size_t n) {
  std::string flat;
  for (char c : s) flat += (c == '\n' ? ' ' : c);
  if (flat.size() <= n) return flat;
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
  return flat.substr(0, cut) + "…";
}

}  // namespace

std::string StatementJson(const Document& doc, const Statement& s) { return ToJson(doc, s).dump(); }

void StatementWriter::Begin() {
  if (format_ == StatementFormat::kTable)
    out_ << fmt::format("{:<10} {:<9} {:<26} {:<8} {:<12} {}\n", "date", "code", "speaker", "kind", "cue",
                        "content");
}

void StatementWriter::Write(const Document& doc, const Statement& s) {
  if (format_ == StatementFormat::kJsonl) {
    out_ << ToJson(doc, s).dump() << '\n';
    return;
  }
  std::string who = s.person.empty() ? s.speaker.text : s.person;
  out_ << fmt::format("{:<10} {:<9} {:<26} {:<8} {:<12} {}\n", s.date.empty() ? "?" : s.date,
                      s.speaker.code.empty() ? "-" : s.speaker.code, Clip(who, 26),
                      ToString(s.kind), Clip(s.cue.empty() ? "-" : doc.Text(s.cue), 12),
                      Clip(doc.Text(s.content), 100));
}

}  // namespace dyad
