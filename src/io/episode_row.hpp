#pragma once
// One row of the episode table (SPEC §12), as `anc episodes` writes it and
// as the report (SPEC §15) draws it.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "anc/episodes.hpp"
#include "anc/grading.hpp"
#include "anc/quantity.hpp"
#include "anc/sample_time.hpp"

namespace anc::io {

struct episode_row {
  std::string_view patient;   ///< the id as written (valid while the series is)
  std::uint32_t episode = 1;  ///< 1, 2, ... per patient, by start
  sample_time start, end;     ///< its first and last neutropenic readings
  std::optional<sample_time> recovered;
  end_reason reason = end_reason::data_end;
  std::uint64_t readings = 0;              ///< from start to end inclusive
  std::uint64_t neutropenic_readings = 0;  ///< of them
  count nadir;                             ///< the lowest ANC, as written (its bound)
  qualifier nadir_qualifier = qualifier::none;
  sample_time nadir_time;
  severity worst_severity = severity::none;
  std::int64_t duration_days = 0;  ///< end - start, whole days
  duration_class duration_cls = duration_class::acute;
  std::optional<bool> febrile;                        ///< none: fever unknown at every reading
  std::array<bool, grading_systems.size()> graded{};  ///< systems asked for
  std::array<std::optional<int>, grading_systems.size()> worst_grade{};
};

}  // namespace anc::io
