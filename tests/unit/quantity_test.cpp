// SPEC §1: exact quantities, unit spellings, value forms.
#include <array>
#include <catch2/catch.hpp>
#include <charconv>
#include <limits>
#include <string>
#include <vector>

#include "anc/quantity.hpp"
#include "core/detail/write_number.hpp"
#include "test_random.hpp"

using namespace anc;

namespace {
auto milli(std::string_view text, parse_options opt = {}) -> std::int64_t {
  const parse_result r = parse_count(text, opt);
  INFO("text: " << text << " ec=" << static_cast<int>(r.ec));
  REQUIRE(r);
  return r.q.value.milli_per_ul;
}
constexpr parse_options terminal{false, std::nullopt, unitless_policy::terminal};
}  // namespace

TEST_CASE("conversions are exact, never via binary floating point", "[quantity]") {
  // Issue #2: 0.5 x10^9/L is exactly 500/uL, 1e9/L exactly 1000, 1.005 x10^9/L exactly 1005.
  auto [text, want_milli] = GENERATE(table<std::string, std::int64_t>({
      {"0.5 x10^9/L", 500'000},
      {"1e9/L", 1'000'000},
      {"1.005 x10^9/L", 1'005'000},
      {"0.1x10^9/L", 100'000},
      {"0.3 K/uL", 300'000},
      {"0.7 10*9/L", 700'000},
      {"1.5e9/L", 1'500'000},
      {"1500000000/L", 1'500'000},
      {"499.999/uL", 499'999},
      {"99.999 cells/uL", 99'999},
      {"0.499999 G/L", 499'999},
      {"4.6e3 /uL", 4'600'000},
      {"1.2E-3 x10^9/L", 1'200},
  }));
  CHECK(milli(text) == want_milli);
}

TEST_CASE("every unit spelling of SPEC §1 has its factor", "[quantity][units]") {
  auto [spelling, exp10] = GENERATE(table<std::string, int>({
      {"/uL", 0},
      {"1/uL", 0},
      {"{cells}/uL", 0},
      {"cells/uL", 0},
      {"/mm3", 0},
      {"/mm^3", 0},
      {"1/mm3", 0},
      {"cells/mm3", 0},
      {"10*3/mL", 0},
      {"10^3/mL", 0},
      {"10*6/L", 0},
      {"10^6/L", 0},
      {"cells/\u00b5L", 0},
      {"cells/\u03bcL", 0},
      {"/MM3", 0},
      {"10*9/L", 3},
      {"10^9/L", 3},
      {"x10^9/L", 3},
      {"\u00d710\u2079/L", 3},
      {"10E9/L", 3},
      {"10e9/l", 3},
      {"G/L", 3},
      {"GI/L", 3},
      {"Gi/L", 3},
      {"/nL", 3},
      {"10*3/uL", 3},
      {"10^3/uL", 3},
      {"10*3/mm3", 3},
      {"10*6/mL", 3},
      {"K/uL", 3},
      {"K/mm3", 3},
      {"K/cumm", 3},
      {"k/\u00b5L", 3},
      {"thou/uL", 3},
      {"Thou/mcL", 3},
      {"X10^9/L", 3},
      {"*10^9/L", 3},
      {"x 10 ^ 9 / L", 3},
      {"\u00d7 10\u2079 /L", 3},
      {"10\u00b3/\u00b5L", 3},
      {"/L", -6},
      // eICU interface spellings accepted by decision (README, "Units"):
      {"K/CMM", 3},
      {"K/cmm", 3},
      {"TH/cmm", 3},
      {"th/uL", 3},
      {"TH/uL", 3},
      {"THS/uL", 3},
      {"th/cumm", 3},
      {"k/mm cu", 3},
      {"10(3)/mcL", 3},
      {"x10(3)/mcL", 3},
      {"10E3/mcL", 3},
      {"K/mcL", 3},
      {"k/MM3", 3},
      {"THOU/UL", 3},
      {"thou/cumm", 3},
      {"10*9/l", 3},
  }));
  const unit_result u = parse_unit(spelling);
  INFO("unit: " << spelling);
  REQUIRE(u);
  CHECK(u.value.exp10 == exp10);
}

TEST_CASE("the unit examples shown to users all parse to their factor", "[quantity][units]") {
  for (const auto& e : unit_examples) {
    INFO(e.spelling);
    const unit_result u = parse_unit(e.spelling);
    REQUIRE(u);
    CHECK(u.value == e.factor);
  }
}

TEST_CASE("unknown units and bare volumes are refused, never guessed", "[quantity][units]") {
  auto [spelling, ec] = GENERATE(table<std::string, unit_error>({
      {"MM3", unit_error::volume_only},
      {"uL", unit_error::volume_only},
      {"L", unit_error::volume_only},
      {"mcL", unit_error::volume_only},

      {"10^12/L", unit_error::unknown},
      {"G/uL", unit_error::unknown},
      {"10^3/L", unit_error::unknown},
      {"10/uL", unit_error::unknown},
      {"109/L", unit_error::unknown},
      {"mg/dL", unit_error::unknown},
      {"K/uL/L", unit_error::unknown},
      {"#/uL", unit_error::unknown},
      {"", unit_error::empty},
      {"x10^9/L\u2603", unit_error::unknown},
      // eICU interface spellings refused by decision (README, "Units"):
      {"x10 3/uL", unit_error::unknown},  // unmarked exponent: reads as 103
      {"X 10 3", unit_error::unknown},
      {"x10 (3)", unit_error::unknown},  // no volume
      {"10", unit_error::unknown},
      {"%", unit_error::percentage},
      {"10(3/uL", unit_error::unknown},
  }));
  const unit_result u = parse_unit(spelling);
  INFO("unit: " << spelling);
  CHECK(u.ec == ec);
}

TEST_CASE("censored values classify just below or above their bound", "[quantity][censored]") {
  const parse_result lt = parse_count("<0.1 x10^9/L");
  REQUIRE(lt);
  CHECK(lt.q.qual == qualifier::less);
  CHECK(lt.q.bound == per_ul(100));
  CHECK(lt.q.value < per_ul(100));
  CHECK(lt.q.value == count{per_ul(100).milli_per_ul - 1});

  const parse_result gt = parse_count("> 1.5 x10^9/L");
  REQUIRE(gt);
  CHECK(gt.q.qual == qualifier::greater);
  CHECK(gt.q.bound == per_ul(1500));
  CHECK_FALSE(gt.q.value < per_ul(1500));

  CHECK(parse_count("<0/uL").ec == parse_error::below_zero);
}

TEST_CASE("a unit in the text wins over the default unit", "[quantity]") {
  const parse_options opt{false, thousand_per_ul, unitless_policy::refuse};
  CHECK(milli("800/uL", opt) == 800'000);
  CHECK(milli("0.8", opt) == 800'000);
}

TEST_CASE("unitless values: terminal reads 0 and >= 100 as cells/uL", "[quantity][unitless]") {
  CHECK(milli("0", terminal) == 0);
  CHECK(milli("100", terminal) == per_ul(100).milli_per_ul);
  CHECK(milli("800", terminal) == 800'000);
  auto text = GENERATE(as<std::string>{}, "1.2", "99.999", "0.001", "<50", "1e-9");
  const parse_result r = parse_count(text, terminal);
  INFO(text);
  CHECK(r.ec == parse_error::ambiguous);
}

TEST_CASE("batch never guesses a missing unit", "[quantity][unitless]") {
  auto text = GENERATE(as<std::string>{}, "0", "800", "1.2");
  CHECK(parse_count(text).ec == parse_error::missing_unit);
}

TEST_CASE("bad values are refused with the reason", "[quantity][errors]") {
  auto [text, ec, number_ec] = GENERATE(table<std::string, parse_error, decimal_error>({
      {"", parse_error::empty, decimal_error::none},
      {"   ", parse_error::empty, decimal_error::none},
      {"-5/uL", parse_error::bad_number, decimal_error::negative},
      {"-0", parse_error::bad_number, decimal_error::negative},
      {"NaN", parse_error::bad_number, decimal_error::not_finite},
      {"inf", parse_error::bad_number, decimal_error::not_finite},
      {"-Infinity", parse_error::bad_number, decimal_error::not_finite},
      {"1e400/uL", parse_error::too_large, decimal_error::too_large},
      {"1000001/uL", parse_error::too_large, decimal_error::none},
      {"1.000001e12/L", parse_error::too_large, decimal_error::none},
      {"1,2 x10^9/L", parse_error::bad_number, decimal_error::decimal_comma},
      {"1,200/uL", parse_error::bad_number, decimal_error::grouping},
      {"1,200.5/uL", parse_error::bad_number, decimal_error::grouping},
      {"1.2.3/uL", parse_error::bad_number, decimal_error::not_a_number},
      {"\uff11\uff12\uff10\uff10", parse_error::bad_number, decimal_error::not_a_number},
      {"abc", parse_error::bad_number, decimal_error::not_a_number},
      {"+5/uL", parse_error::bad_number, decimal_error::not_a_number},
      {"1e/uL", parse_error::bad_unit, decimal_error::none},
      {"800 MM3", parse_error::bad_unit, decimal_error::none},
      {"0x10", parse_error::bad_number, decimal_error::not_a_number},
      {"0x10/uL", parse_error::bad_number, decimal_error::not_a_number},
  }));
  const parse_result r = parse_count(text, terminal);
  INFO("text: " << text);
  CHECK(r.ec == ec);
  CHECK(r.number_ec == number_ec);
}

TEST_CASE("the plausibility limit itself is accepted", "[quantity][errors]") {
  CHECK(milli("1000000/uL") == count_limit.milli_per_ul);
  CHECK(milli("1e9/L") == per_ul(1000).milli_per_ul);
}

TEST_CASE("decimal comma only on request", "[quantity][decimal_comma]") {
  const parse_options comma{true, std::nullopt, unitless_policy::refuse};
  CHECK(milli("1,2 x10^9/L", comma) == 1'200'000);
  CHECK(milli("0,5 G/L", comma) == 500'000);
  CHECK(milli("1,200 x10^9/L", comma) == 1'200'000);
  CHECK(parse_count("1.2 x10^9/L", comma).number_ec == decimal_error::point_in_comma_mode);
  CHECK(parse_count("1.200,5/uL", comma).number_ec == decimal_error::grouping);
}

TEST_CASE("format_count prints thousandths without trailing zeros", "[quantity]") {
  CHECK(format_count(per_ul(800)).view() == "800");
  CHECK(format_count(count{499'999}).view() == "499.999");
  CHECK(format_count(count{1'500}).view() == "1.5");
  CHECK(format_count(count{10}).view() == "0.01");
  CHECK(format_count(count{0}).view() == "0");
  CHECK(format_count(count_limit).view() == "1000000");
}

TEST_CASE("write_whole writes what std::to_chars writes", "[quantity]") {
  const auto both = [](std::int64_t v) {
    std::array<char, 24> ours{}, theirs{};
    const std::string_view a(
        ours.data(),
        static_cast<std::size_t>(anc::detail::write_whole(ours.data(), v) - ours.data()));
    const std::string_view b(
        theirs.data(),
        static_cast<std::size_t>(std::to_chars(theirs.data(), theirs.data() + 24, v).ptr -
                                 theirs.data()));
    INFO(v);
    CHECK(a == b);
  };
  // 10^0 to 10^18, the largest that fits (no multiplication past it).
  for (std::int64_t power = 1;; power *= 10) {
    for (const std::int64_t v : {power - 1, power, power + 1}) {
      both(v);
      both(-v);
    }
    if (power > std::numeric_limits<std::int64_t>::max() / 10) break;
  }
  both(0);
  both(std::numeric_limits<std::int64_t>::max());
  both(std::numeric_limits<std::int64_t>::min());
  anc::test::lcg rng;
  for (int n = 0; n < 20000; ++n) {
    // Every number of digits, not only the large ones a uniform draw gives,
    // and either sign.
    const auto v = static_cast<std::int64_t>(rng.next64() >> (1 + rng.next() % 63));
    both(rng.next() % 2 == 0 ? v : -v);
  }
}

TEST_CASE("a plain number reads the same in one pass as split from a unit", "[quantity]") {
  // "e0" changes no value but sends the text through the number/unit split;
  // a unit column's unit is the default unit here.
  anc::test::lcg rng;
  for (int n = 0; n < 20000; ++n) {
    std::string s = std::array<const char*, 4>{"", "", "<", ">"}[rng.next() % 4];
    const unsigned length = 1 + rng.next() % 9;
    const unsigned point_at = rng.next() % (length + 2);
    for (unsigned i = 0; i < length; ++i) {
      if (i == point_at) s += '.';
      s += static_cast<char>('0' + rng.next() % 10);
    }
    for (const unit u : {cells_per_ul, thousand_per_ul, per_litre}) {
      for (const bool comma : {false, true}) {
        std::string text = s;
        if (comma)
          for (char& c : text)
            if (c == '.') c = ',';
        INFO(text << " exp10 " << u.exp10 << " comma " << comma);
        const parse_options opt{comma, u, unitless_policy::refuse};
        const parse_result plain = parse_count(text, opt);
        const parse_result split = parse_count(text + "e0", opt);
        REQUIRE(plain.ec == split.ec);
        REQUIRE(plain.number_ec == split.number_ec);
        REQUIRE(plain.q.value == split.q.value);
        REQUIRE(plain.q.bound == split.q.bound);
        REQUIRE(plain.q.qual == split.q.qual);
        REQUIRE(plain.q.exact == split.q.exact);
        REQUIRE(plain.unit_given == split.unit_given);
      }
    }
  }
}

TEST_CASE("write_count agrees with a digit-by-digit rendering", "[quantity]") {
  // The reference: whole cells by to_chars, then up to three decimals
  // without trailing zeros, and a sign for the (never read) negatives.
  const auto reference = [](std::int64_t milli) {
    std::string s = milli < 0 ? "-" : "";
    const std::uint64_t m =
        milli < 0 ? 0 - static_cast<std::uint64_t>(milli) : static_cast<std::uint64_t>(milli);
    s += std::to_string(m / 1000);
    std::string frac = std::to_string(1000 + m % 1000).substr(1);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (!frac.empty()) s += "." + frac;
    return s;
  };
  std::vector<std::int64_t> values{0,
                                   1,
                                   9,
                                   10,
                                   999,
                                   1000,
                                   1001,
                                   99'999'999'999,
                                   100'000'000'000,
                                   std::numeric_limits<std::int64_t>::max(),
                                   std::numeric_limits<std::int64_t>::min(),
                                   -1,
                                   -1500};
  for (std::int64_t p = 1; p <= 1'000'000'000'000'000; p *= 10)
    for (const std::int64_t d : {-1, 0, 1}) values.push_back(p + d);
  anc::test::lcg rng;
  for (int n = 0; n < 100000; ++n) {
    const std::uint64_t state = rng.next64();
    const int digits = 1 + static_cast<int>(state >> 60) % 15;
    std::int64_t v = static_cast<std::int64_t>((state >> 1) % 1'000'000'000'000'000);
    for (int k = digits; k < 18; ++k) v /= 10;
    values.push_back(v);
  }
  for (const std::int64_t v : values) {
    INFO(v);
    std::array<char, anc::detail::max_count_chars> buf{};
    char* const end = anc::detail::write_count(buf.data(), count{v});
    REQUIRE(std::string(buf.data(), static_cast<std::size_t>(end - buf.data())) == reference(v));
    REQUIRE(format_count(count{v}).view() == reference(v));
  }
}
