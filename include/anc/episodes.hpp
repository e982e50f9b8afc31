#pragma once
// Episodes of neutropenia in one patient's series of readings (SPEC §12):
// where each starts and ends, and why it ends. The durations they give are
// classed by SPEC §5 (duration_class_of_days).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "anc/age.hpp"
#include "anc/enum_table.hpp"
#include "anc/rules.hpp"
#include "anc/sample_time.hpp"

namespace anc {

struct episode_rules {
  /// Recovery: this many consecutive readings that are not neutropenic
  /// (`--recovery-readings`, default 1).
  unsigned recovery_readings = 1;
  /// An open episode ends when the next reading comes more than this many
  /// whole days after the one before (`--max-gap`); none: never.
  std::optional<std::int64_t> max_gap_days;
};

enum class end_reason { recovered, gap, data_end };
inline constexpr std::array<enum_name<end_reason>, 3> end_reason_names{{
    {end_reason::recovered, "recovered"},
    {end_reason::gap, "gap"},
    {end_reason::data_end, "data_end"},
}};
static_assert(in_enum_order(end_reason_names, &enum_name<end_reason>::value, end_reason::data_end));
constexpr auto to_string(end_reason r) noexcept -> std::string_view {
  return name_in(end_reason_names, r, &enum_name<end_reason>::name);
}

/// What find_episodes needs of a reading.
struct series_reading {
  std::int64_t ms = 0;  ///< sample time (sample_time::ms)
  bool neutropenic = false;
};

/// One episode, as positions in the patient's ordered readings.
struct episode {
  std::size_t start = 0;  ///< its first neutropenic reading
  std::size_t end = 0;    ///< its last neutropenic reading
  /// The first of the consecutive readings that confirmed recovery (only
  /// when `reason` is recovered).
  std::optional<std::size_t> recovered;
  end_reason reason = end_reason::data_end;
  std::size_t neutropenic_readings = 0;  ///< among start..end
  friend constexpr auto operator==(const episode&, const episode&) -> bool = default;
};

/// SPEC §5 for a duration in whole days: acute <= 91, persistent 92-182,
/// chronic >= 183.
constexpr auto duration_class_of_days(std::int64_t whole) noexcept -> duration_class {
  return band_of(duration_bands, days(whole), [](const duration_band& b) { return b.lower; }).cls;
}

/// Calls `on_episode(const episode&)` for each episode of a patient's `n`
/// readings, in order; `reading_at(i)` gives the i-th as a series_reading.
/// The readings must be ordered by time, ties in input order (SPEC §12). An
/// episode starts at a neutropenic reading when none is open; it ends at
/// recovery (the first of `recovery_readings` consecutive readings that are
/// not neutropenic), at a gap of more than `max_gap_days`, or at the end of
/// the data. Pure: no allocation.
///
///   const std::array<series_reading, 3> r{{{0, true}, {ms_per_day, true}, {2 * ms_per_day}}};
///   std::optional<episode> found;
///   const auto at = [&](std::size_t i) { return r[i]; };
///   find_episodes(3, at, {}, [&](const episode& e) { found = e; });
///   found == episode{0, 1, 2, end_reason::recovered, 2}
template <typename ReadingAt, typename OnEpisode>
constexpr void find_episodes(std::size_t n, ReadingAt reading_at, const episode_rules& rules,
                             OnEpisode on_episode) {
  const unsigned needed = rules.recovery_readings == 0 ? 1 : rules.recovery_readings;
  bool open = false;
  episode e;
  unsigned calm = 0;  // consecutive readings that are not neutropenic
  std::size_t first_calm = 0;
  std::int64_t previous_ms = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const series_reading r = reading_at(i);
    if (open && rules.max_gap_days && i > 0 &&
        elapsed_days(previous_ms, r.ms) > *rules.max_gap_days) {
      e.reason = end_reason::gap;
      on_episode(e);
      open = false;
    }
    previous_ms = r.ms;
    if (!open) {
      if (!r.neutropenic) continue;
      open = true;
      e = episode{i, i, std::nullopt, end_reason::data_end, 1};
      calm = 0;
      continue;
    }
    if (r.neutropenic) {
      e.end = i;
      // The readings that were not neutropenic since the last one belong to
      // the episode: recovery was not confirmed.
      ++e.neutropenic_readings;
      calm = 0;
      continue;
    }
    if (calm++ == 0) first_calm = i;
    if (calm == needed) {
      e.recovered = first_calm;
      e.reason = end_reason::recovered;
      on_episode(e);
      open = false;
    }
  }
  if (open) {
    e.reason = end_reason::data_end;
    on_episode(e);
  }
}

}  // namespace anc
