// Statements detached from their documents, and their JSONL form
// (docs/formats.md): what `dyad statements` prints, the store keeps and the
// comparison reads.
#include <nlohmann/json.hpp>

#include "dyad/statements.h"
#include "statements/extractor.h"

namespace dyad {

using nlohmann::json;

namespace {

json SpanJson(Span s) { return json::array({s.begin, s.end}); }
json OrNull(const std::string& v) { return v.empty() ? json(nullptr) : json(v); }

Polarity PolarityFrom(const std::string& s) { return s == "negated" ? Polarity::kNegated : Polarity::kAsserted; }
Modality ModalityFrom(const std::string& s) {
  if (s == "future") return Modality::kFuture;
  if (s == "hypothetical") return Modality::kHypothetical;
  if (s == "question") return Modality::kQuestion;
  if (s == "reported") return Modality::kReported;
  return Modality::kActual;
}

}  // namespace

std::vector<StatementRecord> StatementRecords(const Document& doc) {
  std::vector<StatementRecord> out;
  out.reserve(doc.statements.size());
  for (const Statement& s : doc.statements) {
    StatementRecord r;
    r.doc_id = doc.id;
    r.sentence = s.sentence;
    r.speaker_text = s.speaker.text;
    r.speaker_span = s.speaker.span;
    r.speaker_code = s.speaker.code;
    r.speaker_country = s.speaker.country;
    r.speaker_sector = s.speaker.sector;
    r.person = s.person;
    r.cue_text = std::string(doc.Text(s.cue));
    r.cue_span = s.cue;
    r.cue_lemma = s.cue_lemma;
    // The extractor leaves cue_lemma empty on some paths (not yet found why):
    // the cue's form gives it ("emphasized" -> emphasize).
    if (r.cue_lemma.empty() && !r.cue_text.empty()) {
      std::string form;
      for (char c : r.cue_text) form += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (const auto* cue = statements_internal::FindCueForm(form)) r.cue_lemma = std::string(cue->lemma);
    }
    r.kind = s.kind;
    r.content = std::string(doc.Text(s.content));
    r.content_span = s.content;
    r.date = s.date;
    r.date_rule = s.date_rule;
    r.polarity = s.polarity;
    r.modality = s.modality;
    for (uint32_t k : s.events) {
      if (k >= doc.events.size()) continue;
      const Event& e = doc.events[k];
      r.events.push_back({e.cameo, e.plover, e.source.code, e.target.code, std::string(doc.Text(e.trigger)),
                          e.trigger, e.polarity, e.modality});
    }
    r.terms = s.terms;
    out.push_back(std::move(r));
  }
  return out;
}

std::string StatementRecordJson(const StatementRecord& r) {
  json events = json::array();
  for (const StatementEvent& e : r.events)
    events.push_back({{"cameo", e.cameo},
                      {"plover", OrNull(e.plover)},
                      {"source", e.source},
                      {"target", OrNull(e.target)},
                      {"trigger", {{"text", e.trigger}, {"span", SpanJson(e.trigger_span)}}},
                      {"polarity", std::string(ToString(e.polarity))},
                      {"modality", std::string(ToString(e.modality))}});
  json j{
      {"doc_id", r.doc_id},
      {"sentence", r.sentence},
      {"speaker",
       {{"text", r.speaker_text},
        {"span", SpanJson(r.speaker_span)},
        {"code", OrNull(r.speaker_code)},
        {"country", OrNull(r.speaker_country)},
        {"sector", OrNull(r.speaker_sector)},
        {"person", OrNull(r.person)}}},
      {"cue", r.cue_text.empty() ? json(nullptr)
                                 : json{{"text", r.cue_text}, {"span", SpanJson(r.cue_span)}, {"lemma", r.cue_lemma}}},
      {"kind", std::string(ToString(r.kind))},
      {"content", {{"text", r.content}, {"span", SpanJson(r.content_span)}}},
      {"date", OrNull(r.date)},
      {"date_rule", r.date_rule},
      {"polarity", std::string(ToString(r.polarity))},
      {"modality", std::string(ToString(r.modality))},
      {"events", events},
      {"terms", r.terms},
  };
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<StatementRecord> ParseStatementRecordJson(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("statement: not a JSON object");
  auto str = [](const json& o, const char* k) -> std::string {
    auto it = o.find(k);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto span = [](const json& o, const char* k) -> Span {
    auto it = o.find(k);
    if (it == o.end() || !it->is_array() || it->size() != 2 || !(*it)[0].is_number_unsigned() ||
        !(*it)[1].is_number_unsigned())
      return {};
    return {(*it)[0].get<uint32_t>(), (*it)[1].get<uint32_t>()};
  };
  auto obj = [](const json& o, const char* k) -> const json* {
    auto it = o.find(k);
    return it != o.end() && it->is_object() ? &*it : nullptr;
  };
  StatementRecord r;
  r.doc_id = str(j, "doc_id");
  if (r.doc_id.empty()) return Status::InvalidArgument("statement: no doc_id");
  if (auto it = j.find("sentence"); it != j.end() && it->is_number_unsigned()) r.sentence = it->get<uint32_t>();
  const json* sp = obj(j, "speaker");
  const json* content = obj(j, "content");
  if (!sp || !content) return Status::InvalidArgument("statement: no speaker or content");
  r.speaker_text = str(*sp, "text");
  r.speaker_span = span(*sp, "span");
  r.speaker_code = str(*sp, "code");
  r.speaker_country = str(*sp, "country");
  r.speaker_sector = str(*sp, "sector");
  r.person = str(*sp, "person");
  if (const json* cue = obj(j, "cue")) {
    r.cue_text = str(*cue, "text");
    r.cue_span = span(*cue, "span");
    r.cue_lemma = str(*cue, "lemma");
  }
  std::string kind = str(j, "kind");
  static const StatementKind kinds[] = {StatementKind::kDirect, StatementKind::kIndirect, StatementKind::kReported,
                                        StatementKind::kDenial, StatementKind::kClaim};
  bool known = false;
  for (StatementKind k : kinds)
    if (ToString(k) == kind) {
      r.kind = k;
      known = true;
    }
  if (!known) return Status::InvalidArgument("statement: unknown kind '" + kind + "'");
  r.content = str(*content, "text");
  r.content_span = span(*content, "span");
  r.date = str(j, "date");
  r.date_rule = str(j, "date_rule");
  r.polarity = PolarityFrom(str(j, "polarity"));
  r.modality = ModalityFrom(str(j, "modality"));
  if (auto it = j.find("events"); it != j.end() && it->is_array())
    for (const json& e : *it) {
      if (!e.is_object()) continue;
      StatementEvent se;
      se.cameo = str(e, "cameo");
      se.plover = str(e, "plover");
      se.source = str(e, "source");
      se.target = str(e, "target");
      if (const json* tr = obj(e, "trigger")) {
        se.trigger = str(*tr, "text");
        se.trigger_span = span(*tr, "span");
      }
      se.polarity = PolarityFrom(str(e, "polarity"));
      se.modality = ModalityFrom(str(e, "modality"));
      r.events.push_back(std::move(se));
    }
  if (auto it = j.find("terms"); it != j.end() && it->is_array())
    for (const json& t : *it)
      if (t.is_string()) r.terms.push_back(t.get<std::string>());
  return r;
}

}  // namespace dyad
