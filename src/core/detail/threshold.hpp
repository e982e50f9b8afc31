#pragma once
// Shared by classify() and batch's one-pass path, which fills a
// classification of its own (tests/unit/row_classifier_test.cpp pins that
// path to classify()).
#include <optional>

#include "anc/classify.hpp"
#include "core/detail/rules_select.hpp"

namespace anc::detail {

/// SPEC §3: the threshold a reading is compared with, written into `c` with
/// its source and notes: the user's (user_threshold) when given, else the rule
/// for `c.group`, whose neonatal note is added either way. False when there
/// is neither. classify() uses it, and so does batch's one-pass path, which
/// fills a classification of its own.
constexpr auto set_threshold(classification& c, std::optional<count> user) noexcept -> bool {
  c.notes.add_if(note::neonate_daids, c.group == age_group::neonate);
  if (user) {
    c.threshold = *user;
    c.source = threshold_source::user;
    c.notes.add(note::user_threshold);
    return true;
  }
  if (!c.group) return false;
  c.threshold = detail::threshold_rule_for(in_first_year(*c.group)).threshold;
  return true;
}

}  // namespace anc::detail
