// Locations of events, from the place mentions of their sentence and
// paragraph. A post-step over doc.events: it reads only what any coder
// fills in (sentence, trigger, source and target spans and countries).
#include <fmt/format.h>

#include <algorithm>

#include "dyad/places.h"
#include "places/places_internal.h"

namespace dyad {

namespace {

EventGeo FromPlace(const Document& doc, const Place& p, std::string rule) {
  EventGeo g;
  g.geonameid = p.geonameid;
  g.text = doc.Text(p.span);
  g.name = p.name;
  g.full_name = p.full_name;
  g.country = p.country;
  g.country_name = p.country_name;
  g.country_fips = p.country_fips;
  g.adm1 = p.adm1;
  g.adm1_name = p.adm1_name;
  g.adm2_name = p.adm2_name;
  g.lat = p.lat;
  g.lon = p.lon;
  g.feature = p.feature;
  g.rule = std::move(rule);
  return g;
}

EventGeo FromCountry(const Gazetteer& gaz, const std::string& iso3, std::string text, std::string rule) {
  EventGeo g;
  uint32_t idx = gaz.CountryEntry(iso3);
  if (idx == UINT32_MAX) return g;
  GeoEntry e = gaz.Entry(idx);
  g.geonameid = e.geonameid;
  g.text = std::move(text);
  g.name = e.name;
  g.full_name = e.name;
  g.country = e.country;
  g.country_name = e.name;
  g.country_fips = e.country_fips;
  g.lat = e.lat;
  g.lon = e.lon;
  g.feature = e.feature;
  g.rule = std::move(rule);
  return g;
}

// Finer places first: a town says more than its country.
int Specificity(const Place& p) {
  if (p.feature.rfind("P.", 0) == 0) return 4;
  if (p.feature == "A.ADM2") return 3;
  if (p.feature == "A.ADM1") return 2;
  if (p.feature == "A.PCLI") return 1;
  return 0;  // continents, seas, regions
}

bool Overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }

// The place an actor's words name or sit next to: "Idlib-based rebels",
// "Baghdad", "protesters in Minsk".
const Place* ActorPlace(const Document& doc, const std::vector<const Place*>& in_sentence, const EventActor& a) {
  if (a.code.empty() || a.span.empty()) return nullptr;
  const Place* best = nullptr;
  for (const Place* p : in_sentence) {
    if (p->adjective) continue;
    if (a.span.Contains(p->span)) {
      if (!best || Specificity(*p) > Specificity(*best)) best = p;
    }
  }
  if (best) return best;
  for (const Place* p : in_sentence) {
    if (p->adjective || p->span.begin < a.span.end || p->span.begin > a.span.end + 12) continue;
    std::string between(doc.Text({a.span.end, p->span.begin}));
    for (char& c : between) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (between == " in " || between == " from " || between == " of " || between == " in the " ||
        between == " from the ")
      return p;
  }
  return nullptr;
}

}  // namespace

void LocateEvents(Document& doc, const Gazetteer& gaz) {
  std::vector<std::vector<const Place*>> by_sentence(doc.sentences.size());
  for (const Place& p : doc.places)
    if (p.sentence < by_sentence.size()) by_sentence[p.sentence].push_back(&p);
  for (Event& e : doc.events) {
    e.action_geo = e.source_geo = e.target_geo = EventGeo();
    if (e.sentence >= doc.sentences.size()) continue;
    const auto& here = by_sentence[e.sentence];
    // Source and target: the places their words give.
    if (const Place* p = ActorPlace(doc, here, e.source)) e.source_geo = FromPlace(doc, *p, "source: " + p->name);
    else if (!e.source.country.empty())
      e.source_geo = FromCountry(gaz, e.source.country, e.source.text, "source's country (" + e.source.country + ")");
    if (const Place* p = ActorPlace(doc, here, e.target)) e.target_geo = FromPlace(doc, *p, "target: " + p->name);
    else if (e.has_target() && !e.target.country.empty())
      e.target_geo = FromCountry(gaz, e.target.country, e.target.text, "target's country (" + e.target.country + ")");
    // Action: a place of the sentence that is not an actor's own words, the
    // finest first, then a locative cue, then the nearest to the trigger.
    const Place* best = nullptr;
    auto better = [&](const Place* a, const Place* b) {
      if (!b) return true;
      int sa = Specificity(*a), sb = Specificity(*b);
      if (sa != sb) return sa > sb;
      bool la = a->rule.rfind("'", 0) == 0, lb = b->rule.rfind("'", 0) == 0;
      if (la != lb) return la;
      auto dist = [&](const Place* p) {
        return p->span.begin >= e.trigger.end ? p->span.begin - e.trigger.end : e.trigger.begin - std::min(e.trigger.begin, p->span.end);
      };
      return dist(a) < dist(b);
    };
    for (const Place* p : here) {
      if (p->adjective) continue;
      if ((e.source.span.size() && Overlaps(p->span, e.source.span) && Specificity(*p) <= 1) ||
          (e.target.span.size() && Overlaps(p->span, e.target.span) && Specificity(*p) <= 1))
        continue;  // "Iraq accused Iran": the countries are the actors, not the place
      if (better(p, best)) best = p;
    }
    if (best) {
      e.action_geo = FromPlace(doc, *best, fmt::format("sentence: \"{}\"", doc.Text(best->span)));
      continue;
    }
    // The nearest place named earlier in the paragraph.
    uint32_t para = doc.sentences[e.sentence].paragraph;
    for (uint32_t s = e.sentence; s-- > 0 && doc.sentences[s].paragraph == para;) {
      const Place* last = nullptr;
      for (const Place* p : by_sentence[s])
        if (!p->adjective && Specificity(*p) >= 1) last = p;
      if (last) {
        best = last;
        break;
      }
    }
    if (best) {
      e.action_geo = FromPlace(doc, *best, fmt::format("paragraph: \"{}\" (sentence {})", doc.Text(best->span), best->sentence));
      continue;
    }
    // Only a country: a country the sentence names, also as an adjective.
    for (const Place* p : here)
      if (!p->country.empty() && Specificity(*p) <= 1) {
        e.action_geo = FromCountry(gaz, p->country, std::string(doc.Text(p->span)), fmt::format("country only: \"{}\"", doc.Text(p->span)));
        break;
      }
  }
}

}  // namespace dyad
