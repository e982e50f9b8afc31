#include "engine/join_tables.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>

#include "engine/batch_config.hpp"
#include "engine/input_file.hpp"
#include "io/columns.hpp"
#include "io/text.hpp"

namespace anc::engine {

auto parse_join_spec(const std::string& text) -> join_spec {
  struct stat st {};
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size() ||
      ::stat(text.c_str(), &st) == 0)
    return {text, std::nullopt};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

namespace {

auto contains(const std::vector<std::string>& normalised, std::string_view name) -> bool {
  return std::find(normalised.begin(), normalised.end(), io::normalise_header(name)) !=
         normalised.end();
}

}  // namespace

joined_tables::joined_tables(const std::vector<join_spec>& specs,
                             const std::vector<std::string>& input_columns,
                             const std::vector<std::string>& ignored) {
  // The record so far, by normalised name: the input's columns, then each
  // table's added columns.
  std::vector<std::string> record;
  for (const auto& c : input_columns) record.push_back(io::normalise_header(c));
  std::vector<std::string> skip;
  for (const auto& c : ignored) skip.push_back(io::normalise_header(c));

  for (const join_spec& spec : specs) {
    std::optional<char> delimiter;
    const auto in = open_input(spec.path, true, delimiter, false);
    std::vector<std::string> columns;
    for (const auto f : in->header.fields) columns.emplace_back(f);

    // The key: the column named, else the first of the table's columns
    // that the record so far has too.
    std::optional<std::size_t> key;
    for (std::size_t i = 0; i < columns.size() && !key; ++i) {
      const std::string name = io::normalise_header(columns[i]);
      if (spec.key ? name == io::normalise_header(*spec.key)
                   : contains(record, columns[i]) && !contains(skip, columns[i]))
        key = i;
    }
    if (!key || !contains(record, columns[*key])) {
      setup_error e{spec.key ? setup_problem::join_no_such_key : setup_problem::join_no_key,
                    spec.path};
      e.detail = spec.key ? *spec.key : fmt::format("{}", fmt::join(columns, ", "));
      e.other = !key ? "table" : "input";
      throw e;
    }
    table t;
    t.key_column = static_cast<std::size_t>(
        std::find(record.begin(), record.end(), io::normalise_header(columns[*key])) -
        record.begin());
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (i != *key && !contains(skip, columns[i])) t.kept.push_back(i);

    io::record rec;
    std::vector<std::uint64_t> line_of;  ///< each row's line, for a duplicate's message
    while (in->reader->next(rec)) {
      if (rec.raw.empty()) continue;  // a blank line holds no key (spreadsheets end in one)
      if (rec.problem != io::record_problem::none || rec.fields.size() != columns.size()) {
        setup_error e{setup_problem::join_malformed, spec.path};
        e.column = rec.line;
        e.other_column = columns.size();
        throw e;
      }
      const std::string_view k = trim(rec.fields[*key]);
      if (k.empty()) continue;  // no record can match it
      const std::size_t rows = line_of.size();
      const std::uint32_t row = t.keys.intern(k, patient_table::hash(k));
      if (row < rows) {
        // The same row twice is harmless; two different ones for one key
        // would be settled silently by taking either.
        bool same = true;
        for (std::size_t j = 0; j < t.kept.size(); ++j)
          same = same && t.value(row, j) == rec.fields[t.kept[j]];
        if (same) continue;
        setup_error e{setup_problem::join_duplicate_key, spec.path};
        e.detail = std::string(k);
        e.other = columns[*key];
        e.column = line_of[row];
        e.other_column = rec.line;
        throw e;
      }
      line_of.push_back(rec.line);
      for (const std::size_t i : t.kept) {
        t.values += rec.fields[i];
        t.value_ends.push_back(t.values.size());
      }
    }
    for (const std::size_t i : t.kept) {
      names_.push_back(columns[i]);
      labels_.push_back(spec.path + ":" + columns[i]);
      record.push_back(io::normalise_header(columns[i]));
    }
    tables_.push_back(std::move(t));
  }
}

void joined_tables::extend(const std::vector<std::string_view>& fields,
                           std::vector<std::string_view>& out) const {
  out.assign(fields.begin(), fields.end());
  for (const table& t : tables_) {
    const std::string_view k = t.key_column < out.size() ? trim(out[t.key_column]) : "";
    const auto row = k.empty() ? std::nullopt : t.keys.find(k, patient_table::hash(k));
    if (!row) {
      out.resize(out.size() + t.kept.size());
      continue;
    }
    for (std::size_t j = 0; j < t.kept.size(); ++j) out.push_back(t.value(*row, j));
  }
}

}  // namespace anc::engine
