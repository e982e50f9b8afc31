// Fuzzes the age, duration and date parsers (SPEC §2, §5). Properties: no
// crash; a parsed age is in range and "<age_days>d" reads back to the same
// days and the same neonate status; a parsed date formats and reads back.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "anc/age.hpp"
#include "anc/rules.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto unit : {std::optional<anc::age_unit>{}, std::optional{anc::age_unit::month}}) {
    const anc::age_result a = anc::parse_age(text, {unit, false});
    if (!a) continue;
    ANC_FUZZ_CHECK(a.value.days >= 0 && a.value.exact <= anc::years(anc::max_age_years));
    const anc::age_result again = anc::parse_age(std::to_string(a.value.days) + "d");
    ANC_FUZZ_CHECK(again && again.value.days == a.value.days);
    ANC_FUZZ_CHECK((again.value.group == anc::age_group::neonate) ==
                   (a.value.group == anc::age_group::neonate));
  }
  if (const anc::duration_result d = anc::parse_duration(text)) ANC_FUZZ_CHECK(d.value.days >= 0);
  if (const anc::date_result d = anc::parse_date(text)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.value.year, d.value.month, d.value.day);
    const anc::date_result again = anc::parse_date(buf);
    ANC_FUZZ_CHECK(again && again.value == d.value);
    ANC_FUZZ_CHECK(anc::civil_from_days(anc::days_from_civil(d.value)) == d.value);
  }
  return 0;
}
