// Rules where they fire, the model elsewhere; relevance gates (combine.h).
#include "eventml/combine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "events/coder_util.h"

namespace dyad::eventml {

namespace {

// A state organ, party or armed group of a known country, or an IGO: "---GOV"
// (some government) and "---MIL" are as common in ads and reviews ("the
// government offers grants") as in news.
bool PoliticalOrgan(const Mention& m) {
  if (m.code.rfind("IGO", 0) == 0 || m.code.rfind("IMG", 0) == 0) return true;
  if (m.code.size() < 3 || m.code.rfind("---", 0) == 0) return false;
  static const std::set<std::string_view> kSectors = {"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB",
                                                      "INS", "OPP", "SPY", "UAF", "IMG", "IGO"};
  std::string_view sector = m.sector;
  if (sector.empty() && m.code.size() >= 6) sector = std::string_view(m.code).substr(3, 3);
  return kSectors.count(sector) > 0;
}

bool OneSided(std::string_view plover) {
  return plover.empty() || plover == "PROTEST" || plover == "ASSAULT" || plover == "MOBILIZE" || plover == "RETREAT";
}

// sides=3: the one actor of an event without a target.
bool LoneActorFits(const EventActor& a, std::string_view plover) {
  Mention m;
  m.code = a.code;
  m.sector = a.sector;
  if (PoliticalOrgan(m)) return true;
  std::string_view sector = a.sector;
  if (sector.empty() && a.code.size() >= 6) sector = std::string_view(a.code).substr(3, 3);
  return plover == "PROTEST" && (sector == "CVL" || sector == "LAB" || sector == "OPP" || sector == "EDU");
}

bool Overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }

}  // namespace

Result<CoderSetup> CoderSetup::Parse(std::string_view spec) {
  CoderSetup s;
  size_t pos = 0;
  while (pos < spec.size()) {
    size_t comma = spec.find(',', pos);
    if (comma == std::string_view::npos) comma = spec.size();
    std::string_view kv = spec.substr(pos, comma - pos);
    pos = comma + 1;
    if (kv.empty()) continue;
    size_t eq = kv.find('=');
    std::string_view k = kv.substr(0, eq), v = eq == std::string_view::npos ? "" : kv.substr(eq + 1);
    if (k == "mode" && v == "rules") s.mode = Mode::kRules;
    else if (k == "mode" && v == "learned") s.mode = Mode::kLearned;
    else if (k == "mode" && v == "combined") s.mode = Mode::kCombined;
    else if (k == "overlap" && v == "trigger") s.overlap = Overlap::kTrigger;
    else if (k == "overlap" && v == "sentence") s.overlap = Overlap::kSentence;
    else if (k == "overlap" && v == "pattern") s.overlap = Overlap::kPattern;
    else if (k == "nouns" && (v == "occur" || v == "any")) s.nouns_need_occurrence = v == "occur";
    else if (k == "margin" && !v.empty() && std::isdigit(static_cast<unsigned char>(v[0]))) s.margin = std::stof(std::string(v));
    else if (k == "gate" && (v == "0" || v == "1" || v == "2")) s.gate = v[0] - '0';
    else if (k == "sides" && v.size() == 1 && v[0] >= '1' && v[0] <= '4') s.sides = v[0] - '0';
    else return Status::InvalidArgument("event coder setting '" + std::string(kv) +
                                        "': expected mode=rules|learned|combined, overlap=trigger|pattern|sentence, "
                                        "gate=0|1|2, sides=1|2|3|4, margin=N, nouns=occur|any");
  }
  return s;
}

std::string CoderSetup::ToString() const {
  std::string m = mode == Mode::kRules ? "rules" : mode == Mode::kLearned ? "learned" : "combined";
  std::string out = "mode=" + m;
  if (mode == Mode::kCombined)
    out += overlap == Overlap::kSentence  ? ",overlap=sentence"
           : overlap == Overlap::kPattern ? ",overlap=pattern"
                                          : ",overlap=trigger";
  if (mode != Mode::kRules && margin != 0) out += fmt::format(",margin={:g}", margin);
  if (mode != Mode::kRules && nouns_need_occurrence) out += ",nouns=occur";
  return out + ",gate=" + std::to_string(gate) + ",sides=" + std::to_string(sides);
}

