// The dating rule shared by events and statements (include/dyad/time.h).
#include <fmt/format.h>

#include <cstdlib>
#include <string_view>

#include "dyad/time.h"

namespace dyad {

namespace {

// "in the last six months", "in recent weeks": a period the time stage cannot
// pin to a day, so the sentence must not inherit an earlier date.
bool HasUnresolvedPeriod(const Document& doc, const Sentence& s) {
  auto is_unit = [](std::string_view w) {
    return w == "day" || w == "days" || w == "week" || w == "weeks" || w == "month" ||
           w == "months" || w == "year" || w == "years";
  };
  for (uint32_t j = s.token_begin; j + 1 < s.token_end; ++j) {
    const std::string& w = doc.tokens[j].lower;
    if (w != "last" && w != "past" && w != "recent" && w != "coming" && w != "next") continue;
    for (uint32_t k = j + 1; k < s.token_end && k <= j + 3; ++k)
      if (is_unit(doc.tokens[k].lower)) return true;
  }
  return false;
}

}  // namespace

DocumentDates::DocumentDates(const Document& doc) : doc_(doc) {
  times_.resize(doc.sentences.size());
  carried_.resize(doc.sentences.size());
  for (const Mention& m : doc.mentions)
    if (m.kind == MentionKind::kTime && !m.code.empty() && m.sentence < doc.sentences.size())
      times_[m.sentence].push_back(&m);
  std::string last_date, last_rule;
  uint32_t last_date_paragraph = UINT32_MAX;
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    DatedAs& c = carried_[si];
    if (HasUnresolvedPeriod(doc, s)) {
      c.rule = "unknown: the sentence names a period without a day";
    } else if (!last_date.empty() && last_date_paragraph == s.paragraph) {
      c.date = last_date;
      c.rule = "carried from an earlier sentence of the paragraph (" + last_rule + ")";
    } else if (!doc.date.empty()) {
      c.date = doc.date;
      c.rule = "document date";
    } else {
      c.rule = "unknown: no date in the sentence or its paragraph, and no document date";
    }
    if (!times_[si].empty()) {
      const Mention* t = times_[si].back();
      last_date = t->code;
      last_rule = fmt::format("\"{}\"", doc.Text(t->span));
      last_date_paragraph = s.paragraph;
    }
  }
}

DatedAs DocumentDates::At(uint32_t sentence, uint32_t anchor, Span skip) const {
  if (sentence >= times_.size()) return {};
  const Mention* best = nullptr;
  long best_dist = 0;
  for (const Mention* t : times_[sentence]) {
    if (!skip.empty() && skip.Contains(t->span)) continue;
    long d = std::labs(static_cast<long>(t->token_begin) - static_cast<long>(anchor));
    if (!best || d < best_dist) {
      best = t;
      best_dist = d;
    }
  }
  if (!best) return carried_[sentence];
  return {best->code, fmt::format("sentence: \"{}\" ({})", doc_.Text(best->span), best->detail)};
}

}  // namespace dyad
