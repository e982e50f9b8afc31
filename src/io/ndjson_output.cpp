#include "io/ndjson_output.hpp"

#include <fmt/format.h>

namespace anc::io {

void ndjson_writer::row(std::uint64_t row_number, const record& rec, const row_result& r) {
  std::string& out = sink_.buffer();
  fmt::format_to(std::back_inserter(out), "{{\"row\":{},\"input\":{{", row_number);
  for (std::size_t i = 0; i < rec.fields.size(); ++i) {
    if (i > 0) out += ',';
    if (i < header_.size())
      append_json_string(out, header_[i]);
    else
      append_json_string(out, fmt::format("column_{}", i + 1));
    out += ':';
    append_json_string(out, rec.fields[i]);
  }
  out += "},";
  append_classification_json(out, r.value, r.status == row_status::ok);
  out += ",\"status\":";
  append_json_string(out, to_string(r.status));
  out += ",\"error\":";
  if (r.status == row_status::error)
    append_json_string(out, r.error);
  else
    out += "null";
  out += "}\n";
  sink_.maybe_flush();
}

}  // namespace anc::io
