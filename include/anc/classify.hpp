#pragma once
// The classification of one ANC reading (SPEC §3-§5, §9): threshold for
// age, neutropenic or not, severity band, duration class, febrile flag, and
// the notes a clinician needs beside the verdict.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "anc/age.hpp"
#include "anc/enum_table.hpp"
#include "anc/grading.hpp"
#include "anc/quantity.hpp"
#include "anc/rules.hpp"

namespace anc {

/// Everything known about one reading. Only `anc` is required; the
/// threshold comes from `user_threshold` when set, else from `patient_age`.
struct reading {
  quantity anc;
  std::optional<age> patient_age;
  std::optional<count> user_threshold;           ///< replaces the age threshold (SPEC §3)
  std::optional<duration> neutropenia_duration;  ///< given, or from the onset date (SPEC §5)
  std::optional<bool> fever;                     ///< fever at the sample, if known (SPEC §4)
  /// Grading systems asked for, indexed by grading_system (SPEC §10).
  std::array<bool, grading_systems.size()> grade_wanted{};
  std::optional<count> lln;  ///< the lab's lower limit of normal (CTCAE v5)
};

enum class threshold_source { age, user };

/// Notes and warnings attached to a classification, in a fixed order.
enum class note : std::uint8_t {
  neonate_daids,            ///< neonatal ranges are higher; DAIDS has neonatal bands (SPEC §3)
  user_threshold,           ///< a user threshold replaced the age rule
  censored_below,           ///< "<": true severity at least the one shown (SPEC §1)
  censored_above,           ///< ">": true severity at most the one shown (SPEC §1)
  febrile_neutropenia,      ///< fever + neutropenia: prompt medical review [seed 000]
  febrile_agranulocytosis,  ///< fever + agranulocytosis [seed 002]
  ctcae_needs_lln,          ///< CTCAE v4/v5 grade null: LLN needed to tell grade 0 from 1
  daids_needs_age,          ///< DAIDS grade null: no age
  age_censored,             ///< the age is censored ("> 89"): its bound decided the group
  // Warnings: the input said something that the result does not use.
  duration_not_neutropenic,  ///< a duration was given, but the reading is not neutropenic
};
/// Each note's code, as batch's `notes` field lists them (SPEC §7): stable
/// snake_case names for scripts; to_string() gives the sentence. In the
/// enum's order, which the static_assert below checks.
struct note_code {
  note n;
  std::string_view code;
};
inline constexpr std::array<note_code, 10> note_codes{{
    {note::neonate_daids, "neonate"},
    {note::user_threshold, "user_threshold"},
    {note::censored_below, "censored_below"},
    {note::censored_above, "censored_above"},
    {note::febrile_neutropenia, "febrile_neutropenia"},
    {note::febrile_agranulocytosis, "febrile_agranulocytosis"},
    {note::ctcae_needs_lln, "lln_needed"},
    {note::daids_needs_age, "age_needed"},
    {note::age_censored, "age_censored"},
    {note::duration_not_neutropenic, "duration_not_neutropenic"},
}};
inline constexpr std::size_t note_count = note_codes.size();
static_assert(in_enum_order(note_codes, &note_code::n, note::duration_not_neutropenic),
              "note_codes lists every note, in the enum's order");

constexpr auto code_of(note n) noexcept -> std::string_view {
  return name_in(note_codes, n, &note_code::code);
}

/// A small set of notes; iterate with `has` over the enum in order.
struct note_set {
  std::uint32_t bits = 0;
  constexpr void add(note n) noexcept { bits |= 1U << static_cast<unsigned>(n); }
  /// add(n) if `when`, without a branch on it.
  constexpr void add_if(note n, bool when) noexcept {
    bits |= static_cast<std::uint32_t>(when) << static_cast<unsigned>(n);
  }
  [[nodiscard]] constexpr auto has(note n) const noexcept -> bool {
    return (bits >> static_cast<unsigned>(n)) & 1U;
  }
  friend constexpr auto operator==(note_set, note_set) -> bool = default;
};

/// True for notes that are warnings (input given but not used).
constexpr auto is_warning(note n) noexcept -> bool {
  return n == note::duration_not_neutropenic;
}

struct classification {
  quantity anc;
  std::optional<std::int64_t> age_days;
  std::optional<age_group> group;
  count threshold;
  threshold_source source = threshold_source::age;
  bool neutropenic = false;
  severity grade = severity::none;
  std::optional<std::int64_t> duration_days;          ///< only when neutropenic
  std::optional<duration_class> duration_cls;         ///< only when neutropenic
  std::optional<bool> febrile;                        ///< fever given: fever and neutropenic
  std::array<bool, grading_systems.size()> graded{};  ///< systems asked for
  std::array<std::optional<int>, grading_systems.size()> grades{};  ///< 0-4 or none
  note_set notes;
  friend constexpr auto operator==(const classification&, const classification&) -> bool = default;
};

enum class classify_error {
  none,
  no_threshold,  ///< neither an age nor a user threshold: nothing to compare with
};

struct classify_result {
  classification value;
  classify_error ec = classify_error::none;
  constexpr explicit operator bool() const noexcept { return ec == classify_error::none; }
};

/// Classifies one reading against the rule tables of rules.hpp, and grades
/// it by each system asked for. Grades need no threshold, so they are filled
/// in even when the result is `no_threshold`. Pure, never throws.
///
///   reading r;
///   r.anc = parse_count("800/uL").q;
///   r.patient_age = parse_age("8m").value;
///   classify(r).value.grade == severity::moderate
auto classify(const reading& r) noexcept -> classify_result;

/// SPEC §4: fever from true/false/yes/no/1/0 (any case) or a temperature in
/// degrees Celsius ("38.5", "38.5C", "38.5 °C"); >= 38.0 is fever.
enum class fever_error {
  none,
  empty,
  not_understood,  ///< neither a yes/no word nor a number
  implausible,     ///< a temperature outside the plausible range below
};
/// Body temperatures outside this range (tenths of °C) are refused rather
/// than read: 101.3 is Fahrenheit, 3.8 a typo; neither is guessed at.
inline constexpr int plausible_min_decicelsius = 250;
inline constexpr int plausible_max_decicelsius = 450;
struct fever_result {
  bool fever = false;
  fever_error ec = fever_error::none;
  constexpr explicit operator bool() const noexcept { return ec == fever_error::none; }
};
auto parse_fever(std::string_view text, bool decimal_comma = false) noexcept -> fever_result;

// Names as SPEC.md spells them in output: one place, so CSV, JSON and text
// output agree. Constexpr, so that CSV output can pad them into tables at
// compile time (output_fields.hpp); "?" for a value that is no enumerator.
inline constexpr std::array<enum_name<severity>, 5> severity_names{{
    {severity::none, "none"},
    {severity::mild, "mild"},
    {severity::moderate, "moderate"},
    {severity::severe, "severe"},
    {severity::agranulocytosis, "agranulocytosis"},
}};
static_assert(in_enum_order(severity_names, &enum_name<severity>::value,
                            severity::agranulocytosis));
constexpr auto to_string(severity s) noexcept -> std::string_view {
  return name_in(severity_names, s, &enum_name<severity>::name);
}

inline constexpr std::array<enum_name<age_group>, 4> age_group_names{{
    {age_group::neonate, "neonate"},
    {age_group::infant, "infant"},
    {age_group::child, "child"},
    {age_group::adult, "adult"},
}};
static_assert(in_enum_order(age_group_names, &enum_name<age_group>::value, age_group::adult));
constexpr auto to_string(age_group g) noexcept -> std::string_view {
  return name_in(age_group_names, g, &enum_name<age_group>::name);
}

inline constexpr std::array<enum_name<duration_class>, 3> duration_class_names{{
    {duration_class::acute, "acute"},
    {duration_class::persistent, "persistent"},
    {duration_class::chronic, "chronic"},
}};
static_assert(in_enum_order(duration_class_names, &enum_name<duration_class>::value,
                            duration_class::chronic));
constexpr auto to_string(duration_class d) noexcept -> std::string_view {
  return name_in(duration_class_names, d, &enum_name<duration_class>::name);
}

inline constexpr std::array<enum_name<threshold_source>, 2> threshold_source_names{{
    {threshold_source::age, "age"},
    {threshold_source::user, "user"},
}};
static_assert(in_enum_order(threshold_source_names, &enum_name<threshold_source>::value,
                            threshold_source::user));
constexpr auto to_string(threshold_source s) noexcept -> std::string_view {
  return name_in(threshold_source_names, s, &enum_name<threshold_source>::name);
}

inline constexpr std::array<enum_name<qualifier>, 3> qualifier_names{{
    {qualifier::none, ""},
    {qualifier::less, "<"},
    {qualifier::greater, ">"},
}};
static_assert(in_enum_order(qualifier_names, &enum_name<qualifier>::value, qualifier::greater));
constexpr auto to_string(qualifier q) noexcept -> std::string_view {
  return name_in(qualifier_names, q, &enum_name<qualifier>::name);
}

auto to_string(note n) noexcept -> std::string_view;
auto to_string(classify_error e) noexcept -> std::string_view;
auto to_string(fever_error e) noexcept -> std::string_view;

}  // namespace anc
