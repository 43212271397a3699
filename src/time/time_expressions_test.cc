#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "dyad/time.h"
#include "test_util.h"

namespace dyad {
namespace {

// ---- A tiny tokenizer for these tests only (the real one lives elsewhere). ----

enum class Split {
  kFine,   // runs of letters/digits are tokens; every other character is its own token
  kWords,  // whitespace-separated; leading/trailing brackets, quotes and , ; : ! ? peeled off
};

bool IsWordByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || u >= 0x80;
}

void AddToken(Document& doc, uint32_t begin, uint32_t end) {
  Token t;
  t.span = {begin, end};
  t.norm = doc.text.substr(begin, end - begin);
  t.lower = t.norm;
  bool digits = true, letters = false;
  for (char& c : t.lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < '0' || c > '9') digits = false;
    if (c >= 'a' && c <= 'z') letters = true;
  }
  if (digits) t.flags |= kTokNumber;
  else if (letters) t.flags |= kTokWord;
  else t.flags |= kTokPunct;
  if (end < doc.text.size() && doc.text[end] == ' ') t.flags |= kTokSpaceAfter;
  doc.tokens.push_back(std::move(t));
}

Document MakeDoc(const std::string& text, Split mode = Split::kFine) {
  Document doc;
  doc.text = text;
  const uint32_t n = static_cast<uint32_t>(text.size());
  uint32_t i = 0;
  while (i < n) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    if (mode == Split::kFine) {
      uint32_t j = i;
      while (j < n && IsWordByte(text[j])) ++j;
      if (j == i) j = i + 1;
      AddToken(doc, i, j);
      i = j;
      continue;
    }
    uint32_t j = i;
    while (j < n && text[j] != ' ') ++j;
    uint32_t b = i, e = j;
    auto lead = [](char c) { return c == '(' || c == '"' || c == '\''; };
    auto trail = [](char c) {
      return c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == '"';
    };
    while (b < e && lead(text[b])) {
      AddToken(doc, b, b + 1);
      ++b;
    }
    uint32_t stop = e;
    while (stop > b && trail(text[stop - 1])) --stop;
    if (stop > b) AddToken(doc, b, stop);
    for (uint32_t k = stop; k < e; ++k) AddToken(doc, k, k + 1);
    i = j;
  }
  doc.sentences.push_back(Sentence{{0, n}, 0, static_cast<uint32_t>(doc.tokens.size()), 0});
  return doc;
}

TimeContext Ctx(const char* doc_date = nullptr, int reference_year = 0) {
  TimeContext ctx;
  if (doc_date) ctx.document_date = Date::FromIso(doc_date);
  ctx.reference_year = reference_year;
  return ctx;
}

std::vector<TimeExpression> Find(const Document& doc, const TimeContext& ctx) {
  return FindTimeExpressions(doc, 0, static_cast<uint32_t>(doc.tokens.size()), ctx);
}

// "surface text=ISO date" for every expression found: compact to compare.
std::vector<std::string> Summary(const std::string& text, const TimeContext& ctx,
                                 Split mode = Split::kFine) {
  Document doc = MakeDoc(text, mode);
  std::vector<std::string> out;
  for (const TimeExpression& e : Find(doc, ctx))
    out.push_back(std::string(doc.Text(e.span)) + "=" + e.date.ToIso());
  return out;
}

using V = std::vector<std::string>;

// ---- Explicit dates ----

TEST(TimeExpressionsTest, ExplicitMonthDayYear) {
  EXPECT_EQ(Summary("The talks began on May 4, 2023 in Doha.", Ctx()), (V{"May 4, 2023=2023-05-04"}));
  EXPECT_EQ(Summary("On January 27, 2024, the army moved.", Ctx()),
            (V{"January 27, 2024=2024-01-27"}));
  EXPECT_EQ(Summary("On January 27th, 2024 they met.", Ctx()),
            (V{"January 27th, 2024=2024-01-27"}));
  Document doc = MakeDoc("May 4, 2023");
  auto found = Find(doc, Ctx("2024-06-01", 2010));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "explicit date");  // an explicit year wins over every context
}

