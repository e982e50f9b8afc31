#pragma once
// One reading builder (SPEC §11): the raw inputs of one reading, as text,
// become a core `reading` or a problem that names the input. `classify`
// gives it flags, `batch` a row's columns, and each says how its inputs are
// named in messages (`--wbc`, `column "wbc" value`); every input rule lives
// here once: the unit sources and their contradictions, censoring, the LLN's
// unit, the differential, age against dates, onset against duration. No I/O.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "anc/classify.hpp"

namespace anc::engine {

/// The inputs of a reading.
enum class input {
  anc,   ///< the ANC with its unit (VALUE, the anc or value column)
  unit,  ///< the unit stated for this reading (--unit, the unit column)
  wbc,   ///< with segs and bands, for an ANC computed from a differential
  segs,
  bands,
  age,   ///< the age as written
  dob,   ///< date of birth, with the sample date
  date,  ///< the sample date
  lln,   ///< the lab's lower limit of normal
  fever,
  duration,  ///< how long the neutropenia has lasted
  onset,     ///< the date it was first seen, with the sample date
};
inline constexpr std::size_t input_count = 12;

/// Each input's text, trimmed; empty when not given.
struct raw_inputs {
  std::array<std::string_view, input_count> text{};
  /// The unit input already parsed (batch caches its few unit spellings);
  /// null: parsed here.
  const unit_result* parsed_unit = nullptr;
  [[nodiscard]] auto operator[](input i) const noexcept -> std::string_view {
    return text[static_cast<std::size_t>(i)];
  }
  auto operator[](input i) noexcept -> std::string_view& {
    return text[static_cast<std::size_t>(i)];
  }
};

/// How each input is named in messages, the name of the run-wide LLN, and
/// what to say of a reading with no age at all (how the caller gives one).
struct input_names {
  std::array<std::string, input_count> name;
  std::string default_lln;
  std::string missing_age;
  [[nodiscard]] auto operator[](input i) const noexcept -> const std::string& {
    return name[static_cast<std::size_t>(i)];
  }
};

/// What applies to every reading of a run, validated before it.
struct reading_rules {
  bool decimal_comma = false;
  bool from_differential = false;    ///< the ANC comes from wbc, segs and bands
  std::optional<unit> default_unit;  ///< for values with no unit and no unit input
  unitless_policy unitless = unitless_policy::refuse;  ///< a bare number with no unit at all
  std::optional<age> default_age;                      ///< for readings with no age and no dates
  std::optional<age_unit> bare_age_unit;               ///< the unit of a bare number as an age
  std::optional<count> threshold;                      ///< replaces the age threshold
  std::optional<std::string> default_lln;              ///< for readings with no LLN input
  bool wants_lln = true;              ///< false: the LLN is not read (no grade uses it)
  std::optional<bool> default_fever;  ///< for readings with no fever input
  std::array<bool, grading_systems.size()> grade_wanted{};
  /// SPEC §13 --deidentified-ages: dates more than 130 years apart give an
  /// age of over 89 years (censored), not an error.
  bool deidentified_ages = false;
  /// SPEC §14: a date of birth may be partial ("2019", "2019-05", as FHIR
  /// writes them), used when it decides the age group.
  bool partial_birth_dates = false;
};

/// A problem with an input: the message names it, its value and the
/// problem; `forms` says what would be accepted. `self_explaining`: the
/// message already says what to do, so a row's error need not add `forms`.
struct input_problem {
  std::string message;
  std::string_view forms;
  bool self_explaining = false;
};

/// `problem`: the reading cannot be built. `age_problem`: it is built
/// without an age, so that what needs none (CTCAE grades) still comes out,
/// and the reading is still an error.
struct built_reading {
  reading value;
  std::optional<input_problem> problem;
  std::optional<input_problem> age_problem;
};

/// Builds the reading of `in`, naming its inputs as `names` says.
auto build_reading(const raw_inputs& in, const reading_rules& rules, const input_names& names)
    -> built_reading;

}  // namespace anc::engine
