#include "dyad/plover_eval.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <unordered_map>

namespace dyad {

std::string NormalisePloverType(const std::string& type) {
  // The gold records use an older PLOVER version.
  static const std::map<std::string, std::string> kRenamed = {
      {"DEMAND", "REQUEST"}, {"DISAPPROVE", "ACCUSE"}, {"FIGHT", "ASSAULT"}, {"INVESTIGATE", "ACCUSE"}};
  auto it = kRenamed.find(type);
  return it == kRenamed.end() ? type : it->second;
}

bool PloverTypeMatches(const std::string& predicted, const std::string& gold) {
  return predicted == gold || (gold == "YIELD" && (predicted == "CONCEDE" || predicted == "RETREAT"));
}

namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<PloverGoldRecord::Actor> Actors(simdjson::dom::element actors) {
  std::vector<PloverGoldRecord::Actor> out;
  simdjson::dom::array arr;
  if (actors.get_array().get(arr)) return out;
  for (simdjson::dom::element a : arr) {
    std::string_view code, sector, text;
    if (a["code"].get_string().get(code) || code.empty()) continue;
    PloverGoldRecord::Actor actor;
    actor.country = Upper(std::string(code.substr(0, 3)));
    if (!a["sector"].get_string().get(sector)) actor.sector = Upper(std::string(sector));
    if (!a["actorText"].get_string().get(text)) actor.text = std::string(text);
    out.push_back(std::move(actor));
  }
  return out;
}

std::vector<std::string> Countries(simdjson::dom::element actors) {
  std::vector<std::string> out;
  simdjson::dom::array arr;
  if (actors.get_array().get(arr)) return out;  // "" means none
  for (simdjson::dom::element a : arr) {
    std::string_view code;
    if (a["code"].get_string().get(code) || code.empty()) continue;
    std::string c = Upper(std::string(code.substr(0, 3)));
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

double Pct(int n, int d) { return d ? 100.0 * n / d : 0.0; }
// As Python's round(v, 1) in score_events.py: ties go to the even digit.
double Round1(double v) {
  double r = v * 10, f = std::floor(r);
  if (std::fabs(r - f - 0.5) < 1e-9) return (std::fmod(f, 2.0) == 0 ? f : f + 1) / 10;
  return std::round(r) / 10;
}

}  // namespace

Result<std::vector<PloverGoldRecord>> ReadPloverGold(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open " + path);
  std::vector<PloverGoldRecord> out;
  simdjson::dom::parser parser;
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    simdjson::dom::element r;
    if (parser.parse(simdjson::padded_string(line)).get(r) || !r.is_object())
      return Status::InvalidArgument(fmt::format("{}:{}: not a JSON object", path, no));
    std::string_view event, id;
    if (r["id"].get_string().get(id))
      return Status::InvalidArgument(fmt::format("{}:{}: record without id", path, no));
    PloverGoldRecord g;
    g.id = std::string(id);
    simdjson::dom::array labels;
    if (!r["labels"].get_array().get(labels)) {
      for (simdjson::dom::element l : labels) {
        std::string_view t;
        if (l.get_string().get(t)) continue;
        std::string type = NormalisePloverType(std::string(t));
        if (std::find(g.types.begin(), g.types.end(), type) == g.types.end()) g.types.push_back(type);
      }
      std::sort(g.types.begin(), g.types.end());
    } else if (!r["event"].get_string().get(event)) {
      if (event == "DOCUMENT") continue;
      g.types.push_back(NormalisePloverType(std::string(event)));
    } else {
      return Status::InvalidArgument(fmt::format("{}:{}: record without labels or event", path, no));
    }
    std::string_view sv;
    if (!r["date"].get_string().get(sv)) g.date = std::string(sv);
    if (!r["text"].get_string().get(sv)) g.text = std::string(sv);
    simdjson::dom::element a;
    if (!r["source"].get(a)) {
      g.source_countries = Countries(a);
      for (auto& x : Actors(a)) g.actors.push_back(std::move(x));
    }
    if (!r["target"].get(a)) {
      g.target_countries = Countries(a);
      for (auto& x : Actors(a)) g.actors.push_back(std::move(x));
    }
    out.push_back(std::move(g));
  }
  return out;
}

PloverScore ScorePlover(const std::vector<PloverGoldRecord>& gold,
                        const std::vector<PloverPrediction>& predictions) {
  PloverScore s;
  std::unordered_map<std::string, std::vector<const PloverPrediction*>> by_doc;
  std::set<std::string> ids;
  for (const auto& g : gold) ids.insert(g.id);
  for (const auto& p : predictions)
    if (ids.count(p.doc_id)) by_doc[p.doc_id].push_back(&p);
  s.records = static_cast<int>(gold.size());
  auto in = [](const std::vector<std::string>& v, const std::string& c) {
    return !c.empty() && std::find(v.begin(), v.end(), c) != v.end();
  };
  for (const auto& g : gold) {
    const auto& evs = by_doc[g.id];
    s.predicted += static_cast<int>(evs.size());
    s.covered += !evs.empty();
    for (const auto* e : evs) {
      auto& pt = s.per_type[e->type];
      pt.predicted++;
      bool ok = std::any_of(g.types.begin(), g.types.end(),
                            [&](const std::string& t) { return PloverTypeMatches(e->type, t); });
      s.predicted_ok += ok;
      pt.predicted_ok += ok;
    }
    for (const std::string& type : g.types) {
      s.gold_pairs++;
      s.per_type[type].gold++;
      std::vector<const PloverPrediction*> matched;
      std::set<std::string> types;
      for (const auto* e : evs) {
        types.insert(e->type);
        if (PloverTypeMatches(e->type, type)) matched.push_back(e);
      }
      if (matched.empty()) {
        std::string t;
        for (const auto& x : types) t += (t.empty() ? "" : ",") + x;
        s.misses.push_back({g.id, type, t, g.text});
        continue;
      }
      s.type_hits++;
      s.per_type[type].hit++;
      // Actor checks: credit the record if any type-matching event is right.
      if (!g.source_countries.empty()) {
        s.source_n++;
        s.source_ok += std::any_of(matched.begin(), matched.end(),
                                   [&](const auto* e) { return in(g.source_countries, e->source_country); });
      }
      if (!g.target_countries.empty()) {
        s.target_n++;
        s.target_ok += std::any_of(matched.begin(), matched.end(),
                                   [&](const auto* e) { return in(g.target_countries, e->target_country); });
      }
    }
  }
  double recall = Pct(s.type_hits, s.gold_pairs), prec = Pct(s.predicted_ok, s.predicted);
  s.type_recall = Round1(recall);
  s.type_precision = Round1(prec);
  s.type_f1 = Round1(recall + prec > 0 ? 2 * prec * recall / (prec + recall) : 0.0);
  s.coverage = Round1(Pct(s.covered, s.records));
  s.source_acc = Round1(Pct(s.source_ok, s.source_n));
  s.target_acc = Round1(Pct(s.target_ok, s.target_n));
  return s;
}

std::string FormatPloverScore(const PloverScore& s, size_t max_misses) {
  std::string out = fmt::format("gold records: {}  predicted events (known docs): {}\n", s.records, s.predicted);
  out += fmt::format("type recall    {:5.1f}%  ({}/{})\n", s.type_recall, s.type_hits, s.gold_pairs);
  out += fmt::format("type precision {:5.1f}%  ({}/{})\n", s.type_precision, s.predicted_ok, s.predicted);
  out += fmt::format("type F1        {:5.1f}%\n", s.type_f1);
  out += fmt::format("coverage       {:5.1f}%  ({}/{})\n", s.coverage, s.covered, s.records);
  out += fmt::format("source acc     {:5.1f}%  ({}/{})\n", s.source_acc, s.source_ok, s.source_n);
  out += fmt::format("target acc     {:5.1f}%  ({}/{})\n", s.target_acc, s.target_ok, s.target_n);
  out += fmt::format("\n{:12s} {:>5s} {:>5s} {:>7s} {:>5s} {:>5s} {:>7s} {:>7s}\n", "type", "gold", "hit", "recall",
                     "pred", "ok", "prec", "F1");
  std::vector<std::pair<std::string, PloverScore::PerType>> rows(s.per_type.begin(), s.per_type.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.gold > b.second.gold; });
  for (const auto& [t, r] : rows) {
    std::string rec = r.gold ? fmt::format("{:6.1f}%", Pct(r.hit, r.gold)) : "      -";
    std::string prec = r.predicted ? fmt::format("{:6.1f}%", Pct(r.predicted_ok, r.predicted)) : "      -";
    double rr = Pct(r.hit, r.gold), pp = Pct(r.predicted_ok, r.predicted);
    std::string f1 = r.gold && r.predicted ? fmt::format("{:6.1f}%", rr + pp > 0 ? 2 * rr * pp / (rr + pp) : 0.0)
                                           : "      -";
    out += fmt::format("{:12s} {:5d} {:5d} {} {:5d} {:5d} {} {}\n", t.empty() ? "(none)" : t, r.gold, r.hit, rec,
                       r.predicted, r.predicted_ok, prec, f1);
  }
  if (!s.misses.empty() && max_misses) {
    out += fmt::format("\nexample misses ({} of {}):\n", std::min(max_misses, s.misses.size()), s.misses.size());
    for (size_t i = 0; i < s.misses.size() && i < max_misses; ++i) {
      const auto& m = s.misses[i];
      out += fmt::format("  {}  gold={}  pred={}\n    {}\n", m.id, m.gold_type,
                         m.predicted_types.empty() ? "-" : m.predicted_types, m.text.substr(0, 120));
    }
  }
  out += fmt::format("type_recall={:.1f} type_precision={:.1f} type_f1={:.1f} coverage={:.1f} source_acc={:.1f} "
                     "target_acc={:.1f} records={} predicted={} unknown_ids=0\n",
                     s.type_recall, s.type_precision, s.type_f1, s.coverage, s.source_acc, s.target_acc,
                     s.records, s.predicted);
  return out;
}

