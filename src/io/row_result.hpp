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

struct row_result {
  row_status status = row_status::ok;
  std::string error;  ///< for status error: field, value, problem, fix
  classification value;
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
