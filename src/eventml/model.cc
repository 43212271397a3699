// The event model file: magic "DYADEVT\x01", format version, metadata (the
// settings, training material and command), then the payload: both weight
// tables, the semantic lexicon, a copy of the word clusters and the CAMEO
// defaults.
#include <fmt/format.h>

#include <charconv>

#include "eventml/model.h"

namespace dyad::eventml {

uint64_t EventModel::LemmaKey(int type, std::string_view lemma) {
  return ml::Mix(ml::HashStr(lemma) * 31 + static_cast<uint64_t>(type));
}

std::string EventModel::Payload() const {
  std::string out;
  types.Serialize(out);
  roles.Serialize(out);
  lexicon.Serialize(out);
  clusters.Serialize(out);
  ml::Writer w(out);
  std::vector<std::pair<uint64_t, std::string>> rows(cameo_by_lemma.begin(), cameo_by_lemma.end());
  std::sort(rows.begin(), rows.end());
  w.Pod<uint64_t>(rows.size());
  for (const auto& [k, v] : rows) {
    w.Pod(k);
    w.Str(v);
  }
  for (const std::string& c : cameo_by_type) w.Str(c);
  return out;
}

bool EventModel::ParsePayload(std::string_view in) {
  if (!types.Deserialize(in) || types.classes() != kNumTypes) return false;
  if (!roles.Deserialize(in) || roles.classes() != 2) return false;
  if (!lexicon.Deserialize(in) || !clusters.Deserialize(in)) return false;
  ml::Reader r(in);
  uint64_t n = 0;
  if (!r.Pod(n) || n > in.size()) return false;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t k = 0;
    std::string v;
    if (!r.Pod(k) || !r.Str(v)) return false;
    cameo_by_lemma[k] = std::move(v);
  }
  for (std::string& c : cameo_by_type)
    if (!r.Str(c)) return false;
  return in.empty();
}

Status EventModel::Save(const std::string& path) const {
  ml::Metadata m = meta;
  m.emplace_back("threshold", fmt::format("{}", settings.threshold));
  m.emplace_back("nouns_need_occurrence", settings.nouns_need_occurrence ? "1" : "0");
  m.emplace_back("relevance", settings.relevance ? "1" : "0");
  m.emplace_back("type_features", std::to_string(types.features()));
  m.emplace_back("role_features", std::to_string(roles.features()));
  m.emplace_back("lexicon_entries", std::to_string(lexicon.size()));
  return ml::WriteModelFile(path, kMagic, kVersion, m, Payload());
}

Result<std::shared_ptr<const EventModel>> EventModel::Load(const std::string& path) {
  auto model = std::make_shared<EventModel>();
  std::string payload;
  Status s = ml::ReadModelFile(path, kMagic, kVersion, model->meta, payload);
  if (!s.ok()) return s;
  if (!model->ParsePayload(payload)) return Status::InvalidArgument(path + ": corrupt event model payload");
  std::string th = ml::MetaGet(model->meta, "threshold");
  if (!th.empty()) model->settings.threshold = std::strtof(th.c_str(), nullptr);
  model->settings.nouns_need_occurrence = ml::MetaGet(model->meta, "nouns_need_occurrence") == "1";
  model->settings.relevance = ml::MetaGet(model->meta, "relevance") != "0";
  return std::shared_ptr<const EventModel>(std::move(model));
}

}  // namespace dyad::eventml