TEST(TimeExpressionsTest, ExplicitDayMonthYear) {
  EXPECT_EQ(Summary("Signed on 4 May 2023 in Cairo.", Ctx()), (V{"4 May 2023=2023-05-04"}));
  EXPECT_EQ(Summary("Signed on 4 May, 2023.", Ctx()), (V{"4 May, 2023=2023-05-04"}));
  EXPECT_EQ(Summary("the 27th of January 2024", Ctx()), (V{"27th of January 2024=2024-01-27"}));
}

TEST(TimeExpressionsTest, AbbreviatedMonths) {
  // "Jan" "." as two tokens, and "Jan." as one.
  EXPECT_EQ(Summary("On Jan. 27, 2024 it ended.", Ctx()), (V{"Jan. 27, 2024=2024-01-27"}));
  EXPECT_EQ(Summary("On Jan. 27, 2024 it ended.", Ctx(), Split::kWords),
            (V{"Jan. 27, 2024=2024-01-27"}));
  EXPECT_EQ(Summary("On Jan 27 2024 it ended.", Ctx()), (V{"Jan 27 2024=2024-01-27"}));
  EXPECT_EQ(Summary("By Sept. 3, 2023 and Dec 1 2022", Ctx(), Split::kWords),
            (V{"Sept. 3, 2023=2023-09-03", "Dec 1 2022=2022-12-01"}));
}

TEST(TimeExpressionsTest, IsoNumericDates) {
  EXPECT_EQ(Summary("Posted 2024-01-27 by staff", Ctx()), (V{"2024-01-27=2024-01-27"}));
  EXPECT_EQ(Summary("Posted 2024-01-27 by staff", Ctx(), Split::kWords),
            (V{"2024-01-27=2024-01-27"}));
  EXPECT_EQ(Summary("Posted 2024/01/27.", Ctx()), (V{"2024/01/27=2024-01-27"}));
  // Spaced out, it is arithmetic or a range, not a date.
  EXPECT_EQ(Summary("scores 2024 - 01 - 27", Ctx()), V{});
  EXPECT_EQ(Summary("on 2024-02-30", Ctx(), Split::kWords), V{});
  EXPECT_EQ(Summary("on 2024-13-01", Ctx(), Split::kWords), V{});
}

TEST(TimeExpressionsTest, SlashDatesOnlyWhenUnambiguous) {
  EXPECT_EQ(Summary("on 27/01/2024 troops", Ctx()), (V{"27/01/2024=2024-01-27"}));
  EXPECT_EQ(Summary("on 27/01/2024 troops", Ctx(), Split::kWords), (V{"27/01/2024=2024-01-27"}));
  EXPECT_EQ(Summary("on 01/27/2024 troops", Ctx(), Split::kWords), (V{"01/27/2024=2024-01-27"}));
  EXPECT_EQ(Summary("on 27.01.2024 troops", Ctx(), Split::kWords), (V{"27.01.2024=2024-01-27"}));
  EXPECT_EQ(Summary("on 05/05/2024 troops", Ctx(), Split::kWords), (V{"05/05/2024=2024-05-05"}));
  // 05/06/2024: May 6 or 5 June? Skipped rather than guessed.
  EXPECT_EQ(Summary("on 05/06/2024 troops", Ctx(), Split::kWords), V{});
  EXPECT_EQ(Summary("on 05/06/2024 troops", Ctx()), V{});
  EXPECT_EQ(Summary("on 31/31/2024", Ctx(), Split::kWords), V{});
}

TEST(TimeExpressionsTest, MonthPrecision) {
  Document doc = MakeDoc("Elections were held in January 2024 and again in Feb. 2025.");
  auto found = Find(doc, Ctx());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(doc.Text(found[0].span), "January 2024");
  EXPECT_EQ(found[0].date, (Date{2024, 1, 0}));
  EXPECT_EQ(found[0].date.ToIso(), "2024-01");
  EXPECT_EQ(found[0].rule, "explicit month");
  EXPECT_EQ(doc.Text(found[1].span), "Feb. 2025");
  EXPECT_EQ(found[1].date.ToIso(), "2025-02");
  // "In January, 2000 people marched": the comma breaks month precision.
  EXPECT_EQ(Summary("In January, 2000 people marched", Ctx()), V{});
}

