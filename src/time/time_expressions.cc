// Time expressions in news English, found over the tokens of one sentence.
//
// The scanner walks the sentence left to right; at each token it tries a fixed
// set of patterns, each looking at most a handful of tokens ahead (and one
// behind), so a sentence costs time linear in its length whatever it contains.
// The first pattern that matches consumes its tokens.
//
//   weekday-led    "Saturday, January 27", "on Saturday, 27 January 2024"
//   numeric        "2024-01-27", "27/01/2024", "01/27/2024" (one token or split)
//   day-first      "4 May 2023", "27 January", "27th of January"
//   month-first    "May 4, 2023", "Jan. 27 2024", "January 2024", "January 27"
//   relative       "today", "yesterday", "on Thursday", "last Thursday",
//                  "two days ago", "last week", "last month", "last summer"...
//
// Month words that are also ordinary words ("may", "march") count only with a
// day or year beside them, and without a year only when capitalised or after a
// preposition. Years alone ("in 2023") and year-precision relatives ("last
// year") are too coarse to be useful and are not emitted.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/time.h"

namespace dyad {
namespace {

constexpr std::array<const char*, 7> kWeekdayNames = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

// Forward-looking limit for a month-day without a year: news mostly reports
// the recent past, so a date more than ~10 months after the document date is
// taken to be in the previous year.
constexpr long kMaxFutureDays = 304;

bool IsAllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Value of a short all-digit string, -1 if not all digits or longer than max_len.
int SmallNumber(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len || !IsAllDigits(s)) return -1;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

struct MonthWord {
  int month;           // 1..12
  bool ambiguous;      // also an ordinary English word ("may", "march")
};

std::optional<MonthWord> MonthOf(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);  // "jan."
  struct Entry {
    std::string_view word;
    int month;
    bool ambiguous;
  };
  static constexpr Entry kMonths[] = {
      {"january", 1, false},  {"jan", 1, false},   {"february", 2, false},
      {"feb", 2, false},      {"march", 3, true},  {"mar", 3, true},
      {"april", 4, false},    {"apr", 4, false},   {"may", 5, true},
      {"june", 6, false},     {"jun", 6, false},   {"july", 7, false},
      {"jul", 7, false},      {"august", 8, false}, {"aug", 8, false},
      {"september", 9, false}, {"sep", 9, false},  {"sept", 9, false},
      {"october", 10, false}, {"oct", 10, false},  {"november", 11, false},
      {"nov", 11, false},     {"december", 12, false}, {"dec", 12, false},
  };
  if (w.size() < 3 || w.size() > 9) return std::nullopt;
  for (const Entry& e : kMonths)
    if (e.word == w) return MonthWord{e.month, e.ambiguous};
  return std::nullopt;
}

// 0 = Monday ... 6 = Sunday; -1 if not a weekday name. Abbreviations ("sat",
// "wed") only when allow_abbrev: alone they are too often other words.
int WeekdayOf(std::string_view w, bool allow_abbrev) {
  static constexpr std::string_view kFull[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                                "friday", "saturday", "sunday"};
  for (int i = 0; i < 7; ++i)
    if (w == kFull[i]) return i;
  if (!allow_abbrev) return -1;
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  struct Entry {
    std::string_view word;
    int wd;
  };
  static constexpr Entry kAbbrev[] = {{"mon", 0}, {"tue", 1},   {"tues", 1},  {"wed", 2},
                                      {"thu", 3}, {"thur", 3},  {"thurs", 3}, {"fri", 4},
                                      {"sat", 5}, {"sun", 6}};
  for (const Entry& e : kAbbrev)
    if (e.word == w) return e.wd;
  return -1;
}

bool IsOrdinalSuffix(std::string_view s) {
  return s == "st" || s == "nd" || s == "rd" || s == "th";
}

// A day of the month: "27", "05", "27th", "1st". Returns 1..31 or -1.
// `ordinal` is set when the token carries an ordinal suffix.
int DayOf(std::string_view w, bool* ordinal) {
  if (ordinal) *ordinal = false;
  if (w.size() >= 3 && IsOrdinalSuffix(w.substr(w.size() - 2))) {
    int v = SmallNumber(w.substr(0, w.size() - 2), 2);
    if (v < 1 || v > 31) return -1;
    if (ordinal) *ordinal = true;
    return v;
  }
  int v = SmallNumber(w, 2);
  return (v >= 1 && v <= 31) ? v : -1;
}

// A four-digit year usable in an explicit date.
int YearOf(std::string_view w) {
  if (w.size() != 4) return -1;
  int v = SmallNumber(w, 4);
  return (v >= 1000 && v <= 2999) ? v : -1;
}

int NumberWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {"one", "two",   "three", "four",
                                                "five", "six",  "seven", "eight",
                                                "nine", "ten",  "eleven", "twelve"};
  for (int i = 0; i < 12; ++i)
    if (w == kWords[i]) return i + 1;
  if (w == "a" || w == "an") return 1;
  return SmallNumber(w, 3) > 0 ? SmallNumber(w, 3) : -1;
}

