#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <string>

#include "anc/date.hpp"
#include "anc/sample_time.hpp"

using namespace anc;

namespace {
constexpr std::int64_t minute = 60'000;
auto midnight(int y, int m, int d) -> std::int64_t {
  return days_from_civil({y, m, d}) * ms_per_day;
}
}  // namespace

TEST_CASE("sample times: every accepted form, read to the millisecond", "[sample_time]") {
  auto [text, ms] = GENERATE(table<std::string, std::int64_t>({
      {"2024-03-01", midnight(2024, 3, 1)},
      {"2024-03-01 08:30", midnight(2024, 3, 1) + (8 * 60 + 30) * minute},
      {"2024-03-01T08:30", midnight(2024, 3, 1) + (8 * 60 + 30) * minute},
      {"2024-03-01 08:30:15", midnight(2024, 3, 1) + (8 * 60 + 30) * minute + 15'000},
      {"2024-03-01T23:59:59.9", midnight(2024, 3, 2) - 100},
      {"2024-03-01T23:59:59.999", midnight(2024, 3, 2) - 1},
      {"2024-03-01T08:30Z", midnight(2024, 3, 1) + (8 * 60 + 30) * minute},
      // A zone makes an instant: 10:00 at +02:00 is 08:00 UTC.
      {"2024-03-01T10:00:00+02:00", midnight(2024, 3, 1) + 8 * 60 * minute},
      {"2024-03-01T00:30-01:00", midnight(2024, 3, 1) + 90 * minute},
      {"0001-01-01", midnight(1, 1, 1)},
      {"9999-12-31 23:59", midnight(9999, 12, 31) + (23 * 60 + 59) * minute},
  }));
  INFO(text);
  const time_result r = parse_sample_time(text);
  REQUIRE(r);
  CHECK(r.value.ms == ms);
  // Written back as it was written.
  CHECK(to_string(r.value) == text);
}

TEST_CASE("sample times that are not times are refused, naming why", "[sample_time]") {
  auto [text, ec] = GENERATE(table<std::string, time_error>({
      {"", time_error::empty},
      {"2024-3-1", time_error::bad_format},
      {"01/03/2024", time_error::bad_format},
      {"2024-03-01 8:30", time_error::bad_format},
      {"2024-03-01x08:30", time_error::bad_format},
      {"2024-03-01t08:30", time_error::bad_format},
      {"2024-03-01T08:30z", time_error::bad_format},
      {"2024-03-01T08:30+0200", time_error::bad_format},
      {"2024-03-01T08:30:00.", time_error::bad_format},
      {"2024-03-01 ", time_error::bad_format},
      {"2023-02-29", time_error::no_such_day},
      {"2024-02-30 10:00", time_error::no_such_day},
      {"2024-13-01", time_error::no_such_day},
      // The time's problems come before the date's.
      {"2024-02-30 8:30", time_error::bad_format},
      {"2024-02-30 24:00", time_error::no_such_time},
      {"2024-03-01 24:00", time_error::no_such_time},
      {"2024-03-01 10:60", time_error::no_such_time},
      {"2024-03-01 23:59:60", time_error::no_such_time},
      {"2024-03-01T10:00+24:00", time_error::no_such_time},
      {"0000-01-01", time_error::out_of_range},
      {"2024-03-01T08:30:00.1234", time_error::too_precise},
  }));
  INFO(text);
  const time_result r = parse_sample_time(text);
  CHECK(r.ec == ec);
  CHECK_FALSE(to_string(r.ec).empty());
}

TEST_CASE("numeric offsets in minutes, hours and days", "[sample_time]") {
  auto [text, unit, ms] = GENERATE(table<std::string, time_unit, std::int64_t>({
      {"0", time_unit::minute, 0},
      {"1440", time_unit::minute, ms_per_day},
      {"-30", time_unit::minute, -30 * minute},
      {"+30", time_unit::minute, 30 * minute},
      {"007", time_unit::minute, 7 * minute},
      {"1.5", time_unit::hour, 90 * minute},
      {"0.001", time_unit::minute, 60},
      {"2.250", time_unit::day, 2 * ms_per_day + ms_per_day / 4},
      {"999999999", time_unit::day, 999'999'999 * ms_per_day},
      {"-0", time_unit::hour, 0},
  }));
  INFO(text);
  const time_result r = parse_time_offset(text, unit);
  REQUIRE(r);
  CHECK(r.value.ms == ms);
  CHECK(to_string(r.value) == text);
}

TEST_CASE("offsets that are not numbers are refused", "[sample_time]") {
  auto [text, ec] = GENERATE(table<std::string, time_error>({
      {"", time_error::empty},
      {"-", time_error::bad_format},
      {"1e3", time_error::bad_format},
      {"12 min", time_error::bad_format},
      {"1.", time_error::bad_format},
      {"2024-03-01", time_error::bad_format},
      {"1234567890", time_error::out_of_range},
      {"1.0001", time_error::too_precise},
  }));
  INFO(text);
  CHECK(parse_time_offset(text, time_unit::minute).ec == ec);
}

TEST_CASE("elapsed days are floored, so the SPEC 5 edges hold at the minute", "[sample_time]") {
  const std::int64_t t0 = midnight(2024, 1, 1) + 10 * 60 * minute;
  CHECK(elapsed_days(t0, t0) == 0);
  CHECK(elapsed_days(t0, t0 + 92 * ms_per_day - minute) == 91);
  CHECK(elapsed_days(t0, t0 + 92 * ms_per_day) == 92);
  CHECK(elapsed_days(t0, t0 + 183 * ms_per_day - 1) == 182);
  CHECK(elapsed_days(t0, t0 + 183 * ms_per_day) == 183);
  CHECK(elapsed_days(t0, t0 - 1) == -1);
  CHECK(elapsed_days(t0, t0 - ms_per_day) == -1);
}

TEST_CASE("every date of four centuries is written back as read", "[sample_time]") {
  for (std::int64_t day = days_from_civil({1999, 1, 1}); day < days_from_civil({2401, 1, 1});
       day += 7) {
    const date d = civil_from_days(day);
    const std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}+05:30", d.year,
                                         d.month, d.day, day % 24, day % 60, day % 59, day % 1000);
    const time_result r = parse_sample_time(text);
    REQUIRE(r);
    REQUIRE(to_string(r.value) == text);
  }
}
