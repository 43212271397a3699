// Places: an embedded GeoNames gazetteer, the "places" stage that finds and
// resolves place mentions, and the step that gives events a location.
//
// The gazetteer is one self-checking binary file (magic, version, section
// table, counts, FNV-1a checksum over the payload) that is mapped read-only:
// opening it costs a page-table setup and one checksum pass, and every worker
// thread shares the mapping. It holds populated places (GeoNames cities500 /
// cities15000), admin2 and admin1 divisions, countries, continents and a few
// regions, each with names, alternate names (ASCII and native), feature
// class/code, population, country, admin1, lat/lon and GeoNames id. Lookups
// go by a normalised key (NormalizePlaceKey): case and diacritics folded,
// punctuation runs turned into one space.
//
// Data: GeoNames (https://www.geonames.org), CC BY 4.0.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

// What an entry is, coarsely; the GeoNames feature code gives the detail.
enum class GeoLevel : uint8_t { kCity = 0, kAdmin2 = 1, kAdmin1 = 2, kCountry = 3, kRegion = 4, kContinent = 5 };

// How a name belongs to an entry (one key may be a name of one entry and an
// abbreviation of another).
enum class GeoNameKind : uint8_t {
  kName = 0,       // name, ASCII name or alternate name
  kAbbrev = 1,     // "US", "U.S.", "NSW", "Calif.": must be written as listed (case)
  kAdjective = 2,  // "Syrian", "Americans": stands for the country
  kAfterComma = 3, // "Ga.", "IL": a state only after "Town," ("Decatur, Ga.")
};

struct GeoEntry {
  uint32_t index = 0;      // position in the gazetteer
  uint32_t geonameid = 0;  // 0 for the few hand-listed regions GeoNames has no id for here
  std::string_view name;
  double lat = 0.0, lon = 0.0;
  uint32_t population = 0;
  GeoLevel level = GeoLevel::kCity;
  std::string_view feature;       // "P.PPLA"
  std::string_view country;       // ISO alpha-3, empty for continents/regions without one
  std::string_view country_iso2;  // "SY"
  std::string_view country_fips;  // "SY"
  std::string_view country_name;  // "Syria"
  std::string_view adm1;          // "SY.07"
  std::string_view adm1_name;     // "Idlib"
  std::string_view adm2;          // "US.IL.167"
  std::string_view adm2_name;
};

// Key flags.
inline constexpr uint8_t kGeoKeyExtended = 1;    // a longer key starts with this one + " "
inline constexpr uint8_t kGeoKeyCommonWord = 2;  // also a lower-case English word ("mobile", "split")

struct GeoPosting {
  uint32_t entry = 0;
  GeoNameKind kind = GeoNameKind::kName;
};

class Gazetteer {
 public:
  // Maps the file and checks magic, version, section bounds and checksum.
  static Result<std::shared_ptr<const Gazetteer>> Open(const std::string& path);
  // Same checks over bytes in memory (tests, fuzzing); the bytes are copied.
  // The fuzz target skips the checksum so that it reaches the other checks.
  static Result<std::shared_ptr<const Gazetteer>> FromBytes(std::string_view bytes, bool verify_checksum = true);
  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  uint32_t size() const { return n_entries_; }
  uint32_t key_count() const { return n_keys_; }
  GeoEntry Entry(uint32_t index) const;

  // Entries named `key` (already normalised), most populous first. Appends to
  // out; false when the key names nothing. `*flags` (optional) gets the key's
  // kGeoKey* bits, also for a key that is only the start of longer ones.
  bool Lookup(std::string_view key, std::vector<GeoPosting>& out, uint8_t* flags = nullptr) const;
  // The country entry for an ISO alpha-3 or alpha-2 code; UINT32_MAX if none.
  uint32_t CountryEntry(std::string_view code) const;
  // The admin1 entry for a GeoNames admin1 code ("US.IL"); UINT32_MAX if none.
  uint32_t Admin1Entry(std::string_view code) const;
  size_t mapped_bytes() const { return size_; }

 private:
  Gazetteer() = default;
  Status Init(bool verify_checksum = true);
  std::string_view Str(uint32_t offset) const;

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;  // munmap on destruction when set
  std::string owned_;        // FromBytes
  uint32_t n_entries_ = 0, n_countries_ = 0, n_admin1_ = 0, n_admin2_ = 0, n_buckets_ = 0,
           n_keys_ = 0, n_features_ = 0;
  const uint8_t* entries_ = nullptr;
  const uint8_t* countries_ = nullptr;
  const uint8_t* admin1_ = nullptr;
  const uint8_t* admin2_ = nullptr;
  const uint8_t* features_ = nullptr;
  const uint8_t* buckets_ = nullptr;
  const uint8_t* keys_ = nullptr;
  size_t keys_size_ = 0;
  const char* strings_ = nullptr;
  size_t strings_size_ = 0;
};

// Lower-cases, removes diacritics and turns every run of characters that are
// neither letters nor digits into one space: "Saint-Étienne" -> "saint etienne",
// "St. Louis" -> "st louis". Keys of the gazetteer and of the text are made
// alike by this one function.
std::string NormalizePlaceKey(std::string_view text);

// Builds the gazetteer file from GeoNames dumps and the project's own lists.
struct GazetteerSources {
  std::string geonames_dir;  // cities500.txt, cities15000.txt (unzipped), regionInfo.tsv, admin2Codes.txt, countryInfo.tsv
  std::string countries_txt;  // data/actors/countries.txt: country names, adjectives, demonyms
  std::string extra_txt;      // data/geo/extra.txt: continents, regions, abbreviations, points
  std::string words_txt;      // an English word list (/usr/share/dict/american-english): marks
                              // names that are also lower-case words; optional
  // Places below this population are kept only when they are admin seats or
  // in a country listed in extra.txt's `@keep-small` line.
  uint32_t min_population = 1000;
};
// Writes the gazetteer to out_path; `report` gets counts and sizes.
Status BuildGazetteer(const GazetteerSources& sources, const std::string& out_path,
                      std::string* report);

// The default location of the gazetteer under the data directory.
std::string DefaultGazetteerPath(const std::string& data_dir);

// Gives each event of doc an action location (the place named in its
// sentence, else the nearest earlier place of its paragraph, else a country
// the sentence names), and source/target locations where the text ties a
// place to an actor ("Idlib-based rebels", "protesters in Minsk", an actor
// that is a place). Reads doc.places, doc.mentions and doc.events; works with
// any event coder. Called by the "places" stage when events exist, and by
// callers that code events after places. Replaces earlier locations.
void LocateEvents(Document& doc, const Gazetteer& gazetteer);

// The gazetteer at `path`, mapped once per process and shared.
Result<std::shared_ptr<const Gazetteer>> LoadSharedGazetteer(const std::string& path);

}  // namespace dyad
