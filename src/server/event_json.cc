#include "server/event_json.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "dyad/text.h"

namespace dyad {

void AppendJsonString(std::string_view s, std::string* out) {
  if (!IsValidUtf8(s)) {
    // Rare: let nlohmann decide what each bad sequence becomes.
    *out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out->push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;  // UTF-8 sequences pass through whole
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default: fmt::format_to(std::back_inserter(*out), "\\u{:04x}", c);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

void AppendJsonNumber(double d, std::string* out) {
  // nlohmann's own float formatting (Grisu2, ".0" for integral values).
  *out += nlohmann::json(d).dump();
}

namespace {

void Int(int64_t v, std::string* out) { *out += fmt::format_int(v).str(); }

void SpanJson(const Span& span, std::string* out) {
  *out += "[";
  Int(span.begin, out);
  *out += ",";
  Int(span.end, out);
  *out += "]";
}

// Empty string as null, as the tree-building code did.
void StringOrNull(const std::string& s, std::string* out) {
  if (s.empty()) *out += "null";
  else AppendJsonString(s, out);
}

void ActorJson(const EventActor& a, std::string* out) {
  if (a.code.empty()) {
    *out += "null";
    return;
  }
  *out += "{\"code\":";
  AppendJsonString(a.code, out);
  *out += ",\"country\":";
  AppendJsonString(a.country, out);
  *out += ",\"sector\":";
  AppendJsonString(a.sector, out);
  *out += ",\"span\":";
  SpanJson(a.span, out);
  *out += ",\"text\":";
  AppendJsonString(a.text, out);
  *out += "}";
}

}  // namespace

void AppendEventJson(const StoredEvent& se, const EventJsonFields& fields, std::string* out) {
  const Event& e = se.event;
  // Keys in byte order, as std::map keeps them in nlohmann::json.
  *out += "{\"cameo\":";
  AppendJsonString(e.cameo, out);
  *out += ",\"confidence\":";
  AppendJsonNumber(std::round(e.confidence * 100) / 100, out);
  *out += ",\"date\":";
  StringOrNull(e.date, out);
  if (fields.ids) {
    *out += ",\"doc_id\":";
    AppendJsonString(se.doc_id, out);
  }
  *out += ",\"goldstein\":";
  AppendJsonNumber(e.goldstein, out);
  if (fields.ids) {
    *out += ",\"id\":";
    Int(se.id, out);
  }
  *out += ",\"modality\":";
  AppendJsonString(ToString(e.modality), out);
  if (fields.group) {
    *out += ",\"num_mentions\":";
    Int(fields.group->num_mentions, out);
    *out += ",\"num_sources\":";
    Int(fields.group->num_sources, out);
  }
  *out += ",\"pattern\":";
  AppendJsonString(e.pattern_id, out);
  *out += ",\"plover\":";
  StringOrNull(e.plover, out);
  *out += ",\"plover_mode\":";
  AppendJsonString(e.plover_mode, out);
  *out += ",\"polarity\":";
  AppendJsonString(ToString(e.polarity), out);
  *out += ",\"quad_class\":";
  Int(e.quad_class, out);
  *out += ",\"sentence\":";
  Int(e.sentence, out);
  *out += ",\"sentence_text\":";
  AppendJsonString(se.sentence_text, out);
  if (fields.ids) {
    *out += ",\"site\":";
    AppendJsonString(se.site, out);
  }
  *out += ",\"source\":";
  ActorJson(e.source, out);
  *out += ",\"target\":";
  ActorJson(e.target, out);
  *out += ",\"trigger\":{\"span\":";
  SpanJson(e.trigger, out);
  *out += ",\"text\":";
  AppendJsonString(se.trigger_text, out);
  *out += "}";
  if (fields.ids) {
    *out += ",\"url\":";
    AppendJsonString(se.url, out);
  }
  *out += "}";
}

nlohmann::json SentencesJson(const Document& d) {
  nlohmann::json out = nlohmann::json::array();
  for (const Sentence& s : d.sentences) out.push_back({s.span.begin, s.span.end});
  return out;
}

nlohmann::json MentionsJson(const Document& d) {
  nlohmann::json out = nlohmann::json::array();
  for (const Mention& m : d.mentions)
    out.push_back({{"kind", std::string(ToString(m.kind))}, {"sentence", m.sentence},
                   {"span", {m.span.begin, m.span.end}}, {"text", std::string(d.Text(m.span))},
                   {"code", m.code}, {"country", m.country}, {"sector", m.sector}, {"entry", m.entry}});
  return out;
}

}  // namespace dyad
