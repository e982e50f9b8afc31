#include "anc/differential.hpp"
#include <array>
#include "anc/enum_table.hpp"

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

constexpr std::array<enum_name<percent_error>, 3> percent_error_names{{
    {percent_error::none, "no error"},
    {percent_error::bad_number, "is not a valid percentage"},
    {percent_error::above_100, "is above 100 %"},
}};
static_assert(in_enum_order(percent_error_names, &enum_name<percent_error>::value,
                            percent_error::above_100));
auto to_string(percent_error e) noexcept -> std::string_view {
  return name_in(percent_error_names, e, &enum_name<percent_error>::name);
}

constexpr std::array<enum_name<differential_error>, 2> differential_error_names{{
    {differential_error::none, "no error"},
    {differential_error::sum_above_100, "segmented neutrophils % plus bands % is above 100 %"},
}};
static_assert(in_enum_order(differential_error_names, &enum_name<differential_error>::value,
                            differential_error::sum_above_100));
auto to_string(differential_error e) noexcept -> std::string_view {
  return name_in(differential_error_names, e, &enum_name<differential_error>::name);
}

}  // namespace anc
