#pragma once
// The branch-free twin of group_of (anc/age.hpp), for parse_age and batch's
// fast path; tests/unit/age_test.cpp proves it equal on every edge.
#include "anc/age.hpp"

namespace anc::detail {

auto group_of(span exact, age_unit finest) noexcept -> age_group;

}  // namespace anc::detail
