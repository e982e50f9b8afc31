#pragma once
// ANC from a white count and a differential (SPEC §6):
//   ANC = WBC x (segmented neutrophils % + bands %) / 100

#include <cstdint>
#include <string_view>

#include "anc/decimal.hpp"
#include "anc/quantity.hpp"

namespace anc {

/// A percentage in millionths of a percent (exact for up to six decimals).
struct percent {
  std::int64_t micro = 0;
  friend constexpr auto operator<=>(percent, percent) = default;
};

inline constexpr int percent_decimals = 6;
inline constexpr percent percent_max{100'000'000};  // 100 %

enum class percent_error {
  none,
  bad_number,  ///< see `number_ec`
  above_100,   ///< a percentage above 100
};

struct percent_result {
  percent value;
  percent_error ec = percent_error::none;
  decimal_error number_ec = decimal_error::none;
  constexpr explicit operator bool() const noexcept { return ec == percent_error::none; }
};

/// Reads "62", "62.5", "62.5 %" (a trailing '%' is allowed). 0-100, never
/// negative. Never throws.
auto parse_percent(std::string_view text, bool decimal_comma = false) noexcept -> percent_result;

enum class differential_error {
  none,
  sum_above_100,  ///< segs + bands > 100 %
};

struct differential_result {
  count anc;
  differential_error ec = differential_error::none;
  bool exact = true;  ///< false when digits below a thousandth were dropped
  constexpr explicit operator bool() const noexcept { return ec == differential_error::none; }
};

/// ANC = WBC x (segs + bands) / 100, rounded down to a thousandth of a
/// cell/uL (which, like all parsing here, never moves a value across a
/// boundary; see decimal.hpp). Never throws.
///
///   anc_from_differential(per_ul(4600), {20'000'000}, {}).anc == per_ul(920)
auto anc_from_differential(count wbc, percent segs, percent bands) noexcept -> differential_result;

auto to_string(percent_error e) noexcept -> std::string_view;
auto to_string(differential_error e) noexcept -> std::string_view;

}  // namespace anc
