#pragma once
// Every clinical rule of anc as data, in one place. Each table cites the
// SPEC.md section and the seed document (shared/seeds/) or standard it comes
// from; code looks rules up here and never restates a number.
//
// Bands are half-open [lower, next lower): a table lists lower bounds in
// ascending order and each band ends where the next begins, so a boundary is
// written once and no value falls between two bands.

#include <array>
#include <cstdint>
#include <string_view>

#include "anc/age.hpp"
#include "anc/quantity.hpp"

namespace anc {

// --- SPEC §2: age groups ------------------------------------------------------

/// First year of life by the unit the age was counted in: days < 365,
/// weeks <= 52, months < 12, years < 1 (SPEC §2). A compound age ("1y6m")
/// uses the rule of its finest unit.
struct first_year_rule {
  age_unit unit;
  span limit;
  bool inclusive;  ///< the limit itself is still the first year
};
inline constexpr std::array<first_year_rule, 4> first_year_rules{{
    {age_unit::day, days(365), false},
    {age_unit::week, weeks(52), true},
    {age_unit::month, months(12), false},
    {age_unit::year, years(1), false},
}};

/// Neonate: the first 28 days, age_days < 28 (SPEC §2).
inline constexpr std::int64_t neonate_days_below = 28;
/// Adult from the 18th birthday (SPEC §2).
inline constexpr int adult_from_years = 18;
/// Older than this is an input error (SPEC §2).
inline constexpr int max_age_years = 130;

// --- SPEC §3: neutropenia thresholds ------------------------------------------

/// Neutropenic when ANC < threshold, strictly (SPEC §3).
struct threshold_rule {
  bool first_year;  ///< applies to neonates and infants
  count threshold;
  std::string_view applies_to;
  std::string_view source;
};
inline constexpr std::array<threshold_rule, 2> threshold_rules{{
    {true, per_ul(1000), "in the first year of life (neonates and infants)",
     "seed 000 (< 1000/uL in infants), seed 001 (< 1000/uL in infants)"},
    {false, per_ul(1500), "after the first year of life (children and adults)",
     "seed 000 (< 1500/uL in older children), seed 001 (< 1500/uL after the first year)"},
}};

// --- SPEC §4: severity bands --------------------------------------------------

enum class severity { none, mild, moderate, severe, agranulocytosis };

/// Severity of a neutropenic reading: the band whose [lower, next lower)
/// holds the ANC. Only used once the reading is neutropenic (SPEC §3), which
/// is why `mild` appears only after the first year or with a user threshold.
struct severity_band {
  severity grade;
  count lower;
};
inline constexpr std::array<severity_band, 4> severity_bands{{
    {severity::agranulocytosis, per_ul(0)},
    {severity::severe, per_ul(100)},
    {severity::moderate, per_ul(500)},
    {severity::mild, per_ul(1000)},
}};
inline constexpr std::string_view severity_source =
    "seed 002 (mild 1.8-1.0, moderate 1.0-0.5, severe < 0.5 x10^9/L; "
    "agranulocytosis < 0.1 x10^9/L)";

/// Fever: a temperature at or above this, in tenths of a degree Celsius (SPEC §4).
inline constexpr int fever_from_decicelsius = 380;
inline constexpr std::string_view fever_source =
    "seed 000 (fever is the most significant symptom: it may indicate a serious "
    "infection); seed 002 (agranulocytosis with fever or signs of sepsis)";

// --- SPEC §5: duration classes ------------------------------------------------

enum class duration_class { acute, persistent, chronic };

struct duration_band {
  duration_class cls;
  span lower;
  std::string_view source;
};
/// Acute < 3 months <= persistent <= 6 months < chronic, a month being
/// 30.4375 days: in days acute <= 91, persistent 92-182, chronic >= 183.
/// "> 6 months" is ">= 6 months + one tick": ticks are the finest unit, so
/// nothing lies between.
inline constexpr std::array<duration_band, 3> duration_bands{{
    {duration_class::acute, span{0}, "seed 002 (acute/transient: less than 3 months)"},
    {duration_class::persistent, months(3),
     "decision, as the seeds disagree: seed 002 (chronic/persistent from 3 months), seed 001 "
     "(chronic only after 6 months)"},
    {duration_class::chronic, span{months(6).ticks + 1},
     "seed 001 (chronic when it persists more than 6 months)"},
}};

// --- Lookups ------------------------------------------------------------------
// Plain lookups over the tables. Batch's hot path uses branch-free twins
// (src/core/detail/rules_select.hpp), proved equal to these on every edge.

/// The entry of an ascending band table whose [lower, next lower) holds `v`:
/// the last entry with lower <= v. `v` must not be below the first lower bound.
template <typename Table, typename Value, typename Key>
constexpr auto band_of(const Table& table, Value v, Key key) noexcept -> const auto& {
  std::size_t i = 0;
  while (i + 1 < table.size() && !(v < key(table[i + 1]))) ++i;
  return table[i];
}

/// SPEC §3-§4: neutropenic when the ANC is below the threshold, strictly;
/// then the severity band that holds it, else `none`.
struct verdict {
  bool neutropenic = false;
  severity grade = severity::none;
  friend constexpr auto operator==(verdict, verdict) -> bool = default;
};
constexpr auto verdict_for(count anc, count threshold) noexcept -> verdict {
  if (!(anc < threshold)) return {};
  return {true, band_of(severity_bands, anc, [](const severity_band& b) { return b.lower; }).grade};
}

/// SPEC §2: the first year of life includes the neonatal period.
constexpr auto in_first_year(age_group g) noexcept -> bool {
  return g == age_group::neonate || g == age_group::infant;
}

/// The threshold rule for the first year of life or after it.
constexpr auto threshold_rule_for(bool first_year) noexcept -> const threshold_rule& {
  for (const auto& rule : threshold_rules)
    if (rule.first_year == first_year) return rule;
  return threshold_rules.back();  // not reached: the table has both
}

}  // namespace anc
