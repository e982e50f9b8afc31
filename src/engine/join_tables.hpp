#pragma once
// Lookup tables joined to each record (SPEC §13, `--join FILE[:COLUMN]`):
// a patient or admission table, held in memory, whose row for a record's
// key gives the record more columns for the column roles to see (an age,
// a date of birth, MIMIC-IV's anchor age and year, a patient id). They
// are never written to the output. Tables chain: each is keyed on a
// column of the record so far, the input's columns then those added by
// the tables before it (MIMIC-III: labevents.hadm_id -> admissions ->
// subject_id -> patients).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/series.hpp"

namespace anc::engine {

/// One --join: the table's path and, if named, its key column.
struct join_spec {
  std::string path;
  std::optional<std::string> key;
};

/// "FILE" or "FILE:COLUMN": the path as given if a file has that name,
/// else split at its last ':'.
auto parse_join_spec(const std::string& text) -> join_spec;

class joined_tables {
 public:
  joined_tables() = default;
  /// Loads each table (CSV, gzip allowed), in order, keyed against
  /// `input_columns` and the columns added before it; a column named in
  /// `ignored` (compared as header names are) is neither a key nor added.
  /// Throws setup_error: no shared column, a key named that is not there,
  /// one key on two rows with different values, a malformed row.
  joined_tables(const std::vector<join_spec>& specs, const std::vector<std::string>& input_columns,
                const std::vector<std::string>& ignored);

  [[nodiscard]] auto empty() const noexcept -> bool { return tables_.empty(); }
  /// The added columns, after the input's: their names as in their tables'
  /// headers, and for messages FILE:COLUMN.
  [[nodiscard]] auto added_names() const -> const std::vector<std::string>& { return names_; }
  [[nodiscard]] auto added_labels() const -> const std::vector<std::string>& { return labels_; }
  /// `out` = `fields` (a record's) and then the added columns' values: the
  /// table row its key finds, or empty values if it finds none.
  void extend(const std::vector<std::string_view>& fields,
              std::vector<std::string_view>& out) const;

 private:
  // A table of millions of patients is looked up once or twice for every
  // row: its keys are interned as series patients are (open addressing,
  // ids end to end), and its values are end to end too, so a lookup reads
  // a slot, a key and the values, and freeing it is a few calls.
  struct table {
    std::size_t key_column = 0;             ///< in the record so far
    std::vector<std::size_t> kept;          ///< the table's columns added, in order
    patient_table keys;                     ///< index i: the i-th row kept
    std::string values;                     ///< each row's kept values, end to end
    huge_vector<std::uint64_t> value_ends;  ///< kept.size() per row
    [[nodiscard]] auto value(std::size_t row, std::size_t k) const -> std::string_view {
      const std::size_t i = row * kept.size() + k;
      const std::uint64_t begin = i == 0 ? 0 : value_ends[i - 1];
      return std::string_view(values).substr(begin, value_ends[i] - begin);
    }
  };
  std::vector<table> tables_;
  std::vector<std::string> names_, labels_;
};

}  // namespace anc::engine
