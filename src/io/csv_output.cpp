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
  bool needs_quotes = false;
  for (const char c : value)
    needs_quotes = needs_quotes || c == delimiter_ || c == '"' || c == '\n' || c == '\r';
  if (!needs_quotes) {
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
  for (const out_field f : fields_) {
    out += delimiter_;
    // The error text quotes input, so it can hold anything; the other
    // fields need the check only with an unusual delimiter.
    if (plain_values_ && f != out_field::error) {
      append_text(out, f, r);
    } else {
      scratch_.clear();
      append_text(scratch_, f, r);
      append_quoted(out, scratch_);
    }
  }
  out += '\n';
  sink_.maybe_flush();
}

}  // namespace anc::io
