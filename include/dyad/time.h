// Time expressions: calendar dates in news English, resolved to days.
//
// Recognises "Saturday, January 27", "May 4, 2023", "4 May 2023", "January 2024",
// "2024-01-27", "on Thursday", "yesterday", "two days ago", "last summer",
// "last month"... A weekday with a month-day but no year picks the year that
// has that weekday on that day, nearest to the reference year. Relative
// expressions need an anchor (the document date); without one they stay
// unresolved rather than guessed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"

namespace dyad {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31; 0 = the whole month
  bool valid() const { return year > 0 && month >= 1 && month <= 12; }
  std::string ToIso() const;  // "2024-01-27", or "2024-01" for a month
  static std::optional<Date> FromIso(std::string_view s);  // "YYYY-MM-DD" or "YYYY-MM"
  bool operator==(const Date& o) const {
    return year == o.year && month == o.month && day == o.day;
  }
};

int DaysInMonth(int year, int month);
// 0 = Monday ... 6 = Sunday.
int Weekday(int year, int month, int day);
// Days since 1970-01-01 and back.
long DaysFromCivil(int year, int month, int day);
Date CivilFromDays(long days);

// What a resolver knows about the document when it reads an expression.
struct TimeContext {
  std::optional<Date> document_date;  // publication date, if known
  int reference_year = 0;             // used when no document date: a year the text names
};

struct TimeExpression {
  uint32_t token_begin = 0;  // [token_begin, token_end) in Document::tokens
  uint32_t token_end = 0;
  Span span;
  Date date;
  std::string rule;  // how it was resolved: "explicit", "weekday-pins-year", "relative: 2 days before document date"
};

// Finds the time expressions in one sentence (tokens[first, last)) and resolves
// those it can. Unresolvable ones (relative without an anchor) are omitted.
std::vector<TimeExpression> FindTimeExpressions(const Document& doc, uint32_t first,
                                                uint32_t last, const TimeContext& ctx);

// When something the text tells happened: the rule the event coder and the
// statements stage share. A sentence's own time expression nearest to the
// anchor token decides; else the last date named in an earlier sentence of the
// same paragraph; else the document date. A date is never carried across
// paragraphs (on the reference article a narrative date carried that far was
// wrong more often than right), nor into a sentence that names a period
// without a day ("in the last six months"). Reads the time mentions of the
// time stage; holds pointers into doc.mentions, so build it after the time
// stage and do not add mentions while it is in use.
struct DatedAs {
  std::string date;  // ISO day, empty when unknown
  std::string rule;  // why: "sentence: \"May 4, 2023\" (explicit)", "document date", ...
};

class DocumentDates {
 public:
  explicit DocumentDates(const Document& doc);
  // The date of what is told around token `anchor` of sentence `sentence`;
  // time expressions inside `skip` are not considered (a statement's date is
  // not a date its content talks about).
  DatedAs At(uint32_t sentence, uint32_t anchor, Span skip = {}) const;
  // The resolved time mentions of one sentence, in text order.
  const std::vector<const Mention*>& Times(uint32_t sentence) const { return times_[sentence]; }

 private:
  const Document& doc_;
  std::vector<std::vector<const Mention*>> times_;
  std::vector<DatedAs> carried_;  // per sentence: the date when it names none
};

// The largest four-digit year 1900..2100 mentioned in the text ("May 4, 2023"),
// or 0: the reference year when a document has no date.
int LatestYearMentioned(const Document& doc);

}  // namespace dyad
