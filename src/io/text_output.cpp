#include "io/text_output.hpp"

#include <fmt/format.h>

#include "io/fmt_names.hpp"
#include "io/rules_output.hpp"
#include "io/text.hpp"

namespace anc::io {
namespace {

constexpr std::string_view red_bold = "\x1b[1;31m";
constexpr std::string_view green_bold = "\x1b[1;32m";
constexpr std::string_view reset = "\x1b[0m";

auto index_of_severity(severity s) -> std::optional<std::size_t> {
  for (std::size_t i = 0; i < severity_bands.size(); ++i)
    if (severity_bands[i].grade == s) return i;
  return std::nullopt;
}

auto index_of_duration(const std::optional<duration_class>& d) -> std::optional<std::size_t> {
  if (!d) return std::nullopt;
  for (std::size_t i = 0; i < duration_bands.size(); ++i)
    if (duration_bands[i].cls == *d) return i;
  return std::nullopt;
}

auto index_of_threshold(const classification& c) -> std::optional<std::size_t> {
  if (c.source == threshold_source::user || !c.group) return std::nullopt;
  return static_cast<std::size_t>(&threshold_rule_for(in_first_year(*c.group)) -
                                  threshold_rules.data());
}

auto anc_text(const quantity& q) -> std::string {
  return fmt::format("{}{} cells/\u00b5L", to_string(q.qual), q.bound);
}

}  // namespace

auto to_text(const classification& c, text_options opt) -> std::string {
  std::string out;
  const auto colour = [&](std::string_view code) { return opt.colour ? code : ""; };

  if (c.neutropenic)
    out += fmt::format("{}NEUTROPENIA \u2014 {}{}\n", colour(red_bold), c.grade, colour(reset));
  else
    out += fmt::format("{}NOT NEUTROPENIC{}\n", colour(green_bold), colour(reset));

  const auto threshold_index = index_of_threshold(c);
  const std::string whom =
      threshold_index
          ? fmt::format("the threshold {}", threshold_rules[*threshold_index].applies_to)
          : std::string("the threshold set for this run");
  out += fmt::format("  ANC {} is {}below {} cells/\u00b5L, {}.\n", anc_text(c.anc),
                     c.neutropenic ? "" : "not ", c.threshold, whom);
  if (c.group)
    out += fmt::format("  Age {}: {}.\n",
                       counted(static_cast<std::uint64_t>(*c.age_days), "day", "days"), *c.group);
  if (threshold_index)
    out += fmt::format("  Threshold source: {}\n", threshold_rules[*threshold_index].source);

  const auto severity_index = index_of_severity(c.grade);
  if (c.neutropenic && severity_index) {
    out += fmt::format("  Severity {}: {}.\n", c.grade,
                       severity_band_text(*severity_index, c.threshold));
    out += fmt::format("  Severity source: {}\n", severity_source);
  }

  if (const auto d = index_of_duration(c.duration_cls)) {
    out += fmt::format("  Duration {}: {} ({}).\n",
                       counted(static_cast<std::uint64_t>(*c.duration_days), "day", "days"),
                       *c.duration_cls, duration_band_text(*d));
    out += fmt::format("  Duration source: {}\n", duration_bands[*d].source);
  }

  if (c.febrile) out += fmt::format("  Febrile neutropenia: {}\n", *c.febrile ? "yes" : "no");

  for (const grading_system system : grading_systems) {
    const auto i = static_cast<std::size_t>(system);
    if (!c.graded[i]) continue;
    const grade_table* t = table_for(system, c.age_days);
    if (c.grades[i])
      out += fmt::format("  Grade {}: {} (source: {})\n", to_string(system), *c.grades[i],
                         t != nullptr ? t->source : std::string_view{});
    else
      out += fmt::format("  Grade {}: none (see the note below)\n", to_string(system));
  }

  for (std::size_t i = 0; i < note_count; ++i) {
    const auto n = static_cast<note>(i);
    if (c.notes.has(n))
      out += fmt::format("  {}: {}\n", is_warning(n) ? "Warning" : "Note", to_string(n));
  }

  out += "  Rules and sources: anc rules; README \"The rules, and where they come from\".\n";

  if (opt.explain) {
    out += "\nRules applied (\u2192 marks the row used):\n";
    out += rule_tables_text({threshold_index, c.neutropenic ? severity_index : std::nullopt,
                             index_of_duration(c.duration_cls)},
                            "\u2192 ");
    if (c.source == threshold_source::user)
      out += fmt::format(
          "The age rule was replaced by the threshold set for this run, {} "
          "cells/\u00b5L.\n",
          c.threshold);
  }
  return out;
}

}  // namespace anc::io
