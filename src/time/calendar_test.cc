#include <gtest/gtest.h>

#include "dyad/time.h"

namespace dyad {
namespace {

TEST(CalendarTest, KnownWeekdays) {
  EXPECT_EQ(Weekday(2024, 1, 27), 5);  // Saturday
  EXPECT_EQ(Weekday(2023, 5, 4), 3);   // Thursday
  EXPECT_EQ(Weekday(2000, 2, 29), 1);  // Tuesday
  EXPECT_EQ(Weekday(1970, 1, 1), 3);   // Thursday
  EXPECT_EQ(Weekday(1969, 12, 31), 2); // Wednesday
  EXPECT_EQ(Weekday(2024, 1, 25), 3);  // Thursday
  EXPECT_EQ(Weekday(1, 1, 1), 0);      // Monday (proleptic Gregorian)
  EXPECT_EQ(Weekday(9999, 12, 31), 4); // Friday
  EXPECT_EQ(Weekday(1600, 3, 1), 2);   // Wednesday
}

TEST(CalendarTest, DaysFromCivilKnownValues) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 1, 1), 10957);
  EXPECT_EQ(DaysFromCivil(2024, 1, 27), 19749);
  EXPECT_EQ(DaysFromCivil(1, 1, 1), -719162);
  EXPECT_EQ(DaysFromCivil(9999, 12, 31), 2932896);
  EXPECT_EQ(DaysFromCivil(1600, 3, 1), -135080);
}

TEST(CalendarTest, CivilFromDaysKnownValues) {
  EXPECT_EQ(CivilFromDays(0), (Date{1970, 1, 1}));
  EXPECT_EQ(CivilFromDays(-1), (Date{1969, 12, 31}));
  EXPECT_EQ(CivilFromDays(19749), (Date{2024, 1, 27}));
  EXPECT_EQ(CivilFromDays(-719162), (Date{1, 1, 1}));
  EXPECT_EQ(CivilFromDays(2932896), (Date{9999, 12, 31}));
}

// Every day of years 1..9999: the day count goes up by one, the round trip is
// exact and the weekday advances by one.
TEST(CalendarTest, RoundTripEveryDayYears1To9999) {
  long expected = DaysFromCivil(1, 1, 1);
  int weekday = Weekday(1, 1, 1);
  for (int y = 1; y <= 9999; ++y) {
    for (int m = 1; m <= 12; ++m) {
      const int n = DaysInMonth(y, m);
      for (int d = 1; d <= n; ++d) {
        const long days = DaysFromCivil(y, m, d);
        ASSERT_EQ(days, expected) << y << "-" << m << "-" << d;
        ASSERT_EQ(CivilFromDays(days), (Date{y, m, d}));
        ASSERT_EQ(Weekday(y, m, d), weekday) << y << "-" << m << "-" << d;
        ++expected;
        weekday = (weekday + 1) % 7;
      }
    }
  }
}

TEST(CalendarTest, DaysInMonthLeapRules) {
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 1), 31);
  EXPECT_EQ(DaysInMonth(2024, 4), 30);
  EXPECT_EQ(DaysInMonth(2024, 12), 31);
  EXPECT_EQ(DaysInMonth(2024, 0), 0);
  EXPECT_EQ(DaysInMonth(2024, 13), 0);
}

TEST(DateTest, ToIso) {
  EXPECT_EQ((Date{2024, 1, 27}).ToIso(), "2024-01-27");
  EXPECT_EQ((Date{2024, 1, 0}).ToIso(), "2024-01");
  EXPECT_EQ((Date{99, 12, 5}).ToIso(), "0099-12-05");
  EXPECT_EQ((Date{}).ToIso(), "");
  EXPECT_EQ((Date{2024, 13, 1}).ToIso(), "");
}

TEST(DateTest, FromIsoValid) {
  EXPECT_EQ(Date::FromIso("2024-01-27"), (Date{2024, 1, 27}));
  EXPECT_EQ(Date::FromIso("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_EQ(Date::FromIso("2024-01"), (Date{2024, 1, 0}));
  EXPECT_EQ(Date::FromIso("2024-01-27T10:15:00Z"), (Date{2024, 1, 27}));
  EXPECT_EQ(Date::FromIso("2024-01-27 10:15"), (Date{2024, 1, 27}));
}

TEST(DateTest, FromIsoInvalid) {
  for (const char* s : {"", "2024", "2024-1-27", "2024-13-01", "2024-00-10", "2023-02-29",
                        "2024-04-31", "2024-01-00", "0000-01-01", "abcd-ef-gh", "2024/01/27",
                        "2024-01-27x", "2024-01-2", "2024-01-", "20240127", "-024-01-01"}) {
    EXPECT_FALSE(Date::FromIso(s).has_value()) << s;
  }
}

TEST(DateTest, IsoRoundTrip) {
  for (const Date& d : {Date{2024, 1, 27}, Date{1970, 1, 1}, Date{2024, 2, 0}, Date{1, 1, 1},
                        Date{9999, 12, 31}}) {
    auto back = Date::FromIso(d.ToIso());
    ASSERT_TRUE(back.has_value()) << d.ToIso();
    EXPECT_EQ(*back, d);
  }
}

TEST(DateTest, Valid) {
  EXPECT_TRUE((Date{2024, 1, 0}).valid());
  EXPECT_FALSE((Date{0, 1, 1}).valid());
  EXPECT_FALSE((Date{2024, 0, 1}).valid());
}

}  // namespace
}  // namespace dyad