std::string FormatActorRecall(const ActorRecall& r, size_t max_misses) {
  std::string out = fmt::format("gold actors found by country   {:5.1f}%  ({}/{})\n", Pct(r.found, r.actors), r.found, r.actors);
  out += fmt::format("records with every actor found {:5.1f}%  ({}/{})\n", Pct(r.records_all, r.records), r.records_all, r.records);
  out += fmt::format("country and sector both right  {:5.1f}%  ({}/{} gold actors with a sector)\n",
                     Pct(r.sector_found, r.with_sector), r.sector_found, r.with_sector);
  out += fmt::format("\n{:8s} {:>5s} {:>6s} {:>7s}\n", "sector", "gold", "found", "acc");
  for (const auto& [sector, gf] : r.by_sector)
    out += fmt::format("{:8s} {:5d} {:6d} {:6.1f}%\n", sector, gf.first, gf.second, Pct(gf.second, gf.first));
  if (!r.misses.empty() && max_misses) {
    out += fmt::format("\nexample misses ({} of {}):\n", std::min(max_misses, r.misses.size()), r.misses.size());
    for (size_t i = 0; i < r.misses.size() && i < max_misses; ++i) out += "  " + r.misses[i] + "\n";
  }
  out += fmt::format("actor_recall={:.1f} records_all_found={:.1f} sector_acc={:.1f} actors={} records={}\n",
                     Round1(Pct(r.found, r.actors)), Round1(Pct(r.records_all, r.records)),
                     Round1(Pct(r.sector_found, r.with_sector)), r.actors, r.records);
  return out;
}

}  // namespace dyad
