#include "anc/grading.hpp"
#include <array>
#include "anc/enum_table.hpp"

namespace anc {

auto table_for(grading_system system, std::optional<std::int64_t> age_days) noexcept
    -> const grade_table* {
  for (const auto& t : grade_tables) {
    if (t.system != system) continue;
    const bool ages_matter = t.min_age_days != 0 || t.max_age_days != any_age;
    if (!ages_matter) return &t;
    if (age_days && *age_days >= t.min_age_days && *age_days <= t.max_age_days) return &t;
  }
  return nullptr;
}

auto grade(grading_system system, const quantity& anc, std::optional<count> lln,
           std::optional<std::int64_t> age_days) noexcept -> grade_result {
  const grade_table* t = table_for(system, age_days);
  if (t == nullptr) return {std::nullopt, grade_gap::needs_age};
  // Strict edges compare the floor exactly (quantity.hpp); so does v < LLN,
  // the LLN being exact.
  if (anc.value < t->grade3_from) return {4};
  if (anc.value < t->grade2_from) return {3};
  if (anc.value < t->grade1_from) return {2};
  if (t->top) {
    const bool grade1 = t->top_inclusive ? at_most(anc, *t->top) : anc.value < *t->top;
    return {grade1 ? 1 : 0};
  }
  if (!lln) return {std::nullopt, grade_gap::needs_lln};
  return {anc.value < *lln ? 1 : 0};
}

constexpr std::array<enum_name<grading_system>, 4> grading_system_names{{
    {grading_system::ctcae4, "ctcae4"},
    {grading_system::ctcae5, "ctcae5"},
    {grading_system::ctcae6, "ctcae6"},
    {grading_system::daids21, "daids21"},
}};
static_assert(in_enum_order(grading_system_names, &enum_name<grading_system>::value,
                            grading_system::daids21));
auto to_string(grading_system s) noexcept -> std::string_view {
  return name_in(grading_system_names, s, &enum_name<grading_system>::name);
}

auto grading_system_from_name(std::string_view name) noexcept -> std::optional<grading_system> {
  for (const auto s : grading_systems)
    if (to_string(s) == name) return s;
  return std::nullopt;
}

}  // namespace anc
