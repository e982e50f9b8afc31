#include <catch2/catch.hpp>
#include <string>

#include "anc/decimal.hpp"
#include "core/detail/plain_decimal.hpp"
#include "test_random.hpp"

using namespace anc;

TEST_CASE("parse_decimal scales exactly and floors the rest", "[decimal]") {
  auto [text, scale, want, inexact] = GENERATE(table<std::string, int, std::int64_t, bool>({
      {"0.5", 3, 500, false},
      {"1.005", 3, 1005, false},
      {"1e-4", 3, 0, true},
      {"0.0019", 3, 1, true},
      {".5", 1, 5, false},
      {"5.", 1, 50, false},
      {"007", 0, 7, false},
      {"1.5e+2", 0, 150, false},
      {"123456789012345678", 0, 123456789012345678, false},
      {"0.000000000000000000000000001", 3, 0, true},
      {"0", 3, 0, false},
      {"0.000", 3, 0, false},
  }));
  const decimal_result r = parse_decimal(text, scale);
  INFO(text);
  REQUIRE(r);
  CHECK(r.value == want);
  CHECK(r.inexact == inexact);
}

TEST_CASE("parse_decimal refuses what is not a plain decimal", "[decimal]") {
  auto [text, ec] = GENERATE(table<std::string, decimal_error>({
      {"", decimal_error::empty},
      {".", decimal_error::not_a_number},
      {"1e", decimal_error::not_a_number},
      {"1e+", decimal_error::not_a_number},
      {" 1", decimal_error::not_a_number},
      {"1 ", decimal_error::not_a_number},
      {"1..2", decimal_error::not_a_number},
      {"nan", decimal_error::not_finite},
      {"INF", decimal_error::not_finite},
      {"-1", decimal_error::negative},
      {"1,5", decimal_error::decimal_comma},
      {"12,345", decimal_error::grouping},
      {"1e400", decimal_error::too_large},
      {"9999999999999999999", decimal_error::too_large},
  }));
  INFO(text);
  CHECK(parse_decimal(text, 0).ec == ec);
}

TEST_CASE("number_prefix_length splits a value from its unit", "[decimal]") {
  CHECK(number_prefix_length("1.5e9/L") == 5);
  CHECK(number_prefix_length("1.2x10^9/L") == 3);
  CHECK(number_prefix_length("5e/L") == 1);
  CHECK(number_prefix_length("1e-3 G/L") == 4);
  CHECK(number_prefix_length("K/uL") == 0);
}

TEST_CASE("the one-pass path for plain digits agrees with the general one", "[decimal]") {
  // "e0" changes no value but sends the text down the general path.
  anc::test::lcg rng;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const unsigned length = 1 + rng.next() % 24;
    const unsigned point_at = rng.next() % (length + 2);  // sometimes none
    for (unsigned i = 0; i < length; ++i) {
      if (i == point_at) s += '.';
      s += static_cast<char>('0' + (rng.next() % 4 == 0 ? 0 : rng.next() % 10));
    }
    std::string with_comma = s;
    for (char& c : with_comma)
      if (c == '.') c = ',';
    for (const int scale : {0, 1, 3, 9}) {
      INFO(s << " scale " << scale);
      const decimal_result fast = parse_decimal(s, scale, false);
      const decimal_result general = parse_decimal(s + "e0", scale, false);
      const decimal_result comma = parse_decimal(with_comma, scale, true);
      REQUIRE(comma.ec == fast.ec);
      REQUIRE(comma.value == fast.value);
      REQUIRE(fast.ec == general.ec);
      REQUIRE(fast.value == general.value);
      REQUIRE(fast.inexact == general.inexact);
    }
  }
}

TEST_CASE("the eight-byte word path agrees with the one-pass loop", "[decimal]") {
  // Texts of 1-8 bytes from digits, both separators and bytes either side
  // of '0'-'9' in ASCII ('/', ':') and of the separators ('-', '+').
  anc::test::lcg rng;
  constexpr std::string_view alphabet = "0123456789012345678901234567890123456789..,,/:-+ e";
  int read = 0;
  for (int n = 0; n < 40000; ++n) {
    const std::string s = anc::test::short_text(rng, alphabet);
    const std::uint64_t word = anc::test::word_ending_with(s, rng);
    for (const bool comma : {false, true})
      for (const int scale : {-3, 0, 3, 6}) {
        INFO(s << " scale " << scale << " comma " << comma);
        const auto loop = anc::detail::parse_plain_decimal(s, scale, comma);
        const auto fast = anc::detail::parse_plain_decimal_word(word, s.size(), scale, comma);
        REQUIRE(fast.has_value() == loop.has_value());  // it gives up on nothing the loop reads
        if (!loop) continue;
        ++read;
        REQUIRE(fast->ec == loop->ec);
        REQUIRE(fast->value == loop->value);
        REQUIRE(fast->inexact == loop->inexact);
      }
  }
  CHECK(read > 40000);
}
