#pragma once
// Ages and durations (SPEC §2, §5): counted ("8m", "1y6m", "13w") or from
// two calendar dates, converted exactly so that rules written in different
// units meet at the same edges.

#include <cstdint>
#include <optional>
#include <string_view>

#include "anc/date.hpp"
#include "anc/decimal.hpp"

namespace anc {

/// A length of time in ticks of 1/16000 day. SPEC §2 and §5 convert a month
/// to 30.4375 days and a year to 365.25 days; both are whole multiples of
/// 1/16 day, and the extra factor 1000 holds counts written with up to three
/// decimals ("1.5y", "0.25m") exactly, so no conversion ever rounds.
struct span {
  std::int64_t ticks = 0;
  friend constexpr auto operator<=>(span, span) = default;
};

inline constexpr std::int64_t ticks_per_day = 16'000;

/// SPEC §2/§5 unit lengths, in ticks.
inline constexpr std::int64_t ticks_per_week = 7 * ticks_per_day;
inline constexpr std::int64_t ticks_per_month = 304'375 * ticks_per_day / 10'000;  // 30.4375 d
inline constexpr std::int64_t ticks_per_year = 36'525 * ticks_per_day / 100;       // 365.25 d

constexpr auto days(std::int64_t n) noexcept -> span {
  return {n * ticks_per_day};
}
constexpr auto weeks(std::int64_t n) noexcept -> span {
  return {n * ticks_per_week};
}
constexpr auto months(std::int64_t n) noexcept -> span {
  return {n * ticks_per_month};
}
constexpr auto years(std::int64_t n) noexcept -> span {
  return {n * ticks_per_year};
}

/// Whole days, rounded down: the `age_days` and `duration_days` of SPEC §2, §5.
constexpr auto whole_days(span s) noexcept -> std::int64_t {
  return s.ticks / ticks_per_day;
}

/// Units an age or duration can be written in, finest first.
enum class age_unit { day, week, month, year };

/// The length of one `u` in ticks.
constexpr auto ticks_of(age_unit u) noexcept -> std::int64_t {
  switch (u) {
    case age_unit::day: return ticks_per_day;
    case age_unit::week: return ticks_per_week;
    case age_unit::month: return ticks_per_month;
    case age_unit::year: return ticks_per_year;
  }
  return 0;
}

/// SPEC §2 age groups. `neonate` is part of the first year of life.
enum class age_group { neonate, infant, child, adult };

/// A patient's age at the time of the sample.
struct age {
  span exact;             ///< from dates: whole days
  std::int64_t days = 0;  ///< SPEC §2 `age_days`
  age_group group = age_group::adult;
  bool from_dates = false;
  /// The finest unit it was given in ("1y6m": month), which is its own
  /// precision: "3y" means 3.000 to 3.999 years. Days for dates.
  age_unit finest = age_unit::day;
  /// Censored (SPEC §2, eICU's "> 89"): the true age is more than this one,
  /// which is its bound; its group is the bound's, which then decides it.
  bool censored = false;
};

enum class age_error {
  none,
  empty,
  bad_number,      ///< see `number_ec`
  bare_number,     ///< a number with no unit and no default unit
  unknown_unit,    ///< "8x", "8 fortnights"
  bad_order,       ///< a unit repeated or out of order ("6m1y", "1y1y")
  too_long,        ///< more than 130 years (SPEC §2)
  dates_reversed,  ///< sample date before the date of birth (or the onset)
  /// "> N" whose bound does not decide the age group (below 18 years)
  censored_undecided,
  /// a partial birth date whose days give different age groups (SPEC §14)
  birth_undecided,
};

struct age_result {
  age value;
  age_error ec = age_error::none;
  decimal_error number_ec = decimal_error::none;
  constexpr explicit operator bool() const noexcept { return ec == age_error::none; }
};

struct age_options {
  std::optional<age_unit> bare_unit;  ///< from a column name or the run's setting
  bool decimal_comma = false;
};

/// Reads an age: "<number><unit>" with unit d, w, m or mo, y, or the long
/// names (day, week, month, year, singular or plural, any case); compounds
/// from the largest unit down ("1y6m", "2 years 3 months"); numbers with up
/// to three decimals are exact (more are dropped toward zero). A bare number
/// needs `opt.bare_unit`. Negative and > 130 years are errors. A censored
/// age, "> N" (eICU writes "> 89"), is more than N: read only when N decides
/// the age group (18 years or more: adult). Never throws.
///
///   parse_age("8 months").value.group == age_group::infant
///   parse_age("1y6m").value.days == 547
///   parse_age("> 89", {age_unit::year}).value.censored == true
///   parse_age(">10y").ec == age_error::censored_undecided
auto parse_age(std::string_view text, age_options opt = {}) noexcept -> age_result;

/// The age on `sample` of someone born on `birth`, calendar-exact: the first
/// year ends on the first birthday (29 February -> 1 March). Never throws.
auto age_from_dates(date birth, date sample) noexcept -> age_result;

/// SPEC §14: the age on `sample` of someone born on one of the days of
/// `birth`, a partial birth date ("2019"). When every such day gives the
/// same age group, it is the youngest age they allow, censored (the patient
/// may be older; its group is decided); when they give different groups,
/// age_error::birth_undecided. Days after the sample are not possible
/// births and are left out. A range of one day is age_from_dates. Never
/// throws.
///
///   age_from_birth_range({{2000, 1, 1}, {2000, 12, 31}}, {2026, 1, 1}).value.censored
///   !age_from_birth_range({{2025, 1, 1}, {2025, 12, 31}}, {2026, 6, 1})  // infant or child
auto age_from_birth_range(date_range birth, date sample) noexcept -> age_result;

/// SPEC §2: whether a stated age (an age cell) and a date of birth with the
/// sample date describe the same age. They agree when they give the same
/// age group and the dates' age, counted in whole calendar units of the
/// stated age's finest unit, is the stated count: "3y" agrees with dates
/// from the third birthday up to the day before the fourth, "8m" with the
/// eighth month after birth, "243d" with exactly 243 days. A stated age
/// with a fraction of its unit ("1.5y") agrees with dates from it up to one
/// unit more. Dates that give no age (reversed, too long) never agree.
///
///   ages_agree(parse_age("30y").value, {2025, 9, 1}, {2026, 3, 1}) == false
///   ages_agree(parse_age("3y").value, {2021, 1, 1}, {2024, 1, 1}) == true
auto ages_agree(const age& stated, date birth, date sample) noexcept -> bool;

/// Whole calendar `unit`s from `from` to `to` (on or after it): full days,
/// weeks, months (complete on the same day of a later month; when that
/// month has no such day, on the 1st after it, as a 29 February birthday
/// falls on 1 March), or years (as age_from_dates counts them).
auto calendar_units_between(date from, date to, age_unit unit) noexcept -> std::int64_t;

/// The age group of a counted age: the first-year rule of SPEC §2 for the
/// finest unit written, the neonate and adult rules in days.
auto group_of(span exact, age_unit finest) noexcept -> age_group;

/// How long a neutropenia has lasted (SPEC §5).
struct duration {
  span exact;             ///< from dates: whole days
  std::int64_t days = 0;  ///< SPEC §5 `duration_days`
};

struct duration_result {
  duration value;
  age_error ec = age_error::none;
  decimal_error number_ec = decimal_error::none;
  constexpr explicit operator bool() const noexcept { return ec == age_error::none; }
};

/// A duration written like an age ("4m", "13w", "91d", "1y6m"); a bare
/// number is refused, as is more than 130 years. Never throws.
///
///   parse_duration("3m").value.days == 91   // 91.3125 days, exactly 3 months
auto parse_duration(std::string_view text, bool decimal_comma = false) noexcept -> duration_result;

/// The duration from `onset` to `sample` in whole days; an onset after the
/// sample is `dates_reversed`. Never throws.
auto duration_from_dates(date onset, date sample) noexcept -> duration_result;

auto to_string(age_error e) noexcept -> std::string_view;

}  // namespace anc
