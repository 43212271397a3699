// Proleptic Gregorian calendar arithmetic: day counts relative to 1970-01-01,
// weekdays, ISO formatting. The day-count conversions follow the well-known
// "days from civil" scheme (a year starting in March, 400-year eras of 146097
// days), so they are exact for every year 1..9999 without loops or tables.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dyad/time.h"

namespace dyad {
namespace {

bool IsLeap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Appends `value` zero-padded to `width` digits (value assumed >= 0).
void AppendPadded(std::string& out, int value, int width) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()); i < width; ++i) out.push_back('0');
  out += digits;
}

// Parses exactly `n` ASCII digits at s[pos..pos+n); -1 if any is not a digit.
int ParseDigits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::string Date::ToIso() const {
  if (!valid()) return {};
  std::string out;
  out.reserve(10);
  AppendPadded(out, year, 4);
  out.push_back('-');
  AppendPadded(out, month, 2);
  if (day > 0) {
    out.push_back('-');
    AppendPadded(out, day, 2);
  }
  return out;
}

// Accepts "YYYY-MM" and "YYYY-MM-DD". A full date may be followed by a time
// part ("2024-01-27T10:15:00Z", "2024-01-27 10:15"), which is ignored: feeds
// often carry timestamps where a day is wanted.
std::optional<Date> Date::FromIso(std::string_view s) {
  if (s.size() < 7) return std::nullopt;
  int year = ParseDigits(s, 0, 4);
  if (year < 1 || s[4] != '-') return std::nullopt;
  int month = ParseDigits(s, 5, 2);
  if (month < 1 || month > 12) return std::nullopt;
  if (s.size() == 7) return Date{year, month, 0};
  if (s.size() < 10 || s[7] != '-') return std::nullopt;
  int day = ParseDigits(s, 8, 2);
  if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  if (s.size() > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  return Date{year, month, day};
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeap(year)) return 29;
  return kDays[month - 1];
}

long DaysFromCivil(int year, int month, int day) {
  // Shift the year so it starts on March 1: the leap day becomes the last day.
  const long y = static_cast<long>(year) - (month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;                                      // [0, 399]
  const long mp = month > 2 ? month - 3 : month + 9;                   // [0, 11], March = 0
  const long doy = (153 * mp + 2) / 5 + day - 1;                       // [0, 365]
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              // [0, 146096]
  return era * 146097 + doe - 719468;  // 719468 = days from 0000-03-01 to 1970-01-01
}

Date CivilFromDays(long days) {
  const long z = days + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;                                          // [0, 146096]
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;     // [0, 399]
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                   // [0, 365]
  const long mp = (5 * doy + 2) / 153;                                        // [0, 11]
  const long day = doy - (153 * mp + 2) / 5 + 1;                              // [1, 31]
  const long month = mp < 10 ? mp + 3 : mp - 9;                               // [1, 12]
  const long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return Date{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

int Weekday(int year, int month, int day) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  long w = (DaysFromCivil(year, month, day) + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w);
}

}  // namespace dyad
