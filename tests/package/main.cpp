// The README's library example, built against the installed package.
#include <anc/classify.hpp>
#include <cstdio>

int main() {
  const anc::parse_result value = anc::parse_count("0.8 x10^9/L");
  const anc::age_result age = anc::parse_age("8 months");
  if (!value || !age) return 2;
  anc::reading r;
  r.anc = value.q;
  r.patient_age = age.value;
  const anc::classify_result c = anc::classify(r);
  if (!c) return 2;
  std::printf("%s %s\n", c.value.neutropenic ? "neutropenic" : "not neutropenic",
              anc::to_string(c.value.grade).data());
  return c.value.grade == anc::severity::moderate ? 0 : 1;
}
