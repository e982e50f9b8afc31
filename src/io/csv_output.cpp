#include "io/csv_output.hpp"

#include <array>
#include <utility>

#include "core/ascii.hpp"

namespace anc::io {

void csv_writer::header(std::string_view raw, const std::vector<std::string>& input_names) {
  std::string& out = sink_.buffer();
  out += raw;
  for (const out_field f : fields_) {
    const std::string_view name = name_of(f);
    bool clash = false;
    for (const auto& in : input_names) clash = clash || detail::iequals(in, name);
    out += delimiter_;
    if (clash) out += "anc_";
    out += name;
  }
  out += '\n';
}

void append_csv_field(std::string& out, std::string_view value, char delimiter) {
  // A loop over the bytes: string_view::find_first_of searches the set of
  // triggers once per byte of the value.
  bool plain = true;
  for (const char c : value) plain = plain && c != delimiter && c != '"' && c != '\r' && c != '\n';
  if (plain) {
    out += value;
    return;
  }
  out += '"';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

namespace {

/// The fields of `mask` (bit k: out_field k) in their enum order, each after
/// a delimiter. The fields are constants here, so each is an inlined branch
/// that is the same on every row, where a switch on the field is a jump (or
/// a chain of them) that is mispredicted when the rows before it differ.
template <std::size_t... Field>
inline auto write_in_order(char* p, std::uint32_t mask, char delimiter, const row_result& r,
                           std::index_sequence<Field...> /*all fields*/) noexcept -> char* {
  const auto one = [&](out_field f) {
    *p++ = delimiter;
    p = write_text(p, f, r);
  };
  ((mask >> Field & 1U ? one(static_cast<out_field>(Field)) : void()), ...);
  return p;
}

}  // namespace

static_assert(out_field_count <= 32, "a field's bit in a 32-bit mask");

auto csv_writer::in_order_mask(const std::vector<out_field>& fields) noexcept -> std::uint32_t {
  std::uint32_t mask = 0;
  for (const out_field f : fields) {
    if (f == out_field::notes) return 0;  // written by the general loop
    const std::uint32_t bit = 1U << static_cast<unsigned>(f);
    if (bit <= mask) return 0;  // a field out of order (or twice)
    mask |= bit;
  }
  return mask;
}

void csv_writer::row(const record& rec, std::size_t header_width, const row_result& r) {
  std::string& out = sink_.buffer();
  if (fields_only_) {
    for (std::size_t i = 0; i < header_width; ++i) {
      if (i > 0) out += delimiter_;
      if (i < rec.fields.size()) append_quoted(out, rec.fields[i]);
    }
  } else {
    out += rec.raw;
  }
  // Input that ends inside a quoted field: close it, or a reader of our
  // output would take the appended columns into that field. Its value, the
  // rest of the input, is unchanged.
  if (rec.problem == record_problem::unterminated_quote) out += '"';
  if (!fields_only_)
    for (std::size_t i = rec.fields.size(); i < header_width; ++i) out += delimiter_;
  // The appended fields are written straight into a buffer that holds them
  // all, and appended at once; only the error text, which quotes input and
  // so can hold anything, is appended on its own.
  tail_.resize(fields_.size() * (max_field_chars + 1) + 1);
  char* const start = tail_.data();
  char* p = start;
  if (in_order_ != 0 && r.error.empty()) {  // error is then empty too
    p = write_in_order(p, in_order_, delimiter_, r, std::make_index_sequence<out_field_count>{});
  } else {
    for (const out_field f : fields_) {
      *p++ = delimiter_;
      if (f == out_field::error) {
        if (r.error.empty()) continue;  // as every classified row
        out.append(start, static_cast<std::size_t>(p - start));
        p = start;
        append_quoted(out, r.error);
      } else if (f == out_field::notes) {
        if (r.status != row_status::ok || r.value.notes.bits == 0) continue;
        out.append(start, static_cast<std::size_t>(p - start));
        p = start;
        notes_.clear();
        append_note_codes(notes_, r.value);
        append_quoted(out, notes_);  // the codes hold ';', a delimiter too
      } else if (plain_values_) {
        p = write_text(p, f, r);
      } else {  // an unusual delimiter: any value might need quotes
        char* const value = p;
        p = write_text(p, f, r);
        const std::string_view text(value, static_cast<std::size_t>(p - value));
        if (needs_quotes(text)) {
          out.append(start, static_cast<std::size_t>(value - start));
          append_quoted(out, text);  // reads tail_ before it is written again
          p = start;
        }
      }
    }
  }
  *p++ = '\n';
  out.append(start, static_cast<std::size_t>(p - start));
  sink_.maybe_flush();
}

}  // namespace anc::io
