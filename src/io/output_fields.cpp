#include "io/output_fields.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstring>

namespace anc::io {

auto name_of(out_field f) noexcept -> std::string_view {
  return name_in(out_field_names, f, &out_field_name::name);
}

auto grade_field(grading_system s) noexcept -> out_field {
  switch (s) {
    case grading_system::ctcae4: return out_field::grade_ctcae4;
    case grading_system::ctcae5: return out_field::grade_ctcae5;
    case grading_system::ctcae6: return out_field::grade_ctcae6;
    case grading_system::daids21: return out_field::grade_daids21;
  }
  return out_field::grade_ctcae5;
}

auto grade_system_of(out_field f) noexcept -> std::optional<grading_system> {
  for (const grading_system s : grading_systems)
    if (grade_field(s) == f) return s;
  return std::nullopt;
}

auto out_field_from_name(std::string_view name) noexcept -> std::optional<out_field> {
  for (const auto& n : out_field_names)
    if (n.name == name) return n.field;
  return std::nullopt;
}

namespace {

void append_int(std::string& out, std::int64_t v) {
  std::array<char, 20> buf;  // NOLINT: written before read
  out.append(buf.data(), static_cast<std::size_t>(detail::write_whole(buf.data(), v) - buf.data()));
}

}  // namespace

void append_note_codes(std::string& out, const classification& c) {
  bool first = true;
  for (std::size_t i = 0; i < note_count; ++i) {
    const auto n = static_cast<note>(i);
    if (!c.notes.has(n)) continue;
    if (!first) out += ';';
    first = false;
    out += code_of(n);
  }
}

void append_text(std::string& out, out_field f, const row_result& r) {
  if (f == out_field::error) {
    out += r.error;
    return;
  }
  if (f == out_field::notes) {
    if (r.status == row_status::ok) append_note_codes(out, r.value);
    return;
  }
  std::array<char, max_field_chars> buf;  // NOLINT: written before read
  out.append(buf.data(), static_cast<std::size_t>(write_text(buf.data(), f, r) - buf.data()));
}

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not one.
auto utf8_length(std::string_view s, std::size_t i) noexcept -> std::size_t {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0U) == 0x80U; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;
    if (c == 0xF4 && b(1) >= 0x90) return 0;
    return 4;
  }
  return 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const char ch = s[i];
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      // JSON text is UTF-8: an invalid byte (a Latin-1 export, binary) is
      // written as U+FFFD rather than making the whole line unreadable.
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    ++i;
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20)
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        else
          out += ch;
    }
  }
  out += '"';
}

namespace {

template <typename T, typename F>
void append_optional(std::string& out, const std::optional<T>& v, F f) {
  if (v)
    f(*v);
  else
    out += "null";
}

void append_notes(std::string& out, const note_set& notes, bool warnings) {
  out += '[';
  bool first = true;
  for (std::size_t i = 0; i < note_count; ++i) {
    const auto n = static_cast<note>(i);
    if (!notes.has(n) || is_warning(n) != warnings) continue;
    if (!first) out += ',';
    append_json_string(out, to_string(n));
    first = false;
  }
  out += ']';
}

}  // namespace

namespace {

void append_grades(std::string& out, const classification& c) {
  out += ",\"grades\":{";
  bool first = true;
  for (const grading_system system : grading_systems) {
    const auto i = static_cast<std::size_t>(system);
    if (!c.graded[i]) continue;
    if (!first) out += ',';
    first = false;
    append_json_string(out, to_string(system));
    out += ':';
    append_optional(out, c.grades[i], [&](int g) { append_int(out, g); });
  }
  out += '}';
}

}  // namespace

void append_episode_json(std::string& out, const row_result& r) {
  out += ",\"episode\":";
  if (r.status != row_status::ok || r.episode == 0) {
    out += "null,\"episode_start\":null";
    return;
  }
  append_int(out, r.episode);
  out += ",\"episode_start\":";
  append_json_string(out, to_string(r.episode_start));
}

void append_anc_source_json(std::string& out, const row_result& r) {
  out += ",\"anc_source\":";
  if (r.status != row_status::ok || r.anc_source == anc_origin::none)
    out += "null";
  else
    append_json_string(out, to_string(r.anc_source));
}

void append_classification_json(std::string& out, const classification& c, bool classified) {
  auto name = [&](auto e) { append_json_string(out, to_string(e)); };
  auto integer = [&](std::int64_t v) { append_int(out, v); };
  auto boolean = [&](bool b) { out += b ? "true" : "false"; };
  // Every key once; an unclassified row writes null where a value would be.
  bool first = true;
  auto field = [&](std::string_view key, auto write) {
    out += first ? "\"" : ",\"";
    first = false;
    out += key;
    out += "\":";
    if (classified)
      write();
    else
      out += "null";
  };
  field("anc_per_uL", [&] { out += format_count(c.anc.bound).view(); });
  field("qualifier", [&] {
    if (c.anc.qual == qualifier::none)
      out += "null";
    else
      name(c.anc.qual);
  });
  field("age_days", [&] { append_optional(out, c.age_days, integer); });
  field("age_group", [&] { append_optional(out, c.group, name); });
  field("threshold_per_uL", [&] { out += format_count(c.threshold).view(); });
  field("threshold_source", [&] { name(c.source); });
  field("neutropenic", [&] { boolean(c.neutropenic); });
  field("severity", [&] { name(c.grade); });
  field("duration_days", [&] { append_optional(out, c.duration_days, integer); });
  field("duration_class", [&] { append_optional(out, c.duration_cls, name); });
  field("febrile", [&] { append_optional(out, c.febrile, boolean); });
  append_grades(out, c);  // grades may exist even when the row was not classified
  out += ",\"notes\":";
  append_notes(out, classified ? c.notes : note_set{}, false);
  out += ",\"warnings\":";
  append_notes(out, classified ? c.notes : note_set{}, true);
}

}  // namespace anc::io
