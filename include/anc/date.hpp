#pragma once
// Calendar dates for ages from a date of birth and for durations from an
// onset date (SPEC §2, §5): proleptic Gregorian, ISO 8601 text.

#include <compare>
#include <cstdint>
#include <string_view>

namespace anc {

struct date {
  int year = 1970;  ///< 1..9999
  int month = 1;    ///< 1..12
  int day = 1;      ///< 1..days in that month
  friend constexpr auto operator<=>(const date&, const date&) = default;
};

enum class date_error {
  none,
  empty,
  bad_format,    ///< not YYYY-MM-DD (optionally followed by a time)
  no_such_day,   ///< 2026-02-30, month 13, ...
  out_of_range,  ///< year 0000: ISO years 0001-9999 only
};

struct date_result {
  date value;
  date_error ec = date_error::none;
  constexpr explicit operator bool() const noexcept { return ec == date_error::none; }
};

/// Reads "YYYY-MM-DD", or an ISO date-time whose date part is that
/// ("2148-08-16 00:00:00", "2011-03-04T08:30:00+11:00"): the time is
/// checked for shape and ignored, so a date-time reads as its own date.
/// Never throws.
///
///   parse_date("2024-02-29").value == date{2024, 2, 29}
///   !parse_date("2023-02-29")
auto parse_date(std::string_view text) noexcept -> date_result;

constexpr auto is_leap_year(int y) noexcept -> bool {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/// A date written to the year or the month only (FHIR's partial `date`,
/// SPEC §14: "2019", "2019-05"): the first and the last day it may be.
/// A full date is a range of one day.
struct date_range {
  date first;
  date last;
};

struct date_range_result {
  date_range value;
  date_error ec = date_error::none;
  constexpr explicit operator bool() const noexcept { return ec == date_error::none; }
};

/// Reads "YYYY", "YYYY-MM" or anything parse_date reads. Never throws.
///
///   parse_partial_date("2019-02").value.last == date{2019, 2, 28}
auto parse_partial_date(std::string_view text) noexcept -> date_range_result;

/// Days since 1970-01-01 (negative before it).
auto days_from_civil(date d) noexcept -> std::int64_t;

/// The date `days` days after 1970-01-01.
auto civil_from_days(std::int64_t days) noexcept -> date;

/// The `years`-th birthday of someone born on `birth`. A 29 February birthday
/// falls on 1 March in common years (SPEC §2).
auto birthday(date birth, int years) noexcept -> date;

auto to_string(date_error e) noexcept -> std::string_view;

}  // namespace anc
