// Building the gazetteer file from GeoNames dumps (`dyad train gazetteer`,
// scripts/build_gazetteer.sh) and the project's own lists: country names,
// adjectives and demonyms from data/actors/countries.txt; continents, regions,
// state abbreviations and country points from data/geo/extra.txt.
//
// GeoNames' city files give no coordinates for countries and divisions, so a
// division's point is computed from the places it contains: the mean of the
// unit vectors of the grid cells its places occupy (each cell counted once),
// which approximates the centre of its inhabited area rather than of its
// population, and is safe across the antimeridian. Large countries whose
// inhabited centre is far from their geographic centre get a hand-written
// point in extra.txt.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "dyad/places.h"
#include "dyad/text.h"
#include "places/gazetteer_format.h"

namespace dyad {

namespace {

using namespace gaz;

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> f;
  size_t start = 0;
  while (true) {
    size_t t = line.find('\t', start);
    if (t == std::string_view::npos) {
      f.push_back(line.substr(start));
      break;
    }
    f.push_back(line.substr(start, t - start));
    start = t + 1;
  }
  return f;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> SplitBar(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t b = s.find('|', start);
    if (b == std::string_view::npos) b = s.size();
    std::string_view part = Trim(s.substr(start, b - start));
    if (!part.empty()) out.emplace_back(part);
    start = b + 1;
  }
  return out;
}

Status ReadLines(const std::string& path, const std::function<Status(std::string_view, size_t)>& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("{}: cannot open", path));
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Status s = fn(line, n); !s.ok()) return s;
  }
  return Status::Ok();
}

constexpr uint32_t kNativeScriptPopulation = 1000000;

bool IsLatin(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = DecodeUtf8(s, i);
    if (cp >= 0x250 && !(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x1E00 && cp <= 0x1EFF)) return false;
  }
  return true;
}

bool HasDigit(std::string_view s) {
  for (char c : s)
    if (c >= '0' && c <= '9') return true;
  return false;
}

// A short all-capital alternate name is usually a code (IATA "BER", "NYC").
bool LooksLikeCode(std::string_view s) {
  if (s.size() > 4) return false;
  for (char c : s)
    if (!(c >= 'A' && c <= 'Z')) return false;
  return true;
}

// The places of a division, as the grid cells they occupy (each cell once,
// so a dense city does not pull the point). The point is the median cell
// latitude and longitude: close to the geographic centre of compact shapes,
// and not dragged out to sea by far-off islands (the Azores and Madeira put
// a mean or a mid-range of Portugal into the Atlantic).
struct Unit {
  std::set<std::pair<int, int>> cells;
  double cell_deg = 1.0;
  uint64_t population = 0;
  void Add(double lat, double lon, double deg, uint32_t pop) {
    population += pop;
    cell_deg = deg;
    cells.insert({static_cast<int>(std::floor(lat / deg)), static_cast<int>(std::floor(lon / deg))});
  }
  bool Point(double& lat, double& lon) const {
    if (cells.empty()) return false;
    std::vector<double> la, lo;
    for (const auto& [a, b] : cells) {
      la.push_back((a + 0.5) * cell_deg);
      lo.push_back((b + 0.5) * cell_deg);
    }
    std::sort(la.begin(), la.end());
    std::sort(lo.begin(), lo.end());
    // Across the antimeridian (Fiji, Chukotka): measure longitudes from 0..360.
    if (lo.back() - lo.front() > 180) {
      for (double& x : lo)
        if (x < 0) x += 360;
      std::sort(lo.begin(), lo.end());
    }
    auto mid = [](const std::vector<double>& v) {
      size_t n = v.size();
      return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    };
    lat = mid(la);
    lon = mid(lo);
    if (lon > 180) lon -= 360;
    return true;
  }
};

struct BEntry {
  uint32_t geonameid = 0;
  std::string name;
  float lat = 0, lon = 0;
  uint32_t population = 0;
  uint16_t country = kNone16, admin1 = kNone16, admin2 = kNone16;
  std::string feature;
  GeoLevel level = GeoLevel::kCity;
  std::vector<std::pair<std::string, GeoNameKind>> names;  // surface forms
};

struct BCountry {
  std::string iso2, iso3, fips, name;
  uint32_t geonameid = 0;
  uint32_t population = 0;
  Unit unit;
  bool has_point = false;
  double lat = 0, lon = 0;
};

