// The document model: one Document per article, annotated by every stage.
//
// Annotations are stand-off: tokens, sentences, mentions and events point into
// Document::text by byte offsets ([begin, end), UTF-8), so any result can be
// shown highlighted in its sentence. Diagnostics point into Document::raw,
// because what they describe (dropped page chrome) is not in the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dyad {

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool Contains(const Span& o) const { return begin <= o.begin && o.end <= end; }
  bool operator==(const Span& o) const { return begin == o.begin && end == o.end; }
};

inline std::string_view Slice(std::string_view text, Span s) {
  if (s.begin > text.size()) return {};
  return text.substr(s.begin, s.end > text.size() ? text.size() - s.begin : s.size());
}

// Token flags set by the tokeniser; later stages may read them.
enum TokenFlag : uint16_t {
  kTokWord = 1 << 0,
  kTokNumber = 1 << 1,
  kTokPunct = 1 << 2,
  kTokUrl = 1 << 3,
  kTokEmail = 1 << 4,
  kTokAbbrev = 1 << 5,     // "U.S.", "Jan.", "Gen."
  kTokCapitalised = 1 << 6,
  kTokAllCaps = 1 << 7,
  kTokSpaceAfter = 1 << 8,   // whitespace follows (CoNLL-U SpaceAfter)
  kTokQuote = 1 << 9,
  kTokParagraphStart = 1 << 10,
};

struct Token {
  Span span;            // bytes of the surface form in Document::text
  std::string norm;     // surface form with typographic variants folded (’ -> ', “ -> ")
  std::string lower;    // lower-cased norm: what dictionaries match on
  std::string lemma;
  std::string upos;     // UD v2 universal POS, empty until tagged
  std::string xpos;     // Penn Treebank tag
  std::string feats;
  int32_t head = -1;    // index of the head token within the sentence; -1 = root or unparsed
  std::string deprel;   // UD v2 relation, empty until parsed
  uint16_t flags = 0;
  bool Has(TokenFlag f) const { return (flags & f) != 0; }
};

struct Paragraph {
  Span span;
};

struct Sentence {
  Span span;
  uint32_t token_begin = 0;  // [token_begin, token_end) in Document::tokens
  uint32_t token_end = 0;
  uint32_t paragraph = 0;
  uint32_t size() const { return token_end - token_begin; }
};

enum class MentionKind : uint8_t { kActor, kAgent, kPlace, kTime };
std::string_view ToString(MentionKind k);

struct Mention {
  MentionKind kind = MentionKind::kActor;
  Span span;
  uint32_t sentence = 0;
  uint32_t token_begin = 0;  // [token_begin, token_end) in Document::tokens
  uint32_t token_end = 0;
  std::string code;      // actor: CAMEO-style code ("IRQGOV"); time: ISO date ("2024-01-27")
  std::string country;   // actor: ISO 3166 alpha-3 or CAMEO region code; may be empty
  std::string sector;    // actor: CAMEO sector ("GOV", "MIL", "CVL", ...); may be empty
  std::string entry;     // the dictionary entry or rule that produced it ("countries.txt:42")
  std::string detail;    // time: how it resolved ("weekday+month-day: year 2024 fits Saturday");
                         // actor: "place" for a bare country, capital or place name, which
                         // can also say where something happens ("near Baghdad")
  bool resolved_by_reference = false;  // "that country", "the two sides"
};

enum class Polarity : uint8_t { kAsserted, kNegated };
enum class Modality : uint8_t { kActual, kFuture, kHypothetical, kQuestion, kReported };
std::string_view ToString(Polarity p);
std::string_view ToString(Modality m);

struct EventActor {
  std::string code;     // "USAGOV"
  std::string country;  // "USA"
  std::string sector;   // "GOV"
  std::string text;     // surface text of the mention
  Span span;
  std::string entry;
};

// Where an event happened, or where one of its actors is (stage "places").
// Empty (geonameid 0 and country empty) when the text says nothing.
struct EventGeo {
  uint32_t geonameid = 0;  // GeoNames id; 0 for a place GeoNames does not list (a region)
  std::string text;        // the words of the text it came from ("Idlib", "Syrian")
  std::string name;        // "Idlib"
  std::string full_name;   // "Idlib, Idlib, Syria" (GDELT's FullName)
  std::string country;     // ISO 3166-1 alpha-3 ("SYR")
  std::string country_name;
  std::string country_fips;  // FIPS 10-4 ("SY"), as GDELT's CountryCode
  std::string adm1;        // GeoNames admin1 code ("SY.07", "US.TX"); may be empty
  std::string adm1_name, adm2_name;
  double lat = 0.0, lon = 0.0;
  std::string feature;     // GeoNames class.code ("P.PPLA", "A.ADM1", "A.PCLI")
  std::string rule;        // why this place ("sentence: in Idlib", "paragraph: ...")
  bool empty() const { return geonameid == 0 && country.empty(); }
};

