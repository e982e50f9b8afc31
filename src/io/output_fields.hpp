#pragma once
// The columns batch appends to each row (SPEC §7), their names, and their
// values as text and as JSON. One list, shared by the CSV and NDJSON writers
// and by `classify --json`.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "anc/classify.hpp"
#include "core/detail/write_number.hpp"
#include "io/row_result.hpp"

namespace anc::io {

/// In the order of SPEC §7's list: the default fields and most --fields
/// lists are then in enum order, which the CSV writer's fast loop needs.
enum class out_field {
  anc_per_ul,
  qualifier,   ///< next to the count it qualifies: "<" makes 100 mean below 100
  anc_source,  ///< --derive only (SPEC §13): measured or derived
  age_days,
  age_group,
  threshold_per_ul,
  neutropenic,
  severity,
  febrile,  ///< by default only when there is a fever column or --fever
  duration_days,
  duration_class,
  episode,        ///< series mode only (SPEC §12)
  episode_start,  ///< series mode only: the episode's start, as written
  status,
  error,
  // Not appended by default; available through --fields.
  threshold_source,
  notes,  ///< the note codes, ';'-separated
  // One per grading system (SPEC §10), appended for each --grade.
  grade_ctcae4,
  grade_ctcae5,
  grade_ctcae6,
  grade_daids21,
};

struct out_field_name {
  out_field field;
  std::string_view name;
};
inline constexpr std::array<out_field_name, 21> out_field_names{{
    {out_field::anc_per_ul, "anc_per_uL"},
    {out_field::qualifier, "qualifier"},
    {out_field::anc_source, "anc_source"},
    {out_field::age_days, "age_days"},
    {out_field::age_group, "age_group"},
    {out_field::threshold_per_ul, "threshold_per_uL"},
    {out_field::neutropenic, "neutropenic"},
    {out_field::severity, "severity"},
    {out_field::febrile, "febrile"},
    {out_field::duration_days, "duration_days"},
    {out_field::duration_class, "duration_class"},
    {out_field::episode, "episode"},
    {out_field::episode_start, "episode_start"},
    {out_field::status, "status"},
    {out_field::error, "error"},
    {out_field::threshold_source, "threshold_source"},
    {out_field::notes, "notes"},
    {out_field::grade_ctcae4, "grade_ctcae4"},
    {out_field::grade_ctcae5, "grade_ctcae5"},
    {out_field::grade_ctcae6, "grade_ctcae6"},
    {out_field::grade_daids21, "grade_daids21"},
}};
inline constexpr std::size_t out_field_count = out_field_names.size();
static_assert(in_enum_order(out_field_names, &out_field_name::field, out_field::grade_daids21),
              "out_field_names lists every field, in enum order");

/// SPEC §7: the default appended columns, in order; febrile among them
/// only when there is a fever column or --fever, and a grade per --grade
/// (anc_source with --derive, episode and episode_start with --series).
inline constexpr std::array<out_field, 12> default_fields{
    out_field::anc_per_ul,    out_field::qualifier,      out_field::anc_source,
    out_field::age_days,      out_field::age_group,      out_field::threshold_per_ul,
    out_field::neutropenic,   out_field::severity,       out_field::febrile,
    out_field::duration_days, out_field::duration_class, out_field::status};
/// default_fields then error: written with them.
inline constexpr out_field default_last_field = out_field::error;

auto name_of(out_field f) noexcept -> std::string_view;
auto grade_field(grading_system s) noexcept -> out_field;
auto grade_system_of(out_field f) noexcept -> std::optional<grading_system>;
auto out_field_from_name(std::string_view name) noexcept -> std::optional<out_field>;

/// Appends the field's value as CSV text (empty when it has none; not quoted).
void append_text(std::string& out, out_field f, const row_result& r);

/// The most bytes any field but `error` takes: a count, an integer or a name.
inline constexpr std::size_t max_field_chars = 32;
static_assert(max_field_chars >= detail::max_count_chars);
static_assert(max_field_chars >= 16);  // a padded name
static_assert(max_field_chars >= max_time_chars);
namespace write_detail {
/// A name of at most 15 bytes in 16, written as one fixed copy: a copy of a
/// varying length is a call to memcpy, and names are written on every row.
struct padded_name {
  std::array<char, 16> text{};
  std::size_t size = 0;
};
constexpr auto pad(std::string_view name) -> padded_name {
  // In a constant expression (every use below) a throw does not compile.
  if (name.size() >= 16) throw std::length_error("a name of more than 15 bytes");
  padded_name out;
  std::copy(name.begin(), name.end(), out.text.begin());
  out.size = name.size();
  return out;
}
/// The output names of the values 0 to Last of an enum, padded, indexed by
/// value; does not compile if a value after Last has a name.
template <auto Last>
constexpr auto padded_names() {
  using E = decltype(Last);
  constexpr auto count = static_cast<std::size_t>(Last) + 1;
  static_assert(to_string(static_cast<E>(count)) == "?", "Last is not the last value");
  std::array<padded_name, count> out;
  for (std::size_t i = 0; i < count; ++i) out[i] = pad(to_string(static_cast<E>(i)));
  return out;
}
/// The padded names of each enum written in CSV output, and of booleans.
template <typename E>
inline constexpr auto names_of = nullptr;  // none: put_name does not compile
template <>
inline constexpr auto names_of<row_status> = padded_names<row_status::skipped>();
template <>
inline constexpr auto names_of<severity> = padded_names<severity::agranulocytosis>();
template <>
inline constexpr auto names_of<age_group> = padded_names<age_group::adult>();
template <>
inline constexpr auto names_of<duration_class> = padded_names<duration_class::chronic>();
template <>
inline constexpr auto names_of<threshold_source> = padded_names<threshold_source::user>();
template <>
inline constexpr auto names_of<qualifier> = padded_names<qualifier::greater>();
template <>
inline constexpr auto names_of<anc_origin> = padded_names<anc_origin::derived>();
template <>
inline constexpr auto names_of<bool> = std::array<padded_name, 2>{pad("false"), pad("true")};

/// Writes the output name of `value` at `p`, which has room for 16 bytes.
template <typename E>
inline auto put_name(char* p, E value) noexcept -> char* {
  const padded_name& name = names_of<E>[static_cast<std::size_t>(value)];
  std::memcpy(p, name.text.data(), name.text.size());
  return p + name.size;
}

}  // namespace write_detail

/// Writes the value of any field but `error` at `p` (at most
/// max_field_chars bytes) and returns the end: the hot path of CSV output,
/// inline so that the writer's loop over the fields holds it.
inline auto write_text(char* p, out_field f, const row_result& r) noexcept -> char* {
  const classification& c = r.value;
  // An error row has only its status and the grades that could be derived
  // (a CTCAE grade needs no age).
  const bool ok = r.status == row_status::ok;
  switch (f) {
    case out_field::status: return write_detail::put_name(p, r.status);
    case out_field::error:            // not this function's: it needs quoting
    case out_field::notes: return p;  // nor this: it may be long
    case out_field::grade_ctcae4:
    case out_field::grade_ctcae5:
    case out_field::grade_ctcae6:
    case out_field::grade_daids21: {
      const auto& g = c.grades[static_cast<std::size_t>(*grade_system_of(f))];
      return g ? detail::write_whole(p, *g) : p;
    }
    case out_field::anc_per_ul: return ok ? detail::write_count(p, c.anc.bound) : p;
    case out_field::age_days: return ok && c.age_days ? detail::write_whole(p, *c.age_days) : p;
    case out_field::age_group: return ok && c.group ? write_detail::put_name(p, *c.group) : p;
    case out_field::threshold_per_ul: return ok ? detail::write_count(p, c.threshold) : p;
    case out_field::neutropenic: return ok ? write_detail::put_name(p, c.neutropenic) : p;
    case out_field::severity: return ok ? write_detail::put_name(p, c.grade) : p;
    case out_field::duration_days:
      return ok && c.duration_days ? detail::write_whole(p, *c.duration_days) : p;
    case out_field::duration_class:
      return ok && c.duration_cls ? write_detail::put_name(p, *c.duration_cls) : p;
    case out_field::episode: return ok && r.episode != 0 ? detail::write_whole(p, r.episode) : p;
    case out_field::episode_start:
      return ok && r.episode != 0 ? write_sample_time(p, r.episode_start) : p;
    case out_field::qualifier: return ok ? write_detail::put_name(p, c.anc.qual) : p;
    case out_field::anc_source: return ok ? write_detail::put_name(p, r.anc_source) : p;
    case out_field::threshold_source: return ok ? write_detail::put_name(p, c.source) : p;
    case out_field::febrile: return ok && c.febrile ? write_detail::put_name(p, *c.febrile) : p;
  }
  return p;
}

/// Appends the codes of the notes (and warnings) of `c`, ';'-separated.
void append_note_codes(std::string& out, const classification& c);

/// Appends `s` as a JSON string literal.
void append_json_string(std::string& out, std::string_view s);

/// Appends the SPEC §9 fields of `c` ("anc_per_uL": ... "warnings": [...])
/// after an opening brace or a comma, without the closing brace. For a row
/// that was not classified (`classified` false) every field is null but the
/// grades, which need no threshold.
void append_classification_json(std::string& out, const classification& c, bool classified = true);

/// Appends `,"episode":N,"episode_start":"..."` (null for a row outside an
/// episode): the series fields of an NDJSON row.
void append_episode_json(std::string& out, const row_result& r);

/// Appends `,"anc_source":"measured"` (or "derived", null for a row not
/// classified): the --derive field of an NDJSON row.
void append_anc_source_json(std::string& out, const row_result& r);

}  // namespace anc::io