TEST(TimeExpressionsTest, YearAloneNotEmitted) {
  EXPECT_EQ(Summary("The war began in 2023 and ended in 2024.", Ctx("2024-06-01")), V{});
}

// ---- Month-day without a year ----

TEST(TimeExpressionsTest, MonthDayYearFromDocumentDate) {
  EXPECT_EQ(Summary("Talks on January 27 failed.", Ctx("2024-02-01")),
            (V{"January 27=2024-01-27"}));
  EXPECT_EQ(Summary("Talks on 27 January failed.", Ctx("2024-02-01")),
            (V{"27 January=2024-01-27"}));
  EXPECT_EQ(Summary("Talks on Jan. 25 failed.", Ctx("2024-02-01")), (V{"Jan. 25=2024-01-25"}));
  // Around new year: the nearest year.
  EXPECT_EQ(Summary("since December 30", Ctx("2024-01-05")), (V{"December 30=2023-12-30"}));
  EXPECT_EQ(Summary("by March 3", Ctx("2024-01-05")), (V{"March 3=2024-03-03"}));
  // More than ~10 months ahead is read as the past.
  EXPECT_EQ(Summary("on November 20", Ctx("2024-01-05")), (V{"November 20=2023-11-20"}));
  Document doc = MakeDoc("on January 27");
  auto found = Find(doc, Ctx("2024-02-01"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].rule.find("document date 2024-02-01"), std::string::npos) << found[0].rule;
}

TEST(TimeExpressionsTest, MonthDayYearFromReferenceYear) {
  EXPECT_EQ(Summary("Talks on January 27 failed.", Ctx(nullptr, 2019)),
            (V{"January 27=2019-01-27"}));
  // February 29 needs a leap year.
  EXPECT_EQ(Summary("on February 29", Ctx(nullptr, 2023)), V{});
  EXPECT_EQ(Summary("on February 29", Ctx(nullptr, 2024)), (V{"February 29=2024-02-29"}));
}

TEST(TimeExpressionsTest, MonthDayWithoutAnyYearOmitted) {
  EXPECT_EQ(Summary("Talks on January 27 failed.", Ctx()), V{});
}

// ---- Weekday + month-day ----

TEST(TimeExpressionsTest, WeekdayPinsYearNearestReference) {
  Document doc = MakeDoc("On Saturday, January 27, rockets hit the base.");
  auto found = Find(doc, Ctx(nullptr, 2023));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].date, (Date{2024, 1, 27}));
  EXPECT_EQ(doc.Text(found[0].span), "Saturday, January 27");
  EXPECT_EQ(found[0].rule, "weekday Saturday pins year 2024 (nearest to reference 2023)");

  EXPECT_EQ(Summary("Thursday, January 25", Ctx(nullptr, 2023)),
            (V{"Thursday, January 25=2024-01-25"}));
  EXPECT_EQ(Summary("Saturday January 27", Ctx(nullptr, 2023)),
            (V{"Saturday January 27=2024-01-27"}));
  EXPECT_EQ(Summary("on Saturday, 27 January", Ctx(nullptr, 2023)),
            (V{"Saturday, 27 January=2024-01-27"}));
  EXPECT_EQ(Summary("on Sat., Jan. 27", Ctx(nullptr, 2023)), (V{"Sat., Jan. 27=2024-01-27"}));
  // Exactly in the reference year when it fits.
  EXPECT_EQ(Summary("Thursday, May 4", Ctx(nullptr, 2023)), (V{"Thursday, May 4=2023-05-04"}));
  // Ties go to the later year: Jan 1 was a Monday in 2018 and 2024; reference 2021.
  EXPECT_EQ(Summary("Monday, January 1", Ctx(nullptr, 2021)),
            (V{"Monday, January 1=2024-01-01"}));
  // Leap day: only leap years qualify (Thursday Feb 29: 2024, 1996).
  EXPECT_EQ(Summary("Thursday, February 29", Ctx(nullptr, 2011)),
            (V{"Thursday, February 29=2024-02-29"}));
}

