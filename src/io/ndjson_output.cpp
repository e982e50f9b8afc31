#include "io/ndjson_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace anc::io {

auto unique_keys(const std::vector<std::string>& header) -> std::vector<std::string> {
  // Sets, not searches: a header may have a million columns.
  const std::unordered_set<std::string_view> in_header(header.begin(), header.end());
  std::unordered_set<std::string> used;
  std::unordered_map<std::string, int> next_suffix;
  std::vector<std::string> keys;
  keys.reserve(header.size());
  for (const std::string& name : header) {
    if (used.insert(name).second) {
      keys.push_back(name);
      continue;
    }
    // A later column of the same name: the next suffix no column has,
    // counted on from the last one this name took.
    for (int& n = next_suffix.try_emplace(name, 2).first->second;; ++n) {
      std::string k = fmt::format("{}_{}", name, n);
      if (in_header.count(k) == 0 && used.insert(k).second) {
        keys.push_back(std::move(k));
        ++n;
        break;
      }
    }
  }
  return keys;
}

void ndjson_writer::row(std::uint64_t row_number, const record& rec, const row_result& r) {
  std::string& out = sink_.buffer();
  fmt::format_to(std::back_inserter(out), "{{\"row\":{},\"input\":{{", row_number);
  const std::size_t width =
      header_only_ ? std::min(rec.fields.size(), header_.size()) : rec.fields.size();
  for (std::size_t i = 0; i < width; ++i) {
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
  if (derive_) append_anc_source_json(out, r);
  if (series_) append_episode_json(out, r);
  out += ",\"status\":";
  append_json_string(out, to_string(r.status));
  out += ",\"error\":";
  if (r.status == row_status::error || !r.error.empty())
    append_json_string(out, r.error);
  else
    out += "null";
  out += "}\n";
  sink_.maybe_flush();
}

}  // namespace anc::io
