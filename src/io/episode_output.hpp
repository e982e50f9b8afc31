#pragma once
// The episode table of `anc episodes` (SPEC §12): CSV with the input's
// delimiter, or NDJSON, one row per episode.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "io/episode_row.hpp"
#include "io/output_sink.hpp"

namespace anc::io {

/// SPEC §12's columns, in order, before the worst_grade_<system> ones.
inline constexpr std::array<std::string_view, 15> episode_columns{
    "patient",          "episode",         "start",      "end",
    "recovered",        "end_reason",      "readings",   "neutropenic_readings",
    "nadir_anc_per_uL", "nadir_qualifier", "nadir_time", "worst_severity",
    "duration_days",    "duration_class",  "febrile"};

class episode_writer {
 public:
  enum class format { csv, ndjson };
  /// `graded`: a worst_grade_<system> column per system asked for.
  episode_writer(output_sink& sink, format f, char delimiter,
                 const std::array<bool, grading_systems.size()>& graded);
  /// The CSV header line (nothing for NDJSON).
  void header();
  void row(const episode_row& e);

 private:
  /// Fills text_ with each value of `e` (empty for none, which NDJSON
  /// writes as null) and quoted_ with which are JSON strings.
  void values(const episode_row& e);
  output_sink& sink_;
  format format_;
  char delimiter_;
  std::vector<std::string> names_;
  std::array<bool, grading_systems.size()> graded_;
  std::vector<std::string> text_;  ///< scratch: one value per column
  std::vector<bool> quoted_;       ///< NDJSON: which values are strings
};

}  // namespace anc::io
