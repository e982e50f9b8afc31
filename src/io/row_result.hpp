#pragma once
// What the engine made of one input row, as the writers format it.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "anc/classify.hpp"
#include "anc/enum_table.hpp"
#include "anc/sample_time.hpp"

namespace anc::io {

enum class row_status { ok, error, skipped };
/// Inline: every row of CSV output writes its status.
inline constexpr std::array<enum_name<row_status>, 3> row_status_names{{
    {row_status::ok, "ok"},
    {row_status::error, "error"},
    {row_status::skipped, "skipped"},
}};
static_assert(in_enum_order(row_status_names, &enum_name<row_status>::value, row_status::skipped));
constexpr auto to_string(row_status s) noexcept -> std::string_view {
  return name_in(row_status_names, s, &enum_name<row_status>::name);
}

/// Where a classified row's ANC came from, under --derive (SPEC §13):
/// measured on its own row, or derived from its specimen's WBC and
/// differential. `none` outside --derive and for rows not classified.
enum class anc_origin { none, measured, derived };
inline constexpr std::array<enum_name<anc_origin>, 3> anc_origin_names{{
    {anc_origin::none, ""},
    {anc_origin::measured, "measured"},
    {anc_origin::derived, "derived"},
}};
static_assert(in_enum_order(anc_origin_names, &enum_name<anc_origin>::value, anc_origin::derived));
constexpr auto to_string(anc_origin o) noexcept -> std::string_view {
  return name_in(anc_origin_names, o, &enum_name<anc_origin>::name);
}

struct row_result {
  row_status status = row_status::ok;
  std::string error;  ///< for status error: field, value, problem, fix
  classification value;
  anc_origin anc_source = anc_origin::none;
  /// For a row skipped for its code: the code, as read (a view into the
  /// row's fields, valid while they are), so that a run can say which codes
  /// it saw when none matched.
  std::string_view skipped_code;
  /// Series mode (SPEC §12), for an ok row: its patient (a view into its
  /// fields) and sample time; then its episode (1, 2, ... per patient; 0
  /// for none) and that episode's start.
  std::string_view patient;
  sample_time time;
  std::uint32_t episode = 0;
  sample_time episode_start;
};

}  // namespace anc::io
