#pragma once
// Toxicity grades of a low ANC (SPEC §10): CTCAE v4.0, v5.0 and v6.0 and
// DAIDS v2.1, as data. A grade is 0-4, or none when it cannot be derived
// (CTCAE v4/v5 without the lab's lower limit of normal, DAIDS without an age).
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "anc/quantity.hpp"

namespace anc {

/// CTCAE v4.0 has the same criteria for this term as v5.0 but is its own
/// name, with its own source: a protocol written against v4.0 says ctcae4.
enum class grading_system { ctcae4, ctcae5, ctcae6, daids21 };
inline constexpr std::array<grading_system, 4> grading_systems{
    grading_system::ctcae4, grading_system::ctcae5, grading_system::ctcae6,
    grading_system::daids21};

/// One grading table: grade 4 below `grade3_from`, grade 3 from there to
/// `grade2_from`, grade 2 to `grade1_from`, grade 1 from `grade1_from` up to
/// `top`, grade 0 above. `top` absent means the lab's LLN (CTCAE v5), and
/// `top_inclusive` makes `top` itself still grade 1 (DAIDS "<= 1000"). A
/// table applies to ages `min_age_days`..`max_age_days` (days since birth,
/// the day of birth being day 0).
struct grade_table {
  grading_system system;
  std::int64_t min_age_days, max_age_days;
  count grade3_from, grade2_from, grade1_from;
  std::optional<count> top;
  bool top_inclusive;
  std::string_view source;
};

inline constexpr std::int64_t any_age = std::numeric_limits<std::int64_t>::max();

// clang-format off
inline constexpr std::array<grade_table, 6> grade_tables{{
    {grading_system::ctcae4, 0, any_age, per_ul(500), per_ul(1000), per_ul(1500), std::nullopt, false,
     "NCI CTCAE v4.0 (v4.03) 'Neutrophil count decreased': grade 1 <LLN-1500, "
     "2 <1500-1000, 3 <1000-500, 4 <500/mm3 (the same criteria as v5.0)"},
    {grading_system::ctcae5, 0, any_age, per_ul(500), per_ul(1000), per_ul(1500), std::nullopt, false,
     "NCI CTCAE v5.0 'Neutrophil count decreased' (v4.0 identical): grade 1 <LLN-1500, "
     "2 <1500-1000, 3 <1000-500, 4 <500/mm3"},
    {grading_system::ctcae6, 0, any_age, per_ul(100), per_ul(500), per_ul(1000), per_ul(1500), false,
     "NCI CTCAE v6.0 as transcribed by pharmaverse admiral: grade 1 <1500-1000, "
     "2 <1000-500, 3 <500-100, 4 <100/mm3"},
    {grading_system::daids21, 0, 1, per_ul(1500), per_ul(3000), per_ul(4000), per_ul(5000), true,
     "DAIDS AE Grading Table corrected v2.1 (July 2017), ANC low, age <= 1 day"},
    {grading_system::daids21, 2, 7, per_ul(750), per_ul(1000), per_ul(1250), per_ul(1500), true,
     "DAIDS AE Grading Table corrected v2.1 (July 2017), ANC low, age 2-7 days"},
    {grading_system::daids21, 8, any_age, per_ul(400), per_ul(600), per_ul(800), per_ul(1000), true,
     "DAIDS AE Grading Table corrected v2.1 (July 2017), ANC low, age > 7 days"},
}};
// clang-format on

/// Why a grade is absent.
enum class grade_gap { none, needs_lln, needs_age };

struct grade_result {
  std::optional<int> grade;
  grade_gap gap = grade_gap::none;
};

/// The grade of `anc` under `system`. `lln` (CTCAE v5 only) must be exact;
/// `age_days` (DAIDS only) is whole days since birth. Never throws.
///
///   grade(grading_system::ctcae6, parse_count("0.5 x10^9/L").q, {}, {}).grade == 2
auto grade(grading_system system, const quantity& anc, std::optional<count> lln,
           std::optional<std::int64_t> age_days) noexcept -> grade_result;

/// Whether the system's grade 1 reaches up to the lab's LLN (CTCAE v4, v5).
constexpr auto uses_lln(grading_system system) noexcept -> bool {
  for (const auto& t : grade_tables)
    if (t.system == system && !t.top) return true;
  return false;
}

/// The table that applies, or nullptr when the age is needed and missing.
auto table_for(grading_system system, std::optional<std::int64_t> age_days) noexcept
    -> const grade_table*;

auto to_string(grading_system s) noexcept -> std::string_view;
auto grading_system_from_name(std::string_view name) noexcept -> std::optional<grading_system>;

}  // namespace anc
