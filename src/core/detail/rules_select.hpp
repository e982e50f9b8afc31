#pragma once
// Branch-free twins of rules.hpp's lookups, for the per-row hot path: the
// band, the verdict and the threshold rule vary at random from row to row,
// and branches on them were mispredicted. tests/unit/rules_test.cpp proves
// each equal to its plain twin on every edge of every table.
#include <cstddef>

#include "anc/rules.hpp"

namespace anc::detail {

/// band_of, as the count of later bounds reached, with no branch on `v`.
template <typename Table, typename Value, typename Key>
constexpr auto band_of(const Table& table, Value v, Key key) noexcept -> const auto& {
  std::size_t i = 0;
  for (std::size_t k = 1; k < table.size(); ++k)
    i += static_cast<std::size_t>(!(v < key(table[k])));
  return table[i];
}

/// verdict_for: both computed, then one chosen by a mask.
constexpr auto verdict_for(count anc, count threshold) noexcept -> verdict {
  const bool neutropenic = anc < threshold;
  const severity band =
      detail::band_of(severity_bands, anc, [](const severity_band& b) { return b.lower; }).grade;
  // none is 0: the band, or 0, by a mask (GCC turns `?:` back into a branch).
  static_assert(severity::none == severity{});
  const unsigned mask = 0U - static_cast<unsigned>(neutropenic);
  return {neutropenic, static_cast<severity>(static_cast<unsigned>(band) & mask)};
}

/// threshold_rule_for: a select, not a search.
constexpr auto threshold_rule_for(bool first_year) noexcept -> const threshold_rule& {
  static_assert(threshold_rules.size() == 2 &&
                threshold_rules[0].first_year != threshold_rules[1].first_year);
  return threshold_rules[static_cast<std::size_t>(threshold_rules[1].first_year == first_year)];
}

}  // namespace anc::detail