struct BAdmin {
  std::string code, name, ascii;
  uint32_t geonameid = 0;
  Unit unit;
  bool has_point = false;
  double lat = 0, lon = 0;
  std::vector<std::pair<std::string, GeoNameKind>> extra_names;
};

void PutVarint(std::string& out, uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

template <typename T>
void Put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

}  // namespace

Status BuildGazetteer(const GazetteerSources& src, const std::string& out_path, std::string* report) {
  const std::string dir = src.geonames_dir;
  // Countries ------------------------------------------------------------
  std::vector<BCountry> countries;
  std::unordered_map<std::string, uint16_t> country_by_iso2, country_by_iso3;
  DYAD_RETURN_IF_ERROR(ReadLines(dir + "/countryInfo.tsv", [&](std::string_view line, size_t) {
    if (line.empty() || line[0] == '#') return Status::Ok();
    auto f = SplitTabs(line);
    if (f.size() < 17 || f[0].size() != 2 || f[1].size() != 3) return Status::Ok();
    BCountry c;
    c.iso2 = f[0];
    c.iso3 = f[1];
    c.fips = f[3].size() == 2 ? std::string(f[3]) : "";
    c.name = f[4];
    c.population = static_cast<uint32_t>(std::min<uint64_t>(std::strtoull(std::string(f[7]).c_str(), nullptr, 10), UINT32_MAX));
    c.geonameid = static_cast<uint32_t>(std::strtoul(std::string(f[16]).c_str(), nullptr, 10));
    country_by_iso2[c.iso2] = static_cast<uint16_t>(countries.size());
    country_by_iso3[c.iso3] = static_cast<uint16_t>(countries.size());
    countries.push_back(std::move(c));
    return Status::Ok();
  }));
  if (countries.empty()) return Status::DataLoss(dir + "/countryInfo.tsv: no countries read");

  // Admin1 and admin2 codes ------------------------------------------------
  std::vector<BAdmin> admin1, admin2;
  std::unordered_map<std::string, uint32_t> admin1_by_code, admin2_by_code;
  auto read_admin = [&](const std::string& path, std::vector<BAdmin>& out,
                        std::unordered_map<std::string, uint32_t>& by_code) {
    return ReadLines(path, [&](std::string_view line, size_t) {
      if (line.empty() || line[0] == '#') return Status::Ok();
      auto f = SplitTabs(line);
      if (f.size() < 4) return Status::Ok();
      BAdmin a;
      a.code = f[0];
      a.name = f[1];
      a.ascii = f[2];
      a.geonameid = static_cast<uint32_t>(std::strtoul(std::string(f[3]).c_str(), nullptr, 10));
      by_code[a.code] = static_cast<uint32_t>(out.size());
      out.push_back(std::move(a));
      return Status::Ok();
    });
  };
  DYAD_RETURN_IF_ERROR(read_admin(dir + "/regionInfo.tsv", admin1, admin1_by_code));
  DYAD_RETURN_IF_ERROR(read_admin(dir + "/admin2Codes.txt", admin2, admin2_by_code));

  // The project's extra list --------------------------------------------------
  struct Region {
    uint32_t geonameid;
    std::string country;
    double lat, lon;
    std::string feature;
    GeoLevel level;
    std::vector<std::string> names;
  };
  std::vector<Region> regions;
  std::set<std::string> keep_small;
  std::map<std::string, std::vector<std::pair<std::string, GeoNameKind>>> aliases;  // ISO3 / admin1 code
  std::map<std::string, std::pair<double, double>> points;
  if (!src.extra_txt.empty()) {
    DYAD_RETURN_IF_ERROR(ReadLines(src.extra_txt, [&](std::string_view line, size_t n) -> Status {
      line = Trim(line);
      if (line.empty() || line[0] == '#') return Status::Ok();
      auto where = [&](std::string_view what) {
        return Status::InvalidArgument(fmt::format("{}:{}: {}", src.extra_txt, n, what));
      };
      if (n == 1) {
        if (line != "@dyad-geo-extra 1") return where("expected the header '@dyad-geo-extra 1'");
        return Status::Ok();
      }
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) return where("expected 'kind fields: names'");
      std::istringstream head{std::string(line.substr(0, colon))};
      std::string_view rest = Trim(line.substr(colon + 1));
      std::string kind;
      head >> kind;
      if (kind == "keep-small") {
        std::istringstream r{std::string(rest)};
        std::string cc;
        while (r >> cc) keep_small.insert(cc);
      } else if (kind == "continent" || kind == "region") {
        Region r;
        r.level = kind == "continent" ? GeoLevel::kContinent : GeoLevel::kRegion;
        if (!(head >> r.geonameid >> r.country >> r.lat >> r.lon >> r.feature))
          return where("expected: continent|region GEONAMEID ISO3|- LAT LON FEATURE: names");
        if (r.country == "-") r.country.clear();
        r.names = SplitBar(rest);
        if (r.names.empty()) return where("no names");
        regions.push_back(std::move(r));
      } else if (kind == "alias" || kind == "abbrev" || kind == "after-comma" || kind == "adjective") {
        std::string code;
        if (!(head >> code)) return where("expected a country or admin1 code");
        GeoNameKind k = kind == "alias" ? GeoNameKind::kName
                        : kind == "abbrev" ? GeoNameKind::kAbbrev
                        : kind == "adjective" ? GeoNameKind::kAdjective
                                              : GeoNameKind::kAfterComma;
        for (std::string& s : SplitBar(rest)) aliases[code].emplace_back(std::move(s), k);
      } else if (kind == "point") {
        std::string code;
        double lat, lon;
        std::istringstream r{std::string(rest)};
        if (!(head >> code) || !(r >> lat >> lon)) return where("expected: point CODE: LAT LON");
        points[code] = {lat, lon};
      } else {
        return where(fmt::format("unknown kind '{}'", kind));
      }
      return Status::Ok();
    }));
  }

  // Country names from the actor dictionary --------------------------------
  if (!src.countries_txt.empty()) {
    std::string current;
    DYAD_RETURN_IF_ERROR(ReadLines(src.countries_txt, [&](std::string_view line, size_t) {
      line = Trim(line);
      if (line.size() > 2 && line.front() == '[' && line.back() == ']') {
        current = line.substr(1, line.size() - 2);
        if (current == "KSV") current = "XKX";  // CAMEO's Kosovo code; ISO's user-assigned one
        // Codes without a GeoNames country (none today) are left out.
        if (!country_by_iso3.count(current)) current.clear();
        return Status::Ok();
      }
      if (current.empty()) return Status::Ok();
      bool name = line.rfind("name:", 0) == 0;
      bool adj = line.rfind("adjective:", 0) == 0 || line.rfind("demonym:", 0) == 0;
      if (!name && !adj) return Status::Ok();
      for (std::string& s : SplitBar(line.substr(line.find(':') + 1))) {
        bool upper = true;
        for (char c : s) upper = upper && !(c >= 'a' && c <= 'z');
        GeoNameKind k = adj ? GeoNameKind::kAdjective : GeoNameKind::kName;
        // "US", "U.S.", "DRC": acronyms match as written only.
        if (upper && s.size() <= 6) k = GeoNameKind::kAbbrev;
        if (adj && upper) continue;  // "US" as an adjective is the same key as the name
        aliases[current].emplace_back(std::move(s), k);
      }
      return Status::Ok();
    }));
  }

  // Places -----------------------------------------------------------------
  std::vector<BEntry> entries;
  std::unordered_map<uint32_t, uint32_t> by_id;
  size_t rows = 0, kept_small = 0;
  auto read_cities = [&](const std::string& path, bool required) -> Status {
    std::ifstream probe(path);
    if (!probe) return required ? Status::NotFound(path + ": cannot open") : Status::Ok();
    return ReadLines(path, [&](std::string_view line, size_t) {
      auto f = SplitTabs(line);
      if (f.size() < 19 || f[6] != "P") return Status::Ok();
      ++rows;
      uint32_t id = static_cast<uint32_t>(std::strtoul(std::string(f[0]).c_str(), nullptr, 10));
      if (id == 0 || by_id.count(id)) return Status::Ok();  // the first file (newer) wins
      BEntry e;
      e.geonameid = id;
      e.name = f[1];
      e.lat = std::strtof(std::string(f[4]).c_str(), nullptr);
      e.lon = std::strtof(std::string(f[5]).c_str(), nullptr);
      e.population = static_cast<uint32_t>(std::min<uint64_t>(std::strtoull(std::string(f[14]).c_str(), nullptr, 10), UINT32_MAX));
      e.feature = "P." + std::string(f[7]);
      std::string cc(f[8]);
      auto ci = country_by_iso2.find(cc);
      if (ci != country_by_iso2.end()) {
        e.country = ci->second;
        countries[ci->second].unit.Add(e.lat, e.lon, 0.5, e.population);
      }
      std::string a1 = cc + "." + std::string(f[10]);
      auto ai = admin1_by_code.find(a1);
      if (ai != admin1_by_code.end()) {
        e.admin1 = static_cast<uint16_t>(ai->second);
        admin1[ai->second].unit.Add(e.lat, e.lon, 0.2, e.population);
      }
      auto a2i = admin2_by_code.find(a1 + "." + std::string(f[11]));
      if (!f[11].empty() && a2i != admin2_by_code.end()) {
        e.admin2 = static_cast<uint16_t>(a2i->second);
        admin2[a2i->second].unit.Add(e.lat, e.lon, 0.05, e.population);
      }
      // Divisions take their points from every place; the gazetteer keeps
      // small places only where local news names them (keep-small) or
      // where they are seats of government.
      bool seat = f[7] == "PPLA" || f[7] == "PPLA2" || f[7] == "PPLC" || f[7] == "PPLG";
      if (e.population < src.min_population && !seat && !keep_small.count(cc)) return Status::Ok();
      if (e.population < src.min_population) ++kept_small;
      e.names.emplace_back(std::string(f[1]), GeoNameKind::kName);
      e.names.emplace_back(std::string(f[2]), GeoNameKind::kName);
      size_t start = 0;
      std::string_view alts = f[3];
      while (start < alts.size()) {
        size_t comma = alts.find(',', start);
        if (comma == std::string_view::npos) comma = alts.size();
        std::string_view a = alts.substr(start, comma - start);
        start = comma + 1;
        if (a.size() < 2 || a.size() > 60 || HasDigit(a) || LooksLikeCode(a)) continue;
        // Latin-script variants for towns (spellings, transliterations);
        // names in other scripts for large cities only (English news rarely
        // writes them; they would be a third of the file).
        if (IsLatin(a) ? e.population >= 5000 : e.population >= kNativeScriptPopulation)
          e.names.emplace_back(std::string(a), GeoNameKind::kName);
      }
      by_id[id] = static_cast<uint32_t>(entries.size());
      entries.push_back(std::move(e));
      return Status::Ok();
    });
  };
  DYAD_RETURN_IF_ERROR(read_cities(dir + "/cities15000.txt", false));
  DYAD_RETURN_IF_ERROR(read_cities(dir + "/cities500.txt", true));
  size_t n_places = entries.size();

  // Division and country entries ----------------------------------------------
  auto add_division = [&](BAdmin& a, GeoLevel level, const char* feature, uint16_t country, uint16_t a1, uint16_t a2) -> uint32_t {
    double lat, lon;
    auto pt = points.find(a.code);
    if (pt != points.end()) {
      lat = pt->second.first;
      lon = pt->second.second;
    } else if (!a.unit.Point(lat, lon)) {
      return UINT32_MAX;  // no place of it is known: nowhere to put it
    }
    BEntry e;
    e.geonameid = a.geonameid;
    e.name = a.name;
    e.lat = static_cast<float>(lat);
    e.lon = static_cast<float>(lon);
    e.population = static_cast<uint32_t>(std::min<uint64_t>(a.unit.population, UINT32_MAX));
    e.feature = feature;
    e.level = level;
    e.country = country;
    e.admin1 = a1;
    e.admin2 = a2;
    e.names.emplace_back(a.name, GeoNameKind::kName);
    e.names.emplace_back(a.ascii, GeoNameKind::kName);
    entries.push_back(std::move(e));
    return static_cast<uint32_t>(entries.size() - 1);
  };
  // Records for the admin tables (entry index, code), in code order.
  std::vector<std::pair<std::string, uint32_t>> admin1_records, admin2_records;
  std::vector<uint32_t> admin1_entry(admin1.size(), UINT32_MAX), admin2_entry(admin2.size(), UINT32_MAX);
  for (size_t i = 0; i < admin1.size(); ++i) {
    BAdmin& a = admin1[i];
    auto ci = country_by_iso2.find(a.code.substr(0, 2));
    uint16_t c = ci == country_by_iso2.end() ? kNone16 : ci->second;
    admin1_entry[i] = add_division(a, GeoLevel::kAdmin1, "A.ADM1", c, static_cast<uint16_t>(i), kNone16);
  }
  for (size_t i = 0; i < admin2.size(); ++i) {
    BAdmin& a = admin2[i];
    auto ci = country_by_iso2.find(a.code.substr(0, 2));
    uint16_t c = ci == country_by_iso2.end() ? kNone16 : ci->second;
    size_t dot = a.code.rfind('.');
    auto a1 = admin1_by_code.find(a.code.substr(0, dot));
    admin2_entry[i] = add_division(a, GeoLevel::kAdmin2, "A.ADM2", c,
                                   a1 == admin1_by_code.end() ? kNone16 : static_cast<uint16_t>(a1->second),
                                   static_cast<uint16_t>(i));
  }
  std::vector<uint32_t> country_entry(countries.size(), UINT32_MAX);
  size_t computed_points = 0;
  for (size_t i = 0; i < countries.size(); ++i) {
    BCountry& c = countries[i];
    double lat, lon;
    auto pt = points.find(c.iso2);
    if (pt != points.end()) {
      lat = pt->second.first;
      lon = pt->second.second;
    } else if (c.unit.Point(lat, lon)) {
      ++computed_points;
    } else {
      continue;
    }
    BEntry e;
    e.geonameid = c.geonameid;
    e.name = c.name;
    e.lat = static_cast<float>(lat);
    e.lon = static_cast<float>(lon);
    e.population = c.population;
    e.feature = "A.PCLI";
    e.level = GeoLevel::kCountry;
    e.country = static_cast<uint16_t>(i);
    e.names.emplace_back(c.name, GeoNameKind::kName);
    auto al = aliases.find(c.iso3);
    if (al != aliases.end())
      for (auto& n : al->second) e.names.push_back(n);
    country_entry[i] = static_cast<uint32_t>(entries.size());
    entries.push_back(std::move(e));
  }
  for (size_t i = 0; i < admin1.size(); ++i) {
    if (admin1_entry[i] == UINT32_MAX) continue;
    auto al = aliases.find(admin1[i].code);
    if (al != aliases.end())
      for (auto& n : al->second) entries[admin1_entry[i]].names.push_back(n);
  }
  for (Region& r : regions) {
    BEntry e;
    e.geonameid = r.geonameid;
    e.name = r.names.front();
    e.lat = static_cast<float>(r.lat);
    e.lon = static_cast<float>(r.lon);
    e.feature = r.feature;
    e.level = r.level;
    if (!r.country.empty()) {
      auto ci = country_by_iso3.find(r.country);
      if (ci == country_by_iso3.end()) return Status::InvalidArgument(src.extra_txt + ": unknown country " + r.country);
      e.country = ci->second;
    }
    // Continents and regions outrank towns of the same name.
    e.population = r.level == GeoLevel::kContinent ? 1000000000u : 20000000u;
    for (auto& n : r.names) e.names.emplace_back(n, GeoNameKind::kName);
    entries.push_back(std::move(e));
  }
  for (const auto& [code, list] : aliases) {
    if (code.size() == 3 && country_by_iso3.count(code)) continue;
    if (admin1_by_code.count(code)) continue;
    return Status::InvalidArgument(fmt::format("{}: alias for unknown code {}", src.extra_txt, code));
  }
  for (size_t i = 0; i < admin1.size(); ++i)
    if (admin1_entry[i] != UINT32_MAX) admin1_records.emplace_back(admin1[i].code, admin1_entry[i]);
  for (size_t i = 0; i < admin2.size(); ++i)
    if (admin2_entry[i] != UINT32_MAX) admin2_records.emplace_back(admin2[i].code, admin2_entry[i]);
  // Entries point at admin rows by their index in admin1/admin2 (file order);
  // the file's tables are in that same order except admin1, which is sorted
  // for lookup by code: remap.
  std::vector<size_t> a1_order(admin1.size());
  for (size_t i = 0; i < a1_order.size(); ++i) a1_order[i] = i;
  std::sort(a1_order.begin(), a1_order.end(), [&](size_t a, size_t b) { return admin1[a].code < admin1[b].code; });
  std::vector<uint16_t> a1_new(admin1.size());
  for (size_t k = 0; k < a1_order.size(); ++k) a1_new[a1_order[k]] = static_cast<uint16_t>(k);
  for (BEntry& e : entries)
    if (e.admin1 != kNone16) e.admin1 = a1_new[e.admin1];
  if (admin1.size() >= kNone16 || admin2.size() >= kNone16 || countries.size() >= kNone16)
    return Status::ResourceExhausted("too many divisions for 16-bit indices");

  // Keys -------------------------------------------------------------------
  std::map<std::string, std::vector<std::pair<uint32_t, GeoNameKind>>> keys;
  for (uint32_t i = 0; i < entries.size(); ++i) {
    std::set<std::string> seen;
    for (const auto& [surface, kind] : entries[i].names) {
      std::string k = NormalizePlaceKey(surface);
      if (k.empty() || k.size() > 255) continue;
      if (!seen.insert(k + char('0' + static_cast<int>(kind))).second) continue;
      keys[k].emplace_back(i, kind);
    }
  }
  std::set<std::string> prefixes;
  for (const auto& [k, _] : keys)
    for (size_t sp = k.find(' '); sp != std::string::npos; sp = k.find(' ', sp + 1)) prefixes.insert(k.substr(0, sp));
  for (const std::string& p : prefixes) keys[p];  // count 0 unless also a key
  for (auto& [k, list] : keys) {
    std::stable_sort(list.begin(), list.end(), [&](const auto& a, const auto& b) {
      if (entries[a.first].population != entries[b.first].population)
        return entries[a.first].population > entries[b.first].population;
      return entries[a.first].level > entries[b.first].level;
    });
  }
  std::unordered_set<std::string> words;
  if (!src.words_txt.empty()) {
    DYAD_RETURN_IF_ERROR(ReadLines(src.words_txt, [&](std::string_view w, size_t) {
      bool lower = !w.empty();
      for (char c : w) lower = lower && c >= 'a' && c <= 'z';
      if (lower) words.emplace(w);
      return Status::Ok();
    }));
  }
  size_t common = 0;
  uint32_t n_buckets = 1;
  while (n_buckets < keys.size() / 2) n_buckets <<= 1;
  std::vector<std::vector<const std::string*>> buckets(n_buckets);
  for (const auto& [k, _] : keys) buckets[HashKey(k) & (n_buckets - 1)].push_back(&k);

  // Strings ----------------------------------------------------------------
  std::string strings(1, '\0');
  std::unordered_map<std::string, uint32_t> string_at;
  auto intern = [&](const std::string& s) -> uint32_t {
    if (s.empty()) return 0;
    auto it = string_at.find(s);
    if (it != string_at.end()) return it->second;
    uint32_t off = static_cast<uint32_t>(strings.size());
    strings.append(s);
    strings.push_back('\0');
    string_at.emplace(s, off);
    return off;
  };
  std::vector<std::string> features;
  std::unordered_map<std::string, uint8_t> feature_at;
  std::string sec_entries, sec_countries, sec_admin1, sec_admin2, sec_features, sec_buckets, sec_keys;
  for (const BEntry& e : entries) {
    auto fi = feature_at.find(e.feature);
    if (fi == feature_at.end()) {
      if (features.size() >= 255) return Status::ResourceExhausted("too many feature codes");
      fi = feature_at.emplace(e.feature, static_cast<uint8_t>(features.size())).first;
      features.push_back(e.feature);
    }
    Put<uint32_t>(sec_entries, e.geonameid);
    Put<float>(sec_entries, e.lat);
    Put<float>(sec_entries, e.lon);
    Put<uint32_t>(sec_entries, e.population);
    Put<uint32_t>(sec_entries, intern(e.name));
    Put<uint16_t>(sec_entries, e.country);
    Put<uint16_t>(sec_entries, e.admin1);
    Put<uint16_t>(sec_entries, e.admin2);
    sec_entries.push_back(static_cast<char>(fi->second));
    sec_entries.push_back(static_cast<char>(e.level));
  }
  for (size_t i = 0; i < countries.size(); ++i) {
    const BCountry& c = countries[i];
    // A country with no place and no point still needs a row for its
    // places' index: it points at entry 0 and is never looked up by name.
    Put<uint32_t>(sec_countries, country_entry[i] == UINT32_MAX ? 0 : country_entry[i]);
    char codes[8] = {0};
    std::memcpy(codes, c.iso2.data(), 2);
    std::memcpy(codes + 2, c.iso3.data(), 3);
    if (c.fips.size() == 2) std::memcpy(codes + 5, c.fips.data(), 2);
    sec_countries.append(codes, 8);
    Put<uint32_t>(sec_countries, 0);
  }
  // Admin1 rows follow the sorted order; rows without an entry point at the
  // first entry of their country (never returned by a lookup by code).
  for (size_t k = 0; k < a1_order.size(); ++k) {
    size_t i = a1_order[k];
    uint32_t e = admin1_entry[i];
    if (e == UINT32_MAX) e = 0;
    Put<uint32_t>(sec_admin1, e);
    Put<uint32_t>(sec_admin1, intern(admin1[i].code));
  }
  for (size_t i = 0; i < admin2.size(); ++i) {
    Put<uint32_t>(sec_admin2, admin2_entry[i] == UINT32_MAX ? 0 : admin2_entry[i]);
    Put<uint32_t>(sec_admin2, intern(admin2[i].code));
  }
  for (const std::string& f : features) Put<uint32_t>(sec_features, intern(f));
  size_t postings = 0;
  for (uint32_t b = 0; b < n_buckets; ++b) {
    Put<uint32_t>(sec_buckets, static_cast<uint32_t>(sec_keys.size()));
    for (const std::string* k : buckets[b]) {
      const auto& list = keys[*k];
      sec_keys.push_back(static_cast<char>(k->size()));
      sec_keys.append(*k);
      uint8_t flags = prefixes.count(*k) ? kGeoKeyExtended : 0;
      if (words.count(*k)) {
        flags |= kGeoKeyCommonWord;
        ++common;
      }
      sec_keys.push_back(static_cast<char>(flags));
      PutVarint(sec_keys, static_cast<uint32_t>(list.size()));
      for (const auto& [entry, kind] : list) PutVarint(sec_keys, (entry << 2) | static_cast<uint32_t>(kind));
      postings += list.size();
    }
  }
  Put<uint32_t>(sec_buckets, static_cast<uint32_t>(sec_keys.size()));

  // File ---------------------------------------------------------------------
  std::string payload;
  uint32_t offsets[8];
  const std::string* secs[8] = {&sec_entries, &sec_countries, &sec_admin1, &sec_admin2,
                                &sec_features, &sec_buckets, &sec_keys, &strings};
  for (int i = 0; i < 8; ++i) {
    while (payload.size() % 8) payload.push_back('\0');
    offsets[i] = static_cast<uint32_t>(kHeaderSize + payload.size());
    payload.append(*secs[i]);
  }
  std::string header(kHeaderSize, '\0');
  std::memcpy(header.data(), kMagic, 8);
  auto set32 = [&](size_t at, uint32_t v) { std::memcpy(header.data() + at, &v, 4); };
  set32(8, kVersion);
  set32(12, kHeaderSize);
  set32(16, static_cast<uint32_t>(entries.size()));
  set32(20, static_cast<uint32_t>(countries.size()));
  set32(24, static_cast<uint32_t>(admin1.size()));
  set32(28, static_cast<uint32_t>(admin2.size()));
  set32(32, n_buckets);
  set32(36, static_cast<uint32_t>(keys.size()));
  set32(40, static_cast<uint32_t>(features.size()));
  uint64_t psize = payload.size();
  uint64_t sum = Fnv1a(reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
  std::memcpy(header.data() + 48, &psize, 8);
  std::memcpy(header.data() + 56, &sum, 8);
  for (int i = 0; i < 8; ++i) set32(64 + 4 * i, offsets[i]);
  set32(96, static_cast<uint32_t>(sec_keys.size()));
  set32(100, static_cast<uint32_t>(strings.size()));
  std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError(tmp + ": cannot write");
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    if (!out) return Status::IoError(tmp + ": write failed");
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) return Status::IoError(out_path + ": cannot rename");
  if (report) {
    *report = fmt::format(
        "{}: {} bytes; {} entries ({} places of {} rows read, {} small places kept, {} admin1, {} admin2 "
        "with places, {} countries ({} points computed), {} continents/regions); {} keys, {} postings, "
        "{} buckets, {} keys that are also words; sections: entries {} keys {} strings {}\n",
        out_path, header.size() + payload.size(), entries.size(), n_places, rows, kept_small,
        admin1_records.size(), admin2_records.size(), countries.size(), computed_points, regions.size(),
        keys.size(), postings, n_buckets, common, sec_entries.size(), sec_keys.size(), strings.size());
  }
  return Status::Ok();
}

}  // namespace dyad
