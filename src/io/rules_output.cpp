#include "io/rules_output.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "anc/grading.hpp"
#include "io/fmt_names.hpp"

namespace anc::io {
namespace {

constexpr std::string_view per_ul_text = "cells/\u00b5L";

auto first_day_of(span lower) -> std::int64_t {
  return (lower.ticks + ticks_per_day - 1) / ticks_per_day;
}

// "3 months" for months(3), "> 6 months" for months(6) + 1 tick.
auto months_text(span lower) -> std::string {
  if (lower.ticks % ticks_per_month == 0)
    return fmt::format("{} months", lower.ticks / ticks_per_month);
  return fmt::format("{} months", (lower.ticks - 1) / ticks_per_month);
}

auto age_unit_name(age_unit u) -> std::string_view {
  switch (u) {
    case age_unit::day: return "days";
    case age_unit::week: return "weeks";
    case age_unit::month: return "months";
    case age_unit::year: return "years";
  }
  return "?";
}

auto span_in(span s, age_unit u) -> std::int64_t {
  switch (u) {
    case age_unit::day: return s.ticks / ticks_per_day;
    case age_unit::week: return s.ticks / ticks_per_week;
    case age_unit::month: return s.ticks / ticks_per_month;
    case age_unit::year: return s.ticks / ticks_per_year;
  }
  return 0;
}

}  // namespace

auto severity_band_text(std::size_t i, std::optional<count> threshold) -> std::string {
  const auto& b = severity_bands[i];
  if (i + 1 < severity_bands.size())
    return fmt::format("{} \u2264 ANC < {} {}", b.lower, severity_bands[i + 1].lower, per_ul_text);
  if (threshold)
    return fmt::format("{} \u2264 ANC < {} {} (the threshold)", b.lower, *threshold, per_ul_text);
  return fmt::format("{} {} \u2264 ANC < threshold", b.lower, per_ul_text);
}

auto duration_band_text(std::size_t i) -> std::string {
  const auto& b = duration_bands[i];
  const std::int64_t first = first_day_of(b.lower);
  if (i + 1 < duration_bands.size()) {
    const std::int64_t last = first_day_of(duration_bands[i + 1].lower) - 1;
    const auto& next = duration_bands[i + 1].lower;
    const bool next_exclusive = next.ticks % ticks_per_month != 0;  // "> N months" starts there
    if (i == 0) return fmt::format("< {}, {}-{} days", months_text(next), first, last);
    return fmt::format("{} to {}{}, {}-{} days", months_text(b.lower), next_exclusive ? "" : "< ",
                       months_text(next), first, last);
  }
  const bool exclusive = b.lower.ticks % ticks_per_month != 0;
  return fmt::format("{} {}, \u2265 {} days", exclusive ? ">" : "\u2265", months_text(b.lower),
                     first);
}

auto threshold_rule_text(std::size_t i) -> std::string {
  return fmt::format("ANC < {} {}", threshold_rules[i].threshold, per_ul_text);
}

auto rule_tables_text(rule_marks marks, std::string_view marker) -> std::string {
  // As wide as the marker on screen: count UTF-8 lead bytes, not bytes.
  std::size_t width = 0;
  for (const char ch : marker) width += (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U;
  const std::string blank(width, ' ');
  auto mark = [&](const std::optional<std::size_t>& m, std::size_t i) -> std::string_view {
    return m && *m == i ? marker : std::string_view(blank);
  };
  std::string out;
  out += "Neutropenia: neutropenic when ANC is below the threshold for age (strict)\n";
  for (std::size_t i = 0; i < threshold_rules.size(); ++i) {
    const auto& r = threshold_rules[i];
    out += fmt::format("{}{:<52} {}\n{}  source: {}\n", mark(marks.threshold, i), r.applies_to,
                       threshold_rule_text(i), blank, r.source);
  }
  out += fmt::format("Severity bands, for neutropenic readings (source: {})\n", severity_source);
  for (std::size_t i = 0; i < severity_bands.size(); ++i)
    out += fmt::format("{}{:<16} {}\n", mark(marks.severity, i), severity_bands[i].grade,
                       severity_band_text(i));
  out += fmt::format("Duration classes, for neutropenic readings (a month is {} days)\n",
                     static_cast<double>(ticks_per_month) / static_cast<double>(ticks_per_day));
  for (std::size_t i = 0; i < duration_bands.size(); ++i)
    out +=
        fmt::format("{}{:<11} {}\n{}  source: {}\n", mark(marks.duration, i), duration_bands[i].cls,
                    duration_band_text(i), blank, duration_bands[i].source);
  return out;
}

auto rules_text() -> std::string {
  std::string out = rule_tables_text({}, "  ");
  out += "Age groups\n";
  out += fmt::format("  neonate     age_days < {}\n", neonate_days_below);
  out += "  infant      first year of life:";
  for (const auto& r : first_year_rules)
    out += fmt::format(" {} {} {},", age_unit_name(r.unit), r.inclusive ? "\u2264" : "<",
                       span_in(r.limit, r.unit));
  out += " or from dates, before the first birthday (29 Feb -> 1 Mar)\n";
  out += fmt::format("  child       from the first birthday to < {} years\n", adult_from_years);
  out += fmt::format("  adult       \u2265 {} years (ages over {} years are refused)\n",
                     adult_from_years, max_age_years);
  out += fmt::format(
      "Fever: a temperature \u2265 {}.{} \u00b0C, or true/false/yes/no/1/0 (source: {})\n",
      fever_from_decicelsius / 10, fever_from_decicelsius % 10, fever_source);
  out +=
      "Grades, cells/\u00b5L: 4 below the grade-3 edge, then 3, 2, 1, and 0 "
      "above the grade-1 edge\n";
  for (const auto& t : grade_tables) {
    const std::string ages =
        t.max_age_days == any_age
            ? (t.min_age_days == 0 ? std::string("any age")
                                   : fmt::format("age >= {} days", t.min_age_days))
            : fmt::format("age {}-{} days", t.min_age_days, t.max_age_days);
    const std::string top = t.top ? fmt::format("{} {}", t.top_inclusive ? "<=" : "<", *t.top)
                                  : std::string("< LLN (no LLN: grade 0/1 not given)");
    out += fmt::format("  {:<8} {:<15} 3 from {}, 2 from {}, 1 from {} to {}\n    source: {}\n",
                       to_string(t.system), ages, t.grade3_from, t.grade2_from, t.grade1_from, top,
                       t.source);
  }
  out += "Units (case-insensitive, blanks ignored), factor to cells/\u00b5L:\n";
  for (const unit factor : {cells_per_ul, thousand_per_ul, per_litre}) {
    std::string line;
    for (const auto& u : unit_examples)
      if (u.factor == factor) line += fmt::format(" {}", u.spelling);
    out += fmt::format("  10^{:<3}{}\n", factor.exp10, line);
  }
  out += fmt::format("{}\n", rules_reference);
  return out;
}

auto rules_json() -> std::string {
  using json = nlohmann::ordered_json;
  auto per_ul = [](count c) { return json(c.milli_per_ul / milli_per_cell); };
  json j;
  for (const auto& r : threshold_rules)
    j["thresholds"].push_back({{"applies_to", r.applies_to},
                               {"first_year", r.first_year},
                               {"neutropenic_below_per_uL", per_ul(r.threshold)},
                               {"source", r.source}});
  for (std::size_t i = 0; i < severity_bands.size(); ++i) {
    const bool last = i + 1 == severity_bands.size();
    j["severity_bands"].push_back(
        {{"severity", std::string(to_string(severity_bands[i].grade))},
         {"lower_per_uL", per_ul(severity_bands[i].lower)},
         {"upper_per_uL", last ? json(nullptr) : per_ul(severity_bands[i + 1].lower)}});
  }
  j["severity_source"] = severity_source;
  for (std::size_t i = 0; i < duration_bands.size(); ++i) {
    const bool last = i + 1 == duration_bands.size();
    j["duration_classes"].push_back(
        {{"class", std::string(to_string(duration_bands[i].cls))},
         {"first_day", first_day_of(duration_bands[i].lower)},
         {"last_day", last ? json(nullptr) : json(first_day_of(duration_bands[i + 1].lower) - 1)},
         {"source", duration_bands[i].source}});
  }
  j["age_groups"] = {{"neonate_days_below", neonate_days_below},
                     {"adult_from_years", adult_from_years},
                     {"max_age_years", max_age_years}};
  for (const auto& r : first_year_rules)
    j["age_groups"]["first_year"].push_back({{"unit", age_unit_name(r.unit)},
                                             {"limit", span_in(r.limit, r.unit)},
                                             {"inclusive", r.inclusive}});
  j["fever_from_celsius"] = fever_from_decicelsius / 10.0;
  for (const auto& t : grade_tables)
    j["grades"].push_back(
        {{"system", to_string(t.system)},
         {"min_age_days", t.min_age_days},
         {"max_age_days", t.max_age_days == any_age ? json(nullptr) : json(t.max_age_days)},
         {"grade3_from_per_uL", per_ul(t.grade3_from)},
         {"grade2_from_per_uL", per_ul(t.grade2_from)},
         {"grade1_from_per_uL", per_ul(t.grade1_from)},
         {"grade1_to_per_uL", t.top ? per_ul(*t.top) : json("lln")},
         {"grade1_to_inclusive", t.top_inclusive},
         {"source", t.source}});
  for (const auto& u : unit_examples)
    j["units"].push_back({{"spelling", u.spelling}, {"factor_exp10", u.factor.exp10}});
  return j.dump(2);
}

}  // namespace anc::io