TEST(TimeExpressionsTest, WeekdayPinsYearWithoutReference) {
  using namespace std::chrono;
  const int now = CivilFromDays(static_cast<long>(
                      floor<days>(system_clock::now()).time_since_epoch().count()))
                      .year;
  int expected = std::min(now, 2100);
  while (Weekday(expected, 1, 27) != 5) --expected;
  Document doc = MakeDoc("Saturday, January 27");
  auto found = Find(doc, Ctx());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].date, (Date{expected, 1, 27}));
  EXPECT_LE(found[0].date.year, now);
  EXPECT_NE(found[0].rule.find("most recent"), std::string::npos) << found[0].rule;
}

TEST(TimeExpressionsTest, WeekdayWithDocumentDateUsesDocumentDate) {
  Document doc = MakeDoc("Saturday, January 27");
  auto found = Find(doc, Ctx("2024-02-01", 2019));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].date, (Date{2024, 1, 27}));
  EXPECT_NE(found[0].rule.find("agrees"), std::string::npos) << found[0].rule;

  Document wrong = MakeDoc("Friday, January 27");
  found = Find(wrong, Ctx("2024-02-01"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].date, (Date{2024, 1, 27}));
  EXPECT_NE(found[0].rule.find("note: text says Friday but 2024-01-27 is a Saturday"),
            std::string::npos)
      << found[0].rule;
}

TEST(TimeExpressionsTest, WeekdayWithExplicitYear) {
  Document doc = MakeDoc("Saturday, January 27, 2024");
  auto found = Find(doc, Ctx(nullptr, 1990));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].date, (Date{2024, 1, 27}));
  EXPECT_EQ(doc.Text(found[0].span), "Saturday, January 27, 2024");
  EXPECT_EQ(found[0].rule, "explicit date (weekday Saturday agrees)");
}

// ---- Relative to the document date (2024-02-01 is a Thursday) ----

TEST(TimeExpressionsTest, RelativeDays) {
  EXPECT_EQ(Summary("Officials said today that yesterday's raid and tomorrow's vote",
                    Ctx("2024-02-01")),
            (V{"today=2024-02-01", "yesterday=2024-01-31", "tomorrow=2024-02-02"}));
  EXPECT_EQ(Summary("Across the year boundary yesterday", Ctx("2024-01-01")),
            (V{"yesterday=2023-12-31"}));
  EXPECT_EQ(Summary("explosions last night", Ctx("2024-03-01")), (V{"last night=2024-02-29"}));
}

TEST(TimeExpressionsTest, RelativeWeekdays) {
  const TimeContext ctx = Ctx("2024-02-01");
  EXPECT_EQ(Summary("The minister said on Thursday", ctx), (V{"Thursday=2024-02-01"}));
  EXPECT_EQ(Summary("The minister said Monday", ctx), (V{"Monday=2024-01-29"}));
  EXPECT_EQ(Summary("The minister said last Thursday", ctx), (V{"last Thursday=2024-01-25"}));
  EXPECT_EQ(Summary("The minister said last Friday", ctx), (V{"last Friday=2024-01-26"}));
  EXPECT_EQ(Summary("The vote is next Thursday", ctx), (V{"next Thursday=2024-02-08"}));
  EXPECT_EQ(Summary("The vote is next Friday", ctx), (V{"next Friday=2024-02-02"}));
  Document doc = MakeDoc("last Thursday");
  auto found = Find(doc, ctx);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule,
            "relative: last Thursday, nearest strictly before document date 2024-02-01");
  // "the last Thursday of the month" is not a day relative to the document.
  EXPECT_EQ(Summary("on the last Thursday of the month", ctx), V{});
  EXPECT_EQ(Summary("protests every Friday", ctx), V{});
}

