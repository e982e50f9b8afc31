#pragma once
// Sample times of a series (SPEC §12): ISO dates and date-times, or numeric
// offsets from a per-patient origin (eICU's minutes), read to the
// millisecond and written back exactly as they were written.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "anc/enum_table.hpp"

namespace anc {

/// The unit of a numeric offset (`--time-unit`).
enum class time_unit { minute, hour, day };
inline constexpr std::array<enum_name<time_unit>, 3> time_unit_names{{
    {time_unit::minute, "min"},
    {time_unit::hour, "h"},
    {time_unit::day, "d"},
}};
static_assert(in_enum_order(time_unit_names, &enum_name<time_unit>::value, time_unit::day));
constexpr auto to_string(time_unit u) noexcept -> std::string_view {
  return name_in(time_unit_names, u, &enum_name<time_unit>::name);
}

inline constexpr std::int64_t ms_per_day = 86'400'000;

/// How a time was written, so that it can be written back byte for byte:
/// a series reports its episodes' start times as written, and keeps only
/// this and the parsed instant per row (four bytes).
struct time_form {
  enum kind_t : unsigned { date, date_time, offset };
  enum zone_t : unsigned { no_zone, utc_z, zone_offset };
  unsigned kind : 2 = date;
  unsigned t_separator : 1 = 0;      ///< 'T' rather than ' ' before the time
  unsigned seconds : 1 = 0;          ///< ":ss" written
  unsigned fraction_digits : 2 = 0;  ///< digits after the seconds' (or offset's) point, 0-3
  unsigned zone : 2 = no_zone;
  unsigned zone_negative : 1 = 0;   ///< "-hh:mm"
  unsigned zone_minutes : 11 = 0;   ///< the zone's offset from UTC
  unsigned offset_sign : 2 = 0;     ///< offset: 0 none, 1 '+', 2 '-'
  unsigned integer_digits : 4 = 0;  ///< offset: digits before its point, leading zeros included
  unsigned unit : 2 = 0;            ///< offset: its time_unit
  friend constexpr auto operator==(const time_form&, const time_form&) -> bool = default;
};
static_assert(sizeof(time_form) == 4);

struct sample_time {
  /// Milliseconds since 1970-01-01T00:00 as written, less the zone's offset
  /// when there is one (an instant); for an offset, since the origin.
  std::int64_t ms = 0;
  time_form form{};
  friend constexpr auto operator==(const sample_time&, const sample_time&) -> bool = default;
};

enum class time_error {
  none,
  empty,
  bad_format,    ///< none of the accepted forms
  no_such_day,   ///< 2026-02-30, month 13, ...
  no_such_time,  ///< 24:00, 10:60, a second 60, a zone beyond 23:59
  out_of_range,  ///< year 0000; an offset of more than nine digits
  too_precise,   ///< digits below a millisecond
};

struct time_result {
  sample_time value;
  time_error ec = time_error::none;
  constexpr explicit operator bool() const noexcept { return ec == time_error::none; }
};

/// Reads `YYYY-MM-DD` (its midnight), or that followed by ' ' or 'T' and
/// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.f` (one to three digits), then
/// optionally `Z` or `+hh:mm` / `-hh:mm`. A time with a zone is an instant;
/// one without is compared as written. Never throws.
///
///   parse_sample_time("2024-03-01 08:30").value.ms == 1709281800000
///   !parse_sample_time("2023-02-29")
auto parse_sample_time(std::string_view text) noexcept -> time_result;

/// Reads a numeric offset in `unit`: an optional sign, up to nine digits
/// and up to three decimals ("1440", "-30", "1.5"). Never throws.
///
///   parse_time_offset("90", time_unit::minute).value.ms == 5400000
auto parse_time_offset(std::string_view text, time_unit unit) noexcept -> time_result;

/// The most bytes write_sample_time writes.
inline constexpr std::size_t max_time_chars = 32;

/// Writes `t` as it was written, at `p`, and returns the end.
auto write_sample_time(char* p, sample_time t) noexcept -> char*;
auto to_string(sample_time t) -> std::string;

/// Whole days from `from` to `to`, rounded down (SPEC §12): 91 days and
/// 23:59 are 91 days.
constexpr auto elapsed_days(std::int64_t from_ms, std::int64_t to_ms) noexcept -> std::int64_t {
  const std::int64_t d = to_ms - from_ms;
  return d >= 0 ? d / ms_per_day : -((-d + ms_per_day - 1) / ms_per_day);
}

auto to_string(time_error e) noexcept -> std::string_view;

}  // namespace anc
