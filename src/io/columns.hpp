#pragma once
// Column roles of a lab export (SPEC §7): which column holds the ANC, the
// unit, the age, ... found by header name from one alias list.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "anc/age.hpp"

namespace anc::io {

enum class role {
  anc,
  value,
  unit,
  age,
  dob,
  date,
  patient,
  lln,
  fever,
  wbc,
  segs,
  bands,
  code,
  duration,  ///< how long the neutropenia has lasted, as --duration
  onset,     ///< the date it was first seen, as --onset (with the sample date)
};
inline constexpr std::size_t role_count = 15;

/// The role's name in messages: "ANC", "date of birth", ...
auto name_of(role r) noexcept -> std::string_view;

/// Header aliases, compared after `normalise_header`. `#` and `%` are kept
/// because they carry meaning: "neut#" is a count, "neut%" a percentage.
struct role_alias {
  role r;
  std::string_view alias;
  std::optional<age_unit> age_in;  ///< for age columns: the unit their bare numbers are in
};
extern const std::vector<role_alias> role_aliases;

/// Lower case, with blanks and punctuation other than '#' and '%' removed:
/// "Absolute_Neutrophil Count" -> "absoluteneutrophilcount".
auto normalise_header(std::string_view name) -> std::string;

/// The column index found for each role, and for an age column the unit its
/// bare numbers are in (from its name, e.g. age_days).
struct column_roles {
  std::array<std::optional<std::size_t>, role_count> index{};
  std::optional<age_unit> age_unit_from_name;
  [[nodiscard]] auto of(role r) const noexcept -> std::optional<std::size_t> {
    return index[static_cast<std::size_t>(r)];
  }
};

/// Overrides: a header name for each role given (the CLI's --anc-col ...).
using role_overrides = std::array<std::optional<std::string>, role_count>;

enum class roles_problem {
  none,
  no_such_column,  ///< the override for `problem_role` names no column of the header
  two_columns,     ///< `columns` both match `problem_role` by alias
};

struct roles_result {
  column_roles roles;
  roles_problem problem = roles_problem::none;  ///< any other than none is fatal
  role problem_role = role::anc;
  std::array<std::size_t, 2> columns{};  ///< for two_columns: both, 0-based
  [[nodiscard]] auto ok() const noexcept -> bool { return problem == roles_problem::none; }
};

/// Finds the roles in `header`. An override names a column exactly (or,
/// failing that, by its normalised form); two columns matching one role by
/// alias is an error naming both.
auto find_roles(const std::vector<std::string_view>& header, const role_overrides& overrides)
    -> roles_result;

}  // namespace anc::io
