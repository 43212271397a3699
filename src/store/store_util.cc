#include "store/store_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace dyad::store_util {

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Root(const std::string& code) { return code.substr(0, std::min<size_t>(3, code.size())); }

Polarity PolarityFrom(std::string_view s) { return s == "negated" ? Polarity::kNegated : Polarity::kAsserted; }

Modality ModalityFrom(std::string_view s) {
  if (s == "future") return Modality::kFuture;
  if (s == "hypothetical") return Modality::kHypothetical;
  if (s == "question") return Modality::kQuestion;
  if (s == "reported") return Modality::kReported;
  return Modality::kActual;
}

MentionKind KindFrom(std::string_view s) {
  if (s == "agent") return MentionKind::kAgent;
  if (s == "place") return MentionKind::kPlace;
  if (s == "time") return MentionKind::kTime;
  return MentionKind::kActor;
}

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

}  // namespace

std::string IsoWeek(const std::string& day) {
  int y = std::stoi(day.substr(0, 4));
  unsigned m = std::stoul(day.substr(5, 2)), d = std::stoul(day.substr(8, 2));
  int64_t days = DaysFromCivil(y, m, d);
  int wd = static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;  // 1 = Monday (1970-01-01 was a Thursday)
  int64_t thursday = days - wd + 4;
  // The ISO year is the year of that Thursday.
  int iso_year = y;
  if (thursday < DaysFromCivil(y, 1, 1)) iso_year = y - 1;
  else if (thursday >= DaysFromCivil(y + 1, 1, 1)) iso_year = y + 1;
  int week = static_cast<int>((thursday - DaysFromCivil(iso_year, 1, 1)) / 7) + 1;
  return fmt::format("{:04d}-W{:02d}", iso_year, week);
}

}  // namespace dyad::store_util
