#pragma once
// What the engine made of one input row, as the writers format it.
#include <string>
#include <string_view>

#include "anc/classify.hpp"

namespace anc::io {

enum class row_status { ok, error, skipped };
/// Inline: every row of CSV output writes its status.
constexpr auto to_string(row_status s) noexcept -> std::string_view {
  switch (s) {
    case row_status::ok: return "ok";
    case row_status::error: return "error";
    case row_status::skipped: return "skipped";
  }
  return "?";
}

struct row_result {
  row_status status = row_status::ok;
  std::string error;  ///< for status error: field, value, problem, fix
  classification value;
  /// For a row skipped for its code: the code, as read (a view into the
  /// row's fields, valid while they are), so that a run can say which codes
  /// it saw when none matched.
  std::string_view skipped_code;
};

}  // namespace anc::io
