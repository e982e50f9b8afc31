#include "io/csv_output.hpp"

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

void csv_writer::append_quoted(std::string& out, std::string_view value) const {
  if (!needs_quotes(value)) {
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

void csv_writer::row(const record& rec, std::size_t header_width, const row_result& r) {
  std::string& out = sink_.buffer();
  out += rec.raw;
  // Input that ends inside a quoted field: close it, or a reader of our
  // output would take the appended columns into that field. Its value, the
  // rest of the input, is unchanged.
  if (rec.problem == record_problem::unterminated_quote) out += '"';
  for (std::size_t i = rec.fields.size(); i < header_width; ++i) out += delimiter_;
  // The appended fields are written straight into a buffer that holds them
  // all, and appended at once; only the error text, which quotes input and
  // so can hold anything, is appended on its own.
  tail_.resize(fields_.size() * (max_field_chars + 1) + 1);
  char* const start = tail_.data();
  char* p = start;
  for (const out_field f : fields_) {
    *p++ = delimiter_;
    if (f == out_field::error) {
      if (r.error.empty()) continue;  // as every classified row
      out.append(start, static_cast<std::size_t>(p - start));
      p = start;
      append_quoted(out, r.error);
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
  *p++ = '\n';
  out.append(start, static_cast<std::size_t>(p - start));
  sink_.maybe_flush();
}

}  // namespace anc::io
