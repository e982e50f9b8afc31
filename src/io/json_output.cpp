#include "io/json_output.hpp"

#include <nlohmann/json.hpp>

namespace anc::io {

namespace {

using json = nlohmann::ordered_json;  // keep SPEC §9's field order

// Whole cells/uL as an integer, anything finer as a decimal: 800, 499.999.
// A double of a thousandth-exact value below 10^6 prints its digits exactly.
auto count_json(count c) -> json {
  if (c.milli_per_ul % milli_per_cell == 0) return c.milli_per_ul / milli_per_cell;
  return static_cast<double>(c.milli_per_ul) / static_cast<double>(milli_per_cell);
}

template <typename T, typename F>
auto optional_json(const std::optional<T>& v, F f) -> json {
  return v ? f(*v) : json(nullptr);
}

}  // namespace

auto to_json(const classification& c) -> std::string {
  auto name = [](auto e) { return json(std::string(to_string(e))); };
  json notes = json::array();
  json warnings = json::array();
  for (std::size_t i = 0; i < note_count; ++i) {
    const auto n = static_cast<note>(i);
    if (c.notes.has(n)) (is_warning(n) ? warnings : notes).push_back(std::string(to_string(n)));
  }
  json j;
  j["anc_per_uL"] = count_json(c.anc.bound);
  j["qualifier"] = c.anc.qual == qualifier::none ? json(nullptr) : name(c.anc.qual);
  j["age_days"] = optional_json(c.age_days, [](std::int64_t d) { return json(d); });
  j["age_group"] = optional_json(c.group, name);
  j["threshold_per_uL"] = count_json(c.threshold);
  j["threshold_source"] = name(c.source);
  j["neutropenic"] = c.neutropenic;
  j["severity"] = name(c.grade);
  j["duration_days"] = optional_json(c.duration_days, [](std::int64_t d) { return json(d); });
  j["duration_class"] = optional_json(c.duration_cls, name);
  j["febrile"] = optional_json(c.febrile, [](bool b) { return json(b); });
  j["grades"] = json::object();
  j["notes"] = std::move(notes);
  j["warnings"] = std::move(warnings);
  return j.dump();
}

}  // namespace anc::io
