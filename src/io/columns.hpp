#pragma once
// Column roles of a lab export (SPEC §7): which column holds the ANC, the
// unit, the age, ... found by header name from one alias list.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "anc/age.hpp"
#include "anc/enum_table.hpp"

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
  duration,  ///< how long the neutropenia has lasted
  onset,     ///< the date it was first seen (with the sample date)
  /// MIMIC-IV's de-identified age: the age in whole years in the anchor
  /// year (SPEC §13), from a joined patients table.
  anchor_age,
  anchor_year,
  /// The specimen a long export's row was measured in (SPEC §13
  /// --derive): rows of one specimen make one reading.
  specimen,  ///< the last role
};
/// Each role's name in messages, in the enum's order (checked below).
struct role_name {
  role r;
  std::string_view name;
};
inline constexpr std::array<role_name, 18> role_names{{
    {role::anc, "ANC"},
    {role::value, "value"},
    {role::unit, "unit"},
    {role::age, "age"},
    {role::dob, "date of birth"},
    {role::date, "sample date"},
    {role::patient, "patient"},
    {role::lln, "LLN"},
    {role::fever, "fever"},
    {role::wbc, "WBC"},
    {role::segs, "segmented neutrophils %"},
    {role::bands, "bands %"},
    {role::code, "test code"},
    {role::duration, "duration of the neutropenia"},
    {role::onset, "onset date"},
    {role::anchor_age, "anchor age"},
    {role::anchor_year, "anchor year"},
    {role::specimen, "specimen"},
}};
inline constexpr std::size_t role_count = role_names.size();
static_assert(in_enum_order(role_names, &role_name::r, role::specimen),
              "role_names lists every role, in the enum's order");

/// The role's name in messages: "ANC", "date of birth", ...
constexpr auto name_of(role r) noexcept -> std::string_view {
  return name_in(role_names, r, &role_name::name);
}

/// Header aliases, compared after `normalise_header`. `#` and `%` are kept
/// because they carry meaning: "neut#" is a count, "neut%" a percentage.
struct role_alias {
  role r;
  std::string_view alias;
  std::optional<age_unit> age_in;  ///< for age columns: the unit their bare numbers are in
};
// SPEC §7 names the first aliases of each role; the rest are spellings seen
// in real exports (MIMIC: valueuom, charttime, ref_range_lower; eICU,
// FHIR flattenings). Documented in the README; one place.
inline constexpr std::array<role_alias, 66> role_aliases{{
    {role::anc, "anc", {}},
    {role::anc, "neutrophilsabs", {}},
    {role::anc, "absneut", {}},
    {role::anc, "absoluteneutrophilcount", {}},
    {role::anc, "absoluteneutrophils", {}},
    {role::anc, "neut#", {}},
    {role::anc, "neutrophils#", {}},
    {role::anc, "ancvalue", {}},
    {role::value, "value", {}},
    {role::value, "result", {}},
    {role::value, "resultvalue", {}},
    {role::value, "valuequantity", {}},
    {role::unit, "unit", {}},
    {role::unit, "units", {}},
    {role::unit, "uom", {}},
    {role::unit, "valueuom", {}},
    {role::unit, "unitofmeasure", {}},
    {role::age, "age", {}},
    {role::age, "agedays", age_unit::day},
    {role::age, "ageweeks", age_unit::week},
    {role::age, "agemonths", age_unit::month},
    {role::age, "ageyears", age_unit::year},
    {role::dob, "dob", {}},
    {role::dob, "birthdate", {}},
    {role::dob, "dateofbirth", {}},
    {role::date, "sampledate", {}},
    {role::date, "collectiondate", {}},
    {role::date, "specimendate", {}},
    {role::date, "charttime", {}},
    {role::date, "effectivedatetime", {}},
    {role::patient, "patientid", {}},
    {role::patient, "mrn", {}},
    {role::patient, "subjectid", {}},
    {role::lln, "lln", {}},
    {role::lln, "reflow", {}},
    {role::lln, "referencelow", {}},
    {role::lln, "refrangelower", {}},
    {role::lln, "lowerlimit", {}},
    {role::fever, "fever", {}},
    {role::fever, "febrile", {}},
    {role::fever, "temperature", {}},
    {role::wbc, "wbc", {}},
    {role::wbc, "whitebloodcells", {}},
    {role::wbc, "leukocytes", {}},
    {role::segs, "segs", {}},
    {role::segs, "neutpct", {}},
    {role::segs, "neut%", {}},
    {role::segs, "neutrophils%", {}},
    {role::segs, "neutrophilspct", {}},
    {role::segs, "polys", {}},
    {role::bands, "bands", {}},
    {role::bands, "bandspct", {}},
    {role::bands, "bands%", {}},
    {role::code, "loinc", {}},
    {role::code, "testcode", {}},
    {role::code, "code", {}},
    {role::code, "loinccode", {}},
    {role::duration, "duration", {}},
    {role::duration, "neutropeniaduration", {}},
    {role::onset, "onset", {}},
    {role::onset, "onsetdate", {}},
    {role::anchor_age, "anchorage", {}},
    {role::anchor_year, "anchoryear", {}},
    {role::specimen, "specimenid", {}},
    {role::specimen, "accession", {}},
    {role::specimen, "accessionnumber", {}},
}};

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
