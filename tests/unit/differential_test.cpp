// SPEC §6: ANC = WBC x (segs % + bands %) / 100, exactly.
#include <catch2/catch.hpp>
#include <string>

#include "anc/differential.hpp"

using namespace anc;

TEST_CASE("ANC from WBC and differential", "[differential]") {
  auto [wbc, segs, bands, want_milli] =
      GENERATE(table<std::string, std::string, std::string, std::int64_t>({
          {"4.6x10^9/L", "20", "0", 920'000},  // FHIR example r7/r8/r9: 0.9 x10^9/L
          {"5 K/uL", "10", "10", 1'000'000},
          {"5 K/uL", "9.99", "10", 999'500},
          {"3.3 K/uL", "33.3333", "0", 1'099'998},  // floor of 1099.99890
          {"10000/uL", "100", "0", 10'000'000},
          {"0/uL", "50", "5", 0},
      }));
  const auto w = parse_count(wbc);
  REQUIRE(w);
  const auto s = parse_percent(segs);
  const auto b = parse_percent(bands);
  REQUIRE(s);
  REQUIRE(b);
  const differential_result r = anc_from_differential(w.q.value, s.value, b.value);
  INFO(wbc << " " << segs << " " << bands);
  REQUIRE(r);
  CHECK(r.anc.milli_per_ul == want_milli);
}

TEST_CASE("percentages must be 0-100 and sum to at most 100", "[differential]") {
  CHECK(parse_percent("62.5%"));
  CHECK(parse_percent("100").value == percent_max);
  CHECK(parse_percent("100.000001").ec == percent_error::above_100);
  CHECK(parse_percent("-1").ec == percent_error::bad_number);
  CHECK(parse_percent("abc").ec == percent_error::bad_number);
  CHECK(anc_from_differential(per_ul(5000), parse_percent("90").value, parse_percent("11").value)
            .ec == differential_error::sum_above_100);
  CHECK(anc_from_differential(count_limit, percent_max, {}).anc == count_limit);
}
