#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "dyad/output.h"

namespace dyad {

using nlohmann::json;

bool ParseEventFormat(std::string_view name, EventFormat& out) {
  if (name == "jsonl") out = EventFormat::kJsonl;
  else if (name == "table") out = EventFormat::kTable;
  else if (name == "gdelt") out = EventFormat::kGdelt;
  else if (name == "plover") out = EventFormat::kPlover;
  else return false;
  return true;
}

std::string_view SentenceText(const Document& doc, uint32_t sentence) {
  if (sentence >= doc.sentences.size()) return {};
  return doc.Text(doc.sentences[sentence].span);
}

namespace {

json ActorJson(const EventActor& a) {
  if (a.code.empty()) return nullptr;
  return json{{"code", a.code}, {"country", a.country}, {"sector", a.sector}, {"text", a.text},
              {"span", {a.span.begin, a.span.end}}, {"entry", a.entry}};
}

json EventJson(const Document& doc, const DedupedEvent& de) {
  const Event& e = de.event;
  json mentions = json::array();
  for (const EventMention& m : de.mentions)
    mentions.push_back({{"doc_id", m.doc_id}, {"sentence", m.sentence},
                        {"trigger", {m.trigger.begin, m.trigger.end}}, {"pattern", m.pattern_id}});
  return json{
      {"doc_id", doc.id},
      {"sentence", e.sentence},
      {"sentence_text", std::string(SentenceText(doc, e.sentence))},
      {"date", e.date.empty() ? json(nullptr) : json(e.date)},
      {"date_rule", e.date_rule},
      {"source", ActorJson(e.source)},
      {"target", ActorJson(e.target)},
      {"cameo", e.cameo},
      {"plover", e.plover.empty() ? json(nullptr) : json(e.plover)},
      {"plover_mode", e.plover_mode},
      {"quad_class", e.quad_class},
      {"goldstein", e.goldstein},
      {"polarity", std::string(ToString(e.polarity))},
      {"modality", std::string(ToString(e.modality))},
      {"modality_cue", e.modality_cue},
      {"trigger", {{"text", std::string(doc.Text(e.trigger))}, {"span", {e.trigger.begin, e.trigger.end}}}},
      {"pattern", {{"id", e.pattern_id}, {"text", e.pattern_text}}},
      {"confidence", std::round(e.confidence * 100) / 100},
      {"num_mentions", de.mentions.size()},
      {"num_sources", de.num_sources},
      {"mentions", mentions},
  };
}

std::string Clip(std::string_view s, size_t n) {
  if (s.size() <= n) return std::string(s);
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

// GDELT 2.0 event rows carry dates as YYYYMMDD integers.
std::string GdeltDay(const std::string& iso) {
  if (iso.size() < 7) return "";
  std::string d = iso.substr(0, 4) + iso.substr(5, 2) + (iso.size() >= 10 ? iso.substr(8, 2) : "00");
  return d;
}

}  // namespace

void EventWriter::Begin() {
  if (format_ == EventFormat::kTable) {
    out_ << fmt::format("{:<10} {:<10} {:<10} {:<5} {:<10} {:>6} {:<4} {}\n", "date", "source", "target",
                        "cameo", "plover", "gold", "n", "trigger / sentence");
  } else if (format_ == EventFormat::kPlover) {
    out_ << "[";
  }
}

void EventWriter::Write(const Document& doc, const DedupedEvent& de) {
  const Event& e = de.event;
  switch (format_) {
    case EventFormat::kJsonl:
      out_ << EventJson(doc, de).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
      break;
    case EventFormat::kTable: {
      std::string flags;
      if (e.polarity == Polarity::kNegated) flags += " [negated]";
      if (e.modality != Modality::kActual) flags += fmt::format(" [{}]", ToString(e.modality));
      out_ << fmt::format("{:<10} {:<10} {:<10} {:<5} {:<10} {:>6.1f} {:<4} {}{}\n",
                          e.date.empty() ? "?" : e.date, e.source.code,
                          e.target.code.empty() ? "-" : e.target.code, e.cameo,
                          e.plover.empty() ? "-" : e.plover, e.goldstein, de.mentions.size(),
                          Clip(doc.Text(e.trigger), 30), flags);
      break;
    }
    case EventFormat::kGdelt: {
      // GDELT 2.0 event table column order (61 tab-separated fields); fields
      // dyad does not produce (geography, tone) stay empty.
      std::vector<std::string> f(61);
      f[0] = std::to_string(next_global_id_++);
      f[1] = GdeltDay(e.date);
      f[2] = f[1].size() >= 6 ? f[1].substr(0, 6) : "";
      f[3] = f[1].size() >= 4 ? f[1].substr(0, 4) : "";
      f[5] = e.source.code;
      f[6] = e.source.text;
      f[7] = e.source.country;
      f[12] = e.source.sector;
      f[15] = e.target.code;
      f[16] = e.target.text;
      f[17] = e.target.country;
      f[22] = e.target.sector;
      f[25] = "1";  // IsRootEvent: dyad does not rank events within articles yet
      f[26] = e.cameo;
      f[27] = e.cameo.size() >= 3 ? e.cameo.substr(0, 3) : e.cameo;
      f[28] = e.cameo.substr(0, 2);
      f[29] = std::to_string(e.quad_class);
      f[30] = fmt::format("{:.1f}", e.goldstein);
      f[31] = std::to_string(de.mentions.size());
      f[32] = std::to_string(de.num_sources);
      f[33] = std::to_string(de.mentions.size());
      f[60] = doc.url.empty() ? doc.origin : doc.url;
      for (size_t i = 0; i < f.size(); ++i) {
        for (char& c : f[i])
          if (c == '\t' || c == '\n') c = ' ';
        out_ << (i ? "\t" : "") << f[i];
      }
      out_ << '\n';
      break;
    }
    case EventFormat::kPlover: {
      json source = json::array(), target = json::array();
      if (!e.source.code.empty())
        source.push_back({{"actorText", e.source.text}, {"code", e.source.country.empty() ? e.source.code : e.source.country}, {"sector", e.source.sector}});
      if (!e.target.code.empty())
        target.push_back({{"actorText", e.target.text}, {"code", e.target.country.empty() ? e.target.code : e.target.country}, {"sector", e.target.sector}});
      json j = {{"id", fmt::format("{}-{}", doc.id, written_ + 1)},
                {"date", e.date},
                {"event", e.plover.empty() ? json(nullptr) : json(e.plover)},
                {"mode", e.plover_mode},
                {"source", source},
                {"target", target},
                {"eventText", std::string(doc.Text(e.trigger))},
                {"text", std::string(SentenceText(doc, e.sentence))},
                {"cameo", e.cameo},
                {"language", doc.language.empty() ? "en" : doc.language}};
      out_ << (written_ ? ",\n" : "\n") << j.dump(-1, ' ', false, json::error_handler_t::replace);
      break;
    }
  }
  ++written_;
}

void EventWriter::End() {
  if (format_ == EventFormat::kPlover) out_ << (written_ ? "\n]\n" : "]\n");
  out_.flush();
}

}  // namespace dyad