TEST(TimeExpressionsTest, RelativeAgo) {
  const TimeContext ctx = Ctx("2024-02-01");
  EXPECT_EQ(Summary("two days ago", ctx), (V{"two days ago=2024-01-30"}));
  EXPECT_EQ(Summary("2 days ago", ctx), (V{"2 days ago=2024-01-30"}));
  EXPECT_EQ(Summary("three weeks ago", ctx), (V{"three weeks ago=2024-01-11"}));
  EXPECT_EQ(Summary("a month ago", ctx), (V{"a month ago=2024-01"}));
  EXPECT_EQ(Summary("twelve months ago", ctx), (V{"twelve months ago=2023-02"}));
  EXPECT_EQ(Summary("two years ago", ctx), V{});  // year precision: not emitted
  Document doc = MakeDoc("2 days ago");
  auto found = Find(doc, ctx);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "relative: 2 days before document date 2024-02-01");
}

TEST(TimeExpressionsTest, RelativeWeekAndMonth) {
  const TimeContext ctx = Ctx("2024-02-01");
  EXPECT_EQ(Summary("clashes last week", ctx), (V{"last week=2024-01-25"}));
  EXPECT_EQ(Summary("clashes this week", ctx), (V{"this week=2024-02-01"}));
  EXPECT_EQ(Summary("clashes last month", ctx), (V{"last month=2024-01"}));
  EXPECT_EQ(Summary("clashes earlier this month", ctx), (V{"earlier this month=2024-02"}));
  EXPECT_EQ(Summary("clashes last month", Ctx("2024-01-15")), (V{"last month=2023-12"}));
  EXPECT_EQ(Summary("talks next month", Ctx("2024-12-15")), (V{"next month=2025-01"}));
  Document doc = MakeDoc("last week");
  auto found = Find(doc, ctx);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].rule.find("week precision"), std::string::npos) << found[0].rule;
}

TEST(TimeExpressionsTest, LastYearNotEmitted) {
  EXPECT_EQ(Summary("Prices rose last year and this year", Ctx("2024-02-01")), V{});
}

TEST(TimeExpressionsTest, LastSummer) {
  Document doc = MakeDoc("fighting last summer");
  auto found = Find(doc, Ctx("2024-02-01"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].date.ToIso(), "2023-07");
  EXPECT_EQ(doc.Text(found[0].span), "last summer");
  EXPECT_NE(found[0].rule.find("June-August of previous year -> 2023-07"), std::string::npos)
      << found[0].rule;
  EXPECT_EQ(Summary("fighting last summer", Ctx("2024-08-20")), (V{"last summer=2023-07"}));
  EXPECT_EQ(Summary("fighting last summer", Ctx("2024-10-01")), (V{"last summer=2024-07"}));
  EXPECT_EQ(Summary("fighting last winter", Ctx("2024-10-01")), (V{"last winter=2024-01"}));
}

TEST(TimeExpressionsTest, RelativeWithoutDocumentDateOmitted) {
  EXPECT_EQ(Summary("today, yesterday, on Thursday, last Thursday, two days ago, last week, "
                    "last month, last summer, earlier this month, this week",
                    Ctx(nullptr, 2023)),
            V{});
}

// ---- Things that are not dates ----

TEST(TimeExpressionsTest, NotDates) {
  const TimeContext ctx = Ctx("2024-02-01", 2024);
  for (const char* text :
       {"a 25-year plan", "in the 19th century", "won 170 seats", "5 new frameworks",
        "it may rain", "It May rain tomorrow's", "the march on Washington",
        "protesters march 5 miles", "the 5 may be delayed", "Of these, 5 may be delayed",
        "May 45", "January 32", "0 January", "the 1990s", "in 2023", "January 25-year plan",
        "up 12 march", "Article 5 of March", "3.5 percent", "10/20/30", "1/2"}) {
    Document doc = MakeDoc(text);
    auto found = Find(doc, ctx);
    for (const auto& e : found) {
      // "tomorrow" in the second sentence is a genuine relative date.
      EXPECT_EQ(doc.Text(e.span), "tomorrow") << text << " -> " << e.date.ToIso();
    }
  }
}