bool IsPreposition(std::string_view w) {
  static constexpr std::string_view kPreps[] = {"in",     "on",     "since",  "until",
                                                "till",   "til",    "of",     "by",
                                                "from",   "before", "after",  "between",
                                                "through", "to",    "during", "early",
                                                "late",   "mid",    "and",    "or"};
  for (std::string_view p : kPreps)
    if (w == p) return true;
  return false;
}

long DaysOf(const Date& d) { return DaysFromCivil(d.year, d.month, d.day); }

bool DayExists(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

Date AddMonths(const Date& d, int delta) {
  int index = d.year * 12 + (d.month - 1) + delta;
  return Date{index / 12, index % 12 + 1, 0};
}

int CurrentYear() {
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return CivilFromDays(static_cast<long>(today.time_since_epoch().count())).year;
}

std::string WeekdayName(int wd) { return kWeekdayNames[static_cast<size_t>(wd)]; }

// A month/day/year read from the text; year 0 = not given, day 0 = whole month.
struct Parsed {
  uint32_t end = 0;  // one past the last token consumed
  int month = 0;
  int day = 0;
  int year = 0;
};

class Scanner {
 public:
  Scanner(const Document& doc, uint32_t first, uint32_t last, const TimeContext& ctx)
      : doc_(doc), first_(first), last_(last), ctx_(ctx) {
    if (ctx_.document_date && ctx_.document_date->valid() && ctx_.document_date->day > 0 &&
        DayExists(ctx_.document_date->year, ctx_.document_date->month,
                  ctx_.document_date->day)) {
      anchor_ = *ctx_.document_date;
    }
  }

  std::vector<TimeExpression> Run() {
    std::vector<TimeExpression> out;
    uint32_t i = first_;
    while (i < last_) {
      uint32_t end = 0;
      if (MatchWeekdayLed(i, &end, out) || MatchNumeric(i, &end, out) ||
          MatchDayMonth(i, &end, out) || MatchMonthFirst(i, &end, out) ||
          MatchRelative(i, &end, out)) {
        i = std::max(end, i + 1);
      } else {
        ++i;
      }
    }
    return out;
  }

 private:
  std::string_view Lower(uint32_t i) const {
    return i >= first_ && i < last_ ? std::string_view(doc_.tokens[i].lower) : std::string_view();
  }

  // Surface text starts with an upper-case ASCII letter.
  bool Capitalised(uint32_t i) const {
    if (i >= last_) return false;
    std::string_view s = doc_.Text(doc_.tokens[i].span);
    if (s.empty()) s = doc_.tokens[i].norm;
    return !s.empty() && s[0] >= 'A' && s[0] <= 'Z';
  }

  // No whitespace between tokens a and a+1.
  bool Adjacent(uint32_t a) const {
    if (a + 1 >= last_) return false;
    return doc_.tokens[a].span.end == doc_.tokens[a + 1].span.begin;
  }

  bool PrevIsPreposition(uint32_t i) const { return i > first_ && IsPreposition(Lower(i - 1)); }

  void Emit(uint32_t begin, uint32_t end, const Date& date, std::string rule,
            std::vector<TimeExpression>& out) const {
    TimeExpression e;
    e.token_begin = begin;
    e.token_end = end;
    e.span.begin = doc_.tokens[begin].span.begin;
    e.span.end = std::max(doc_.tokens[end - 1].span.end, e.span.begin);
    e.date = date;
    e.rule = std::move(rule);
    out.push_back(std::move(e));
  }

  // After a month token at i: skips a detached "." of an abbreviation ("Jan" ".").
  uint32_t SkipAbbrevDot(uint32_t i) const {
    std::string_view w = Lower(i);
    if (w.size() <= 4 && !w.empty() && w.back() != '.' && Lower(i + 1) == "." && Adjacent(i))
      return i + 2;
    return i + 1;
  }

  // Reads an optional ", 2024" / " 2024" at j. Returns the year (or 0) and moves *j past it.
  int ReadYear(uint32_t* j) const {
    uint32_t k = *j;
    if (Lower(k) == ",") ++k;
    int y = YearOf(Lower(k));
    if (y <= 0) return 0;
    // "May 4, 2023-24" or "January 2024-2025": a range, not a plain year.
    if (Lower(k + 1) == "-" && Adjacent(k)) return 0;
    *j = k + 1;
    return y;
  }

  // "4 May 2023", "27 January", "27th of January", "4 May, 2023".
  std::optional<Parsed> ParseDayMonth(uint32_t i) const {
    bool ordinal = false;
    int day = DayOf(Lower(i), &ordinal);
    if (day < 0) return std::nullopt;
    uint32_t j = i + 1;
    if (IsOrdinalSuffix(Lower(j)) && Adjacent(i)) {
      ordinal = true;
      ++j;
    }
    if (Lower(j) == "of" && (ordinal || Lower(i - 1) == "the")) ++j;
    uint32_t month_tok = j;
    auto m = MonthOf(Lower(month_tok));
    if (!m) return std::nullopt;
    j = SkipAbbrevDot(month_tok);
    Parsed p;
    p.day = day;
    p.month = m->month;
    p.year = ReadYear(&j);
    p.end = j;
    if (p.year == 0 && m->ambiguous && !Capitalised(month_tok)) return std::nullopt;
    return p;
  }

  // "May 4, 2023", "Jan. 27 2024", "January 27th", "January 2024".
  std::optional<Parsed> ParseMonthFirst(uint32_t i) const {
    auto m = MonthOf(Lower(i));
    if (!m) return std::nullopt;
    uint32_t j = SkipAbbrevDot(i);
    Parsed p;
    p.month = m->month;
    bool ordinal = false;
    int day = DayOf(Lower(j), &ordinal);
    // "January 25-year plan", "March 5%": the number belongs to something else.
    if (day > 0 && Adjacent(j) && (Lower(j + 1) == "-" || Lower(j + 1) == "%")) day = -1;
    if (day > 0) {
      p.day = day;
      ++j;
      if (IsOrdinalSuffix(Lower(j)) && Adjacent(j - 1)) ++j;
      p.year = ReadYear(&j);
      p.end = j;
      // "protesters march 5 miles", "they may 2 ...": ordinary words.
      if (p.year == 0 && m->ambiguous && !Capitalised(i) && !PrevIsPreposition(i))
        return std::nullopt;
      return p;
    }
    p.year = ReadYear(&j);
    if (p.year == 0) return std::nullopt;
    // Month precision needs the year right after the month: "January 2024".
    if (Lower(SkipAbbrevDot(i)) == ",") return std::nullopt;
    p.end = j;
    return p;
  }

  // Resolves a parsed month/day/year into a date; explains how in *rule.
  // `weekday` >= 0 when the text also named the day of the week.
  std::optional<Date> Resolve(const Parsed& p, int weekday, std::string* rule) const {
    if (p.year > 0) {
      if (p.day == 0) {
        *rule = "explicit month";
        return Date{p.year, p.month, 0};
      }
      if (!DayExists(p.year, p.month, p.day)) return std::nullopt;
      Date d{p.year, p.month, p.day};
      *rule = "explicit date";
      if (weekday >= 0) *rule += WeekdayNote(d, weekday);
      return d;
    }
    if (anchor_) {
      auto d = YearFromAnchor(p.month, p.day);
      if (!d) return std::nullopt;
      *rule = "month-day without year: year " + std::to_string(d->year) +
              " from document date " + anchor_->ToIso() + " (nearest, at most ~10 months ahead)";
      if (weekday >= 0) *rule += WeekdayNote(*d, weekday);
      return d;
    }
    if (weekday >= 0) return WeekdayPinsYear(p.month, p.day, weekday, rule);
    if (ctx_.reference_year > 0) {
      if (!DayExists(ctx_.reference_year, p.month, p.day)) return std::nullopt;
      *rule = "month-day without year: reference year " + std::to_string(ctx_.reference_year);
      return Date{ctx_.reference_year, p.month, p.day};
    }
    return std::nullopt;  // no year, no anchor: left unresolved
  }

  static std::string WeekdayNote(const Date& d, int weekday) {
    int actual = Weekday(d.year, d.month, d.day);
    if (actual == weekday) return " (weekday " + WeekdayName(weekday) + " agrees)";
    return " (note: text says " + WeekdayName(weekday) + " but " + d.ToIso() + " is a " +
           WeekdayName(actual) + ")";
  }

  // The year around the document date that puts month/day nearest to it,
  // never more than kMaxFutureDays after it.
  std::optional<Date> YearFromAnchor(int month, int day) const {
    const long anchor_days = DaysOf(*anchor_);
    std::optional<Date> best;
    long best_dist = 0;
    for (int y = anchor_->year - 1; y <= anchor_->year + 1; ++y) {
      if (!DayExists(y, month, day)) continue;
      long delta = DaysFromCivil(y, month, day) - anchor_days;
      if (delta > kMaxFutureDays) continue;
      long dist = std::labs(delta);
      if (!best || dist < best_dist) {
        best = Date{y, month, day};
        best_dist = dist;
      }
    }
    return best;
  }

  // No document date: the weekday chooses among the years whose month/day
  // falls on it. With a reference year, the nearest such year (ties -> later);
  // without, the most recent one up to this year (and 2100).
  std::optional<Date> WeekdayPinsYear(int month, int day, int weekday, std::string* rule) const {
    auto fits = [&](int y) {
      return DayExists(y, month, day) && Weekday(y, month, day) == weekday;
    };
    // Weekdays repeat every 400 years, so 400 steps always suffice.
    if (ctx_.reference_year > 0) {
      const int ref = std::clamp(ctx_.reference_year, 1, 9999);
      for (int d = 0; d <= 400; ++d) {
        for (int y : {ref + d, ref - d}) {
          if (y < 1 || y > 9999 || !fits(y)) continue;
          *rule = "weekday " + WeekdayName(weekday) + " pins year " + std::to_string(y) +
                  " (nearest to reference " + std::to_string(ctx_.reference_year) + ")";
          return Date{y, month, day};
        }
      }
      return std::nullopt;
    }
    const int top = std::clamp(CurrentYear(), 1, 2100);
    for (int y = top; y >= 1 && y > top - 400; --y) {
      if (!fits(y)) continue;
      *rule = "weekday " + WeekdayName(weekday) + " pins year " + std::to_string(y) +
              " (most recent up to " + std::to_string(top) + ")";
      return Date{y, month, day};
    }
    return std::nullopt;
  }

  bool EmitParsed(uint32_t begin, const Parsed& p, int weekday, uint32_t* end,
                  std::vector<TimeExpression>& out) const {
    std::string rule;
    auto d = Resolve(p, weekday, &rule);
    *end = p.end;  // consumed even when unresolvable ("February 30"): no re-reading
    if (!d) return true;
    Emit(begin, p.end, *d, std::move(rule), out);
    return true;
  }

  // "Saturday, January 27", "Saturday January 27 2024", "Sat, 27 Jan".
  bool MatchWeekdayLed(uint32_t i, uint32_t* end, std::vector<TimeExpression>& out) const {
    int wd = WeekdayOf(Lower(i), true);
    if (wd < 0) return false;
    uint32_t j = i + 1;
    if (Lower(j) == "." && Adjacent(i)) ++j;  // "Sat."
    if (Lower(j) == ",") ++j;
    if (Lower(j) == "the") ++j;  // "Saturday the 27th of January"
    std::optional<Parsed> p = ParseDayMonth(j);
    if (!p) p = ParseMonthFirst(j);
    if (!p || p->day == 0) return false;
    return EmitParsed(i, *p, wd, end, out);
  }

  bool MatchDayMonth(uint32_t i, uint32_t* end, std::vector<TimeExpression>& out) const {
    auto p = ParseDayMonth(i);
    if (!p) return false;
    return EmitParsed(i, *p, -1, end, out);
  }

  bool MatchMonthFirst(uint32_t i, uint32_t* end, std::vector<TimeExpression>& out) const {
    auto p = ParseMonthFirst(i);
    if (!p) return false;
    return EmitParsed(i, *p, -1, end, out);
  }

  // Numeric dates, one token ("2024-01-27") or split ("2024" "-" "01" "-" "27").
  bool MatchNumeric(uint32_t i, uint32_t* end, std::vector<TimeExpression>& out) const {
    std::string_view parts[3];
    char sep = 0;
    uint32_t stop = i + 1;
    std::string_view w = Lower(i);
    if (w.empty() || w[0] < '0' || w[0] > '9') return false;
    if (IsAllDigits(w)) {
      // Split form: NUM SEP NUM SEP NUM, written without spaces.
      std::string_view s1 = Lower(i + 1);
      if ((s1 != "-" && s1 != "/" && s1 != ".") || Lower(i + 3) != s1) return false;
      for (uint32_t k = i; k < i + 4; ++k)
        if (!Adjacent(k)) return false;
      parts[0] = w;
      parts[1] = Lower(i + 2);
      parts[2] = Lower(i + 4);
      sep = s1[0];
      stop = i + 5;
    } else {
      size_t a = w.find_first_of("-/.");
      if (a == std::string_view::npos) return false;
      sep = w[a];
      size_t b = w.find(sep, a + 1);
      if (b == std::string_view::npos || w.find(sep, b + 1) != std::string_view::npos) return false;
      parts[0] = w.substr(0, a);
      parts[1] = w.substr(a + 1, b - a - 1);
      parts[2] = w.substr(b + 1);
    }
    for (auto& part : parts)
      if (!IsAllDigits(part) || part.size() > 4) return false;
    // Something continues the number ("2024-01-27-b", "1/2/2024/5"): not a date.
    if (stop < last_ && Adjacent(stop - 1) && IsAllDigits(Lower(stop))) return false;

    int year = 0, month = 0, day = 0;
    std::string rule;
    if (parts[0].size() == 4) {  // YYYY-MM-DD, YYYY/MM/DD
      if (sep == '.' || parts[1].size() > 2 || parts[2].size() > 2) return false;
      year = YearOf(parts[0]);
      month = SmallNumber(parts[1], 2);
      day = SmallNumber(parts[2], 2);
      rule = "explicit date (ISO numeric)";
    } else if (parts[2].size() == 4 && parts[0].size() <= 2 && parts[1].size() <= 2) {
      year = YearOf(parts[2]);
      int a = SmallNumber(parts[0], 2), b = SmallNumber(parts[1], 2);
      if (a > 12 && b <= 12) {
        day = a;
        month = b;
        rule = "explicit numeric date, day first (" + std::to_string(a) + " > 12)";
      } else if (b > 12 && a <= 12) {
        month = a;
        day = b;
        rule = "explicit numeric date, month first (" + std::to_string(b) + " > 12)";
      } else if (a == b) {
        day = month = a;
        rule = "explicit numeric date (day equals month)";
      } else {
        return false;  // 05/06/2024: day-first or month-first? skipped
      }
    } else {
      return false;
    }
    if (year <= 0 || !DayExists(year, month, day)) return false;
    Emit(i, stop, Date{year, month, day}, std::move(rule), out);
    *end = stop;
    return true;
  }

  // Expressions that need the document date.
  bool MatchRelative(uint32_t i, uint32_t* end, std::vector<TimeExpression>& out) const {
    if (!anchor_) return false;
    const Date& a = *anchor_;
    const long ad = DaysOf(a);
    const std::string iso = a.ToIso();
    std::string_view w = Lower(i);
    auto shifted = [&](long delta) { return CivilFromDays(ad + delta); };
    auto done = [&](uint32_t stop, const Date& d, std::string rule) {
      if (!d.valid() || d.year > 9999) return false;  // fell off the calendar
      Emit(i, stop, d, std::move(rule), out);
      *end = stop;
      return true;
    };

    if (w == "today" || w == "tonight")
      return done(i + 1, a, "relative: " + std::string(w) + " = document date " + iso);
    if (w == "yesterday") return done(i + 1, shifted(-1), "relative: yesterday, 1 day before document date " + iso);
    if (w == "tomorrow") return done(i + 1, shifted(1), "relative: tomorrow, 1 day after document date " + iso);

    // "earlier this month", "later this week".
    if ((w == "earlier" || w == "later") && Lower(i + 1) == "this") {
      std::string_view unit = Lower(i + 2);
      if (unit == "month")
        return done(i + 3, Date{a.year, a.month, 0},
                    "relative: " + std::string(w) + " this month = month of document date " + iso);
      if (unit == "week")
        return done(i + 3, a, "relative: " + std::string(w) + " this week -> document date " + iso +
                                  " (week precision)");
      return false;
    }

    // Plain weekday: the most recent such day on or before the document date.
    if (int wd = WeekdayOf(w, false); wd >= 0) {
      // "every Thursday", "the first Thursday of the month": not one day.
      static constexpr std::string_view kNotOneDay[] = {"every", "each", "the", "first", "second",
                                                        "third", "fourth", "last", "final"};
      if (Lower(i + 1) == "of") return false;
      if (i > first_)
        for (std::string_view b : kNotOneDay)
          if (Lower(i - 1) == b) return false;
      int back = (Weekday(a.year, a.month, a.day) - wd + 7) % 7;
      return done(i + 1, shifted(-back),
                  "relative: " + WeekdayName(wd) + ", most recent on or before document date " + iso);
    }

    if (w == "last" || w == "next" || w == "this" || w == "past") {
      std::string_view unit = Lower(i + 1);
      const bool after_the = i > first_ && (Lower(i - 1) == "the" || Lower(i - 1) == "that");
      const bool of_follows = Lower(i + 2) == "of";  // "last Thursday of the month"
      if (of_follows) return false;
      const int dir = (w == "next") ? 1 : (w == "this") ? 0 : -1;
      const std::string head = "relative: " + std::string(w) + " " + std::string(unit);

      if (int wd = WeekdayOf(unit, false); wd >= 0 && w != "past") {
        int today = Weekday(a.year, a.month, a.day);
        long delta;
        std::string how;
        if (dir < 0) {
          delta = -((today - wd + 6) % 7 + 1);
          how = "strictly before";
        } else if (dir > 0) {
          delta = (wd - today + 6) % 7 + 1;
          how = "strictly after";
        } else {
          delta = (wd - today + 7) % 7;
          how = "on or after";
        }
        return done(i + 2, shifted(delta), "relative: " + std::string(w) + " " + WeekdayName(wd) +
                                               ", nearest " + how + " document date " + iso);
      }
      if (unit == "night" && dir < 0 && w == "last" && !after_the)
        return done(i + 2, shifted(-1), "relative: last night, 1 day before document date " + iso);
      if (unit == "week" && !after_the && w != "past") {
        if (dir == 0)
          return done(i + 2, a, head + " -> document date " + iso + " (week precision)");
        return done(i + 2, shifted(7L * dir),
                    head + " -> 7 days " + (dir < 0 ? "before" : "after") + " document date " +
                        iso + " (week precision)");
      }
      if (unit == "month" && !after_the && w != "past") {
        return done(i + 2, AddMonths(a, dir),
                    head + " -> month " + AddMonths(a, dir).ToIso() + " (document date " + iso +
                        ")");
      }
      if (w != "past" && !after_the) {
        // Northern-hemisphere seasons, resolved to their middle month.
        struct Season {
          std::string_view word;
          int middle;  // month index relative to the season's year (Jan = 1)
          int last;    // month the season ends
          const char* span;
        };
        static constexpr Season kSeasons[] = {
            {"spring", 4, 5, "March-May"},
            {"summer", 7, 8, "June-August"},
            {"autumn", 10, 11, "September-November"},
            {"fall", 10, 11, "September-November"},
            {"winter", 1, 2, "December-February"},
        };
        for (const Season& s : kSeasons) {
          if (unit != s.word) continue;
          int year;
          std::string which;
          if (dir < 0) {  // the most recent season already over
            year = a.month > s.last ? a.year : a.year - 1;
            which = a.month > s.last ? "of the same year" : "of previous year";
          } else if (dir == 0) {
            year = a.year;
            which = "of the document year";
          } else {  // the next season not yet started
            year = a.month < s.middle - 1 ? a.year : a.year + 1;
            which = a.month < s.middle - 1 ? "of the same year" : "of next year";
          }
          Date d{year, s.middle, 0};
          return done(i + 2, d,
                      std::string(w) + " " + std::string(s.word) + ": " + s.span + " " + which +
                          " -> " + d.ToIso() + " (document date " + iso + ")");
        }
      }
      return false;  // "last year" (year precision) and the rest: not emitted
    }

    // "two days ago", "3 weeks ago", "a month ago".
    if (int n = NumberWord(w); n > 0 && Lower(i + 2) == "ago") {
      std::string_view unit = Lower(i + 1);
      if (!unit.empty() && unit.back() == 's') unit.remove_suffix(1);
      const std::string count = std::to_string(n);
      if (unit == "day")
        return done(i + 3, shifted(-n), "relative: " + count + " day" + (n == 1 ? "" : "s") +
                                            " before document date " + iso);
      if (unit == "week")
        return done(i + 3, shifted(-7L * n),
                    "relative: " + count + " week" + (n == 1 ? "" : "s") +
                        " before document date " + iso + " (week precision)");
      if (unit == "month" && n <= 120)
        return done(i + 3, AddMonths(a, -n),
                    "relative: " + count + " month" + (n == 1 ? "" : "s") +
                        " before document date " + iso + " (month precision)");
      return false;  // years ago: year precision, not emitted
    }
    return false;
  }

  const Document& doc_;
  uint32_t first_;
  uint32_t last_;
  const TimeContext& ctx_;
  std::optional<Date> anchor_;
};

}  // namespace

std::vector<TimeExpression> FindTimeExpressions(const Document& doc, uint32_t first,
                                                uint32_t last, const TimeContext& ctx) {
  const uint32_t n = static_cast<uint32_t>(std::min<size_t>(doc.tokens.size(), UINT32_MAX - 8));
  last = std::min(last, n);
  if (first >= last) return {};
  return Scanner(doc, first, last, ctx).Run();
}

int LatestYearMentioned(const Document& doc) {
  int best = 0;
  for (const Token& t : doc.tokens) {
    if (t.lower.size() != 4 || !IsAllDigits(t.lower)) continue;
    int y = SmallNumber(t.lower, 4);
    if (y >= 1900 && y <= 2100) best = std::max(best, y);
  }
  return best;
}

}  // namespace dyad