bool DocumentIsPolitical(const Document& doc, int gate) {
  if (gate <= 0) return true;
  std::string first_country;
  for (const Mention& m : doc.mentions) {
    if (m.kind != MentionKind::kActor || coder::IsLanguageUse(doc, m)) continue;
    if (PoliticalOrgan(m)) return true;
    if (gate >= 2 && !m.country.empty()) {
      if (first_country.empty()) first_country = m.country;
      else if (m.country != first_country) return true;
    }
  }
  return false;
}

void CodeWithSetup(const CoderSetup& setup, const EventModel* model, const PatternDictionary& patterns,
                   const CameoTable& cameo, Document& doc, const CoderOptions& rule_options,
                   const CodeOptions& ml_options) {
  const size_t before = doc.events.size();
  CoderOptions rules = rule_options;
  rules.statements_only = setup.mode == CoderSetup::Mode::kLearned;
  CodeEvents(patterns, cameo, doc, rules);
  const size_t rule_end = doc.events.size();
  if (setup.mode != CoderSetup::Mode::kRules && model) {
    CodeOptions ml = ml_options;
    ml.min_margin = std::max(ml.min_margin, setup.margin);
    ml.nouns_need_occurrence = ml.nouns_need_occurrence || setup.nouns_need_occurrence;
    std::vector<std::string> told;
    for (size_t i = before; i < rule_end; ++i)
      if (!doc.events[i].plover.empty()) told.push_back(doc.events[i].plover);
    if (setup.mode == CoderSetup::Mode::kCombined && !ml.told_types) ml.told_types = &told;
    CodeSentencesML(*model, patterns, cameo, doc, ml);
    if (setup.mode == CoderSetup::Mode::kCombined) {
      // The rules' events stand; the model adds what they did not code.
      auto covered = [&](const Event& e) {
        if (setup.overlap == CoderSetup::Overlap::kPattern && e.pattern_id != "model") return true;
        for (size_t i = before; i < rule_end; ++i) {
          const Event& r = doc.events[i];
          if (r.sentence != e.sentence) continue;
          if (Overlaps(r.trigger, e.trigger)) return true;
          if (!r.plover.empty() && r.plover == e.plover) return true;
          if (setup.overlap == CoderSetup::Overlap::kSentence && !r.plover.empty()) return true;
        }
        return false;
      };
      auto keep_end = std::stable_partition(doc.events.begin() + static_cast<long>(rule_end), doc.events.end(),
                                            [&](const Event& e) { return !covered(e); });
      doc.events.erase(keep_end, doc.events.end());
    }
  }
  // sides=3: in a document that names a state organ of a known country (or
  // an IGO), "France withdrew its ambassador" and "officials said" stand; in
  // one that does not, only such an organ may act alone.
  const bool organ_named = setup.sides == 3 && DocumentIsPolitical(doc, 1);
  auto drop = [&](const Event& e) {
    if (e.has_target() || setup.sides == 1) return false;
    if (setup.sides == 2) return !OneSided(e.plover);
    return (setup.sides == 4 || !organ_named) && !LoneActorFits(e.source, e.plover);
  };
  if (!DocumentIsPolitical(doc, setup.gate)) {
    doc.events.resize(before);
  } else {
    doc.events.erase(std::remove_if(doc.events.begin() + static_cast<long>(before), doc.events.end(), drop),
                     doc.events.end());
  }
  // Both coders go sentence by sentence; keep the events in text order.
  std::stable_sort(doc.events.begin() + static_cast<long>(before), doc.events.end(),
                   [](const Event& a, const Event& b) {
                     return a.sentence != b.sentence ? a.sentence < b.sentence : a.trigger.begin < b.trigger.begin;
                   });
}

}  // namespace dyad::eventml