TEST(TimeExpressionsTest, MayAndMarchAsMonths) {
  const TimeContext ctx = Ctx(nullptr, 2023);
  EXPECT_EQ(Summary("Elections on May 4.", ctx), (V{"May 4=2023-05-04"}));
  EXPECT_EQ(Summary("elections on may 4.", ctx), (V{"may 4=2023-05-04"}));  // after "on"
  EXPECT_EQ(Summary("Elections in May 2023.", ctx), (V{"May 2023=2023-05"}));
  EXPECT_EQ(Summary("On 4 May, voters", ctx), (V{"4 May=2023-05-04"}));
  EXPECT_EQ(Summary("the March 5 rally", ctx), (V{"March 5=2023-03-05"}));
  EXPECT_EQ(Summary("since march 2020", ctx), (V{"march 2020=2020-03"}));
}

TEST(TimeExpressionsTest, ImpossibleCalendarDatesSkipped) {
  EXPECT_EQ(Summary("on February 30, 2024", Ctx()), V{});
  EXPECT_EQ(Summary("on February 29, 2023", Ctx()), V{});
  EXPECT_EQ(Summary("on April 31", Ctx("2024-05-01")), V{});
  EXPECT_EQ(Summary("on February 29, 2024", Ctx()), (V{"February 29, 2024=2024-02-29"}));
}

TEST(TimeExpressionsTest, SeveralExpressionsInOneSentence) {
  EXPECT_EQ(Summary("Between May 4, 2023 and 27 January 2024, and again yesterday.",
                    Ctx("2024-02-01")),
            (V{"May 4, 2023=2023-05-04", "27 January 2024=2024-01-27", "yesterday=2024-01-31"}));
}

// ---- Token ranges, spans and sentence bounds ----

TEST(TimeExpressionsTest, TokenRangeAndSpan) {
  Document doc = MakeDoc("Rockets hit on Saturday, January 27, officials said.");
  auto found = Find(doc, Ctx(nullptr, 2023));
  ASSERT_EQ(found.size(), 1u);
  const TimeExpression& e = found[0];
  EXPECT_EQ(doc.tokens[e.token_begin].lower, "saturday");
  EXPECT_EQ(doc.tokens[e.token_end - 1].lower, "27");
  EXPECT_EQ(e.token_end - e.token_begin, 4u);  // saturday , january 27
  EXPECT_EQ(e.span.begin, doc.tokens[e.token_begin].span.begin);
  EXPECT_EQ(e.span.end, doc.tokens[e.token_end - 1].span.end);
}

TEST(TimeExpressionsTest, SentenceRangeRespected) {
  Document doc = MakeDoc("On May 4, 2023 talks. On 27 January 2024 more talks.");
  uint32_t dot = 0;
  while (doc.tokens[dot].lower != ".") ++dot;
  auto first = FindTimeExpressions(doc, 0, dot + 1, Ctx());
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].date.ToIso(), "2023-05-04");
  auto second = FindTimeExpressions(doc, dot + 1, static_cast<uint32_t>(doc.tokens.size()), Ctx());
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].date.ToIso(), "2024-01-27");
  EXPECT_GE(second[0].token_begin, dot + 1);
  // A sentence cut right after "May 4": no year is read across the boundary.
  uint32_t four = 0;
  while (doc.tokens[four].lower != "4") ++four;
  auto cut = FindTimeExpressions(doc, 0, four + 1, Ctx(nullptr, 1999));
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut[0].date.ToIso(), "1999-05-04");
  // Out-of-range and empty ranges are harmless.
  EXPECT_TRUE(FindTimeExpressions(doc, 5, 5, Ctx()).empty());
  EXPECT_TRUE(FindTimeExpressions(doc, 9, 3, Ctx()).empty());
  EXPECT_TRUE(FindTimeExpressions(doc, 1000, 2000, Ctx()).empty());
  EXPECT_EQ(FindTimeExpressions(doc, 0, UINT32_MAX, Ctx()).size(), 2u);
}

