#include "anc/classify.hpp"

#include <array>

#include "core/ascii.hpp"
#include "core/detail/threshold.hpp"

namespace anc {

auto classify(const reading& r) noexcept -> classify_result {
  classify_result out;
  classification& c = out.value;
  c.anc = r.anc;

  const std::optional<std::int64_t> age_days =
      r.patient_age ? std::optional<std::int64_t>(r.patient_age->days) : std::nullopt;
  for (const grading_system system : grading_systems) {
    const auto i = static_cast<std::size_t>(system);
    if (!r.grade_wanted[i]) continue;
    c.graded[i] = true;
    const grade_result g = grade(system, r.anc, r.lln, age_days);
    c.grades[i] = g.grade;
    if (g.gap == grade_gap::needs_lln) c.notes.add(note::ctcae_needs_lln);
    if (g.gap == grade_gap::needs_age) c.notes.add(note::daids_needs_age);
  }

  if (r.patient_age) {
    c.age_days = r.patient_age->days;
    c.group = r.patient_age->group;
  }
  if (!detail::set_threshold(c, r.user_threshold)) {
    out.ec = classify_error::no_threshold;
    return out;
  }

  if (r.patient_age && r.patient_age->censored) c.notes.add(note::age_censored);
  if (r.anc.qual == qualifier::less) c.notes.add(note::censored_below);
  if (r.anc.qual == qualifier::greater) c.notes.add(note::censored_above);

  const verdict v = detail::verdict_for(r.anc.value, c.threshold);
  c.neutropenic = v.neutropenic;
  c.grade = v.grade;

  if (r.neutropenia_duration) {
    if (c.neutropenic) {
      c.duration_days = r.neutropenia_duration->days;
      c.duration_cls = detail::band_of(duration_bands, r.neutropenia_duration->exact,
                                       [](const duration_band& b) { return b.lower; })
                           .cls;
    } else {
      c.notes.add(note::duration_not_neutropenic);
    }
  }

  if (r.fever) {
    c.febrile = *r.fever && c.neutropenic;
    if (*c.febrile) c.notes.add(note::febrile_neutropenia);
    if (*c.febrile && c.grade == severity::agranulocytosis)
      c.notes.add(note::febrile_agranulocytosis);
  }
  return out;
}

namespace {

struct fever_word {
  std::string_view text;
  bool fever;
};
constexpr std::array<fever_word, 6> fever_words{{
    {"true", true},
    {"yes", true},
    {"1", true},
    {"false", false},
    {"no", false},
    {"0", false},
}};

}  // namespace

auto parse_fever(std::string_view text, bool decimal_comma) noexcept -> fever_result {
  std::string_view t = trim(text);
  if (t.empty()) return {false, fever_error::empty};
  for (const auto& w : fever_words)
    if (detail::iequals(t, w.text)) return {w.fever};
  if (!t.empty() && (t.back() == 'C' || t.back() == 'c')) {
    t = trim(t.substr(0, t.size() - 1));
    if (t.ends_with("\xC2\xB0")) t = trim(t.substr(0, t.size() - 2));  // U+00B0 DEGREE SIGN
  }
  const decimal_result d = parse_decimal(t, 1, decimal_comma);
  if (!d) return {false, fever_error::not_understood};
  if (d.value < plausible_min_decicelsius || d.value > plausible_max_decicelsius)
    return {false, fever_error::implausible};
  return {d.value >= fever_from_decicelsius};
}

}  // namespace anc
