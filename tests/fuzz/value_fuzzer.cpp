// Fuzzes the value-and-unit parser (SPEC §1). Properties: no crash; a parsed
// value spelled again in cells/uL and in x10^9/L parses back to itself and
// classifies alike; a censored value lies on the right side of its bound;
// the eight-byte word readers agree with their loops on the input's end.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "anc/classify.hpp"
#include "core/detail/plain_age.hpp"
#include "core/detail/plain_decimal.hpp"
#include "fuzz_check.hpp"

namespace {

// "1234.567/uL" and "0.001234567 x10^9/L" for the same count.
auto as_cells(anc::count c) -> std::string {
  return std::string(anc::format_count(c).view()) + "/uL";
}
auto as_giga(anc::count c) -> std::string {
  const std::int64_t milli = c.milli_per_ul;  // 10^9/L = 10^6 thousandths of a cell/uL
  std::string frac = std::to_string(milli % 1'000'000);
  frac.insert(0, 6 - frac.size(), '0');
  return std::to_string(milli / 1'000'000) + "." + frac + " x10^9/L";
}

auto grade_of(const anc::quantity& q, std::string_view age) -> anc::severity {
  anc::reading r;
  r.anc = q;
  r.patient_age = anc::parse_age(age).value;
  return anc::classify(r).value.grade;
}

// The last one to eight bytes of the input, read as batch reads a short
// field: the eight bytes that end where it ends (so input of eight bytes
// or more).
void check_word_readers(std::string_view text) {
  if (text.size() < 8) return;
  std::uint64_t word = 0;
  std::memcpy(&word, text.data() + text.size() - 8, 8);
  for (std::size_t n = 1; n <= 8; ++n) {
    const std::string_view field = text.substr(text.size() - n);
    for (const bool comma : {false, true}) {
      const auto loop = anc::detail::parse_plain_decimal(field, 3, comma);
      const auto fast = anc::detail::parse_plain_decimal_word(word, n, 3, comma);
      ANC_FUZZ_CHECK(fast.has_value() == loop.has_value());
      if (loop)
        ANC_FUZZ_CHECK(fast->ec == loop->ec && fast->value == loop->value &&
                       fast->inexact == loop->inexact);
    }
    ANC_FUZZ_CHECK(anc::detail::parse_bare_whole_age_word(word, n, anc::age_unit::day) ==
                   anc::detail::parse_bare_whole_age(field, anc::age_unit::day));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_word_readers(text);
  for (const bool comma : {false, true}) {
    for (const auto policy : {anc::unitless_policy::refuse, anc::unitless_policy::terminal}) {
      const anc::parse_result r = anc::parse_count(text, {comma, std::nullopt, policy});
      if (!r) continue;
      const anc::quantity& q = r.q;
      ANC_FUZZ_CHECK(q.bound.milli_per_ul >= 0 && q.bound <= anc::count_limit);
      // Both are floors to a thousandth, so a bound finer than that ("<5/L")
      // floors to the value itself; what always holds is value <= bound.
      if (q.qual == anc::qualifier::less) ANC_FUZZ_CHECK(q.value <= q.bound && !q.exact);
      if (q.qual == anc::qualifier::greater) ANC_FUZZ_CHECK(q.value == q.bound && !q.exact);
      if (q.qual != anc::qualifier::none || !q.exact) continue;
      const anc::parse_result cells = anc::parse_count(as_cells(q.value));
      const anc::parse_result giga = anc::parse_count(as_giga(q.value));
      ANC_FUZZ_CHECK(cells && cells.q.value == q.value && cells.q.exact);
      ANC_FUZZ_CHECK(giga && giga.q.value == q.value && giga.q.exact);
      for (const std::string_view age : {"3d", "8m", "30y"})
        ANC_FUZZ_CHECK(grade_of(cells.q, age) == grade_of(giga.q, age));
    }
  }
  return 0;
}