TEST(TimeExpressionsTest, LongSentenceIsLinear) {
  const std::string chunk =
      "Saturday , January 27 , may the march 5 - 6 / 2024 last Thursday two days ago 170 ";
  std::string text;
  const int reps = 8000;  // ~150,000 tokens
  for (int i = 0; i < reps; ++i) text += chunk;
  Document doc = MakeDoc(text);
  ASSERT_GT(doc.tokens.size(), 100000u);
  const TimeContext ctx = Ctx("2024-02-01");
  auto start = std::chrono::steady_clock::now();
  auto found = Find(doc, ctx);
  auto elapsed = std::chrono::steady_clock::now() - start;
  // Per chunk: "Saturday, January 27", "last Thursday", "two days ago".
  EXPECT_EQ(found.size(), static_cast<size_t>(reps) * 3);
  EXPECT_LT(std::chrono::duration<double>(elapsed).count(), testing::TimeBudget(3.0));
  // And a 10,000-token sentence of nothing but numbers and separators.
  std::string numbers;
  for (int i = 0; i < 5000; ++i) numbers += std::to_string(i % 40) + "/";
  Document nd = MakeDoc(numbers);
  EXPECT_TRUE(Find(nd, ctx).empty());
}

TEST(TimeExpressionsTest, GarbageTokensDoNotCrash) {
  const std::vector<std::string> vocab = {
      "", "-", "/", ".", ",", "the", "of", "on", "last", "next", "this", "ago", "a", "days",
      "weeks", "months", "month", "week", "summer", "winter", "may", "jan", "jan.", "sat", "th",
      "saturday", "thursday", "today", "yesterday", "27", "27th", "31", "0", "00", "99",
      "2024", "0000", "9999", "99999999999999999999", "2024-13-45", "31/31/2024", "0/0/0000",
      "2024-01-27", "1-2-3-4", "--", "//", "\xff\xfe", "\xe2\x80\x99", "twelve", "earlier"};
  std::mt19937 rng(12345);
  const std::vector<TimeContext> contexts = {
      Ctx(), Ctx("2024-02-01"), Ctx("0001-01-01"), Ctx("9999-12-31"), Ctx(nullptr, -5),
      Ctx(nullptr, 1), Ctx(nullptr, 9999), Ctx(nullptr, INT_MAX), Ctx(nullptr, INT_MIN)};
  for (int round = 0; round < 200; ++round) {
    Document doc;
    doc.text = "Some text";
    const int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      Token t;
      t.lower = vocab[rng() % vocab.size()];
      t.norm = t.lower;
      t.span = {static_cast<uint32_t>(rng() % 20), static_cast<uint32_t>(rng() % 20)};
      doc.tokens.push_back(std::move(t));
    }
    for (const TimeContext& ctx : contexts) {
      auto found = FindTimeExpressions(doc, 0, static_cast<uint32_t>(doc.tokens.size()), ctx);
      for (const auto& e : found) {
        EXPECT_LT(e.token_begin, e.token_end);
        EXPECT_LE(e.token_end, doc.tokens.size());
        EXPECT_TRUE(e.date.valid());
        EXPECT_FALSE(e.rule.empty());
      }
    }
  }
  // A document date that is not a real day is no anchor.
  TimeContext bad;
  bad.document_date = Date{2024, 2, 30};
  EXPECT_TRUE(Find(MakeDoc("yesterday"), bad).empty());
}

// ---- LatestYearMentioned ----

TEST(TimeExpressionsTest, LatestYearMentioned) {
  EXPECT_EQ(LatestYearMentioned(MakeDoc("On May 4, 2023 and in 1999 they met.")), 2023);
  EXPECT_EQ(LatestYearMentioned(MakeDoc("In 2150 or 12345 or 1899 nothing")), 0);
  EXPECT_EQ(LatestYearMentioned(MakeDoc("No years at all")), 0);
  EXPECT_EQ(LatestYearMentioned(Document{}), 0);
  EXPECT_EQ(LatestYearMentioned(MakeDoc("1900 and 2100")), 2100);
  EXPECT_EQ(LatestYearMentioned(MakeDoc("posted 2024-01-27")), 2024);  // split tokens
  EXPECT_EQ(LatestYearMentioned(MakeDoc("posted 2024-01-27", Split::kWords)), 0);  // not pure digits
  EXPECT_EQ(LatestYearMentioned(MakeDoc("the 2020s and 2019th")), 0);
}

}  // namespace
}  // namespace dyad