struct Event {
  uint32_t sentence = 0;
  std::string date;        // ISO 8601 day, empty when unknown
  std::string date_rule;   // why this date ("sentence: Saturday, January 27", "document date")
  EventActor source;
  EventActor target;       // target.code empty = no target
  bool has_target() const { return !target.code.empty(); }
  std::string cameo;       // "046"
  std::string plover;      // PLOVER event type ("CONSULT")
  std::string plover_mode;
  int quad_class = 0;      // 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
  double goldstein = 0.0;
  Span trigger;
  std::string pattern_id;
  std::string pattern_text;
  Polarity polarity = Polarity::kAsserted;
  Modality modality = Modality::kActual;
  std::string modality_cue;  // the words that set polarity/modality ("not", "will", "even if")
  double confidence = 0.0;
  EventGeo action_geo, source_geo, target_geo;  // set by the "places" stage
  bool asserted_actual() const {
    return polarity == Polarity::kAsserted &&
           (modality == Modality::kActual || modality == Modality::kReported);
  }
};

// A place mention resolved against the gazetteer (stage "places").
struct Place {
  Span span;
  uint32_t sentence = 0;
  uint32_t token_begin = 0;  // [token_begin, token_end) in Document::tokens
  uint32_t token_end = 0;
  uint32_t geonameid = 0;    // 0: a region GeoNames does not list
  std::string name;          // the gazetteer's name ("Springfield")
  std::string full_name;     // "Springfield, Illinois, United States"
  std::string country;       // ISO 3166-1 alpha-3; empty for continents and regions
  std::string country_fips;  // FIPS 10-4
  std::string country_name;  // "United States"
  std::string adm1;          // GeoNames admin1 code ("US.IL"); empty for countries
  std::string adm1_name;     // "Illinois"
  std::string adm2_name;     // "Sangamon County"
  double lat = 0.0, lon = 0.0;
  std::string feature;       // GeoNames class.code ("P.PPL", "A.ADM1", "A.PCLI", "L.CONT")
  uint32_t population = 0;
  double score = 0.0;        // 0..1: how sure the stage is of the entry
  std::string rule;          // the rule that found and linked it ("in X; population")
  std::string explain;       // --explain: the candidates weighed and why this one won
  bool adjective = false;    // "Syrian": a demonym/adjective standing for a country
};

// Something an actor said, as the text reports it (the statements stage).
// The speaker is the mention that names who spoke: for "he said" an earlier
// mention ("Jake Sullivan"), with the words of the statement's own sentence
// kept in speaker_ref.
enum class StatementKind : uint8_t { kDirect, kIndirect, kReported, kDenial, kClaim };
std::string_view ToString(StatementKind k);

struct Statement {
  uint32_t sentence = 0;   // the sentence of the cue (of the content when there is no cue)
  StatementKind kind = StatementKind::kIndirect;
  EventActor speaker;      // code/country/sector empty when no actor resolves
  std::string person;      // the speaker's personal name, when a person ("Jake Sullivan")
  Span speaker_ref;        // "he", "the ministry": empty when the speaker is named in place
  Span cue;                // "said", "according to"; empty for a quote continuing an earlier one
  std::string cue_lemma;   // "say", "according to", "deny": what the comparison reads
  Span content;            // the words said, not the whole sentence
  std::string date;        // ISO day when it was said, empty when unknown
  std::string date_rule;
  Polarity polarity = Polarity::kAsserted;  // of the content ("denied that ..." is negated)
  Modality modality = Modality::kActual;    // of the content ("will", "could", "?")
  std::vector<uint32_t> events;             // indices into Document::events inside the content
  std::vector<std::string> terms;           // content lemmas and noun phrases, for grouping
};

enum class Severity : uint8_t { kInfo, kWarning, kError };
std::string_view ToString(Severity s);

// Something a stage wants the analyst to know: a dropped block, a skipped line.
struct Diagnostic {
  Severity severity = Severity::kInfo;
  std::string stage;     // "clean"
  std::string reason;    // "teaser", "ui-label", "other-language", ...
  Span raw_span;         // where in Document::raw (empty if not applicable)
  std::string excerpt;   // the first characters of what it is about
};

struct Document {
  // Identity and metadata.
  std::string id;          // stable: given by the input, else a hash of url or content
  std::string origin;      // where it came from: "path/file.jsonl:12", "-"
  std::string url;
  std::string site;        // outlet name ("Strategic Council Online")
  std::string title;
  std::string author;
  std::string genre;       // "Opinion", "Interview", "News", ...
  std::string date;        // publication date, ISO 8601 day, may be empty
  std::string language;    // ISO 639-1 of the article ("en")

  std::string raw;   // the input bytes as read (UTF-8 validated)
  std::string text;  // the cleaned article; every span below points here
  // True when text was already extracted from markup (HTML, feeds, WARC): the
  // "clean" stage leaves it as it is.
  bool text_ready = false;

  std::vector<Paragraph> paragraphs;
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  std::vector<Mention> mentions;
  std::vector<Event> events;
  std::vector<Place> places;
  std::vector<Statement> statements;
  std::vector<Diagnostic> diagnostics;

  std::string_view Text(Span s) const { return Slice(text, s); }
  void Note(Severity sev, std::string stage, std::string reason, Span raw_span,
            std::string excerpt);
};

}  // namespace dyad
