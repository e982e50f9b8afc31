#include "anc/differential.hpp"

namespace anc {

auto parse_percent(std::string_view text, bool decimal_comma) noexcept -> percent_result {
  std::string_view t = trim(text);
  if (!t.empty() && t.back() == '%') t = trim(t.substr(0, t.size() - 1));
  const decimal_result d = parse_decimal(t, percent_decimals, decimal_comma);
  if (!d) return {{}, percent_error::bad_number, d.ec};
  const percent p{d.value};
  if (p > percent_max) return {{}, percent_error::above_100};
  return {p};
}

auto anc_from_differential(count wbc, percent segs, percent bands) noexcept -> differential_result {
  const percent sum{segs.micro + bands.micro};
  if (sum > percent_max) return {{}, differential_error::sum_above_100};
  // floor(wbc * sum / 10^8) without overflow for any wbc: split wbc into
  // q * 10^8 + r, so both partial products stay within 63 bits.
  const std::int64_t q = wbc.milli_per_ul / percent_max.micro;
  const std::int64_t r = wbc.milli_per_ul % percent_max.micro;
  return {count{q * sum.micro + r * sum.micro / percent_max.micro}, differential_error::none,
          r * sum.micro % percent_max.micro == 0};
}

auto to_string(percent_error e) noexcept -> std::string_view {
  switch (e) {
    case percent_error::none: return "no error";
    case percent_error::bad_number: return "is not a valid percentage";
    case percent_error::above_100: return "is above 100 %";
  }
  return "?";  // not an enumerator: unreachable
}

auto to_string(differential_error e) noexcept -> std::string_view {
  switch (e) {
    case differential_error::none: return "no error";
    case differential_error::sum_above_100:
      return "segmented neutrophils % plus bands % is above 100 %";
  }
  return "?";  // not an enumerator: unreachable
}

}  // namespace anc
