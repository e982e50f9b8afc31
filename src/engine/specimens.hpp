#pragma once
// The derivation stage (SPEC §13 --derive): a long export's WBC, neutrophil
// % and bands % rows of one specimen, wherever they stand in the input, give
// that specimen's ANC. A first pass adds each such row's part (its value and
// unit as written) to a table keyed by specimen; the pass that classifies
// the rows then finds, for each neutrophil % row, what its specimen gave.
// Values are kept as text so that the reading builder reads them, exactly
// and with its messages, as it reads any other value. No I/O.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/huge_pages.hpp"
#include "engine/series.hpp"

namespace anc::engine {

/// What a long export's row is to --derive, by its code.
enum class test_kind : std::uint8_t { other, anc, wbc, neut_pct, bands_pct };

/// A value and its unit as written.
struct written_value {
  std::string_view value, unit;
};

/// Two different values of one test in one specimen: a contradiction,
/// reported on the specimen's neutrophil % row, never settled.
struct value_conflict {
  std::string first, second;  ///< value and unit as written
  std::uint64_t first_row = 0, second_row = 0;
};

/// What the rows of one specimen gave, for its neutrophil % row. Blank
/// values are not results and are left out.
struct specimen_facts {
  bool measured_anc = false;  ///< an ANC row with a value
  std::optional<written_value> wbc, bands;
  /// The LLN an ANC row of the specimen gives (with that row's unit), for
  /// a specimen whose ANC row has no value.
  std::optional<written_value> anc_lln;
  std::optional<value_conflict> wbc_conflict, bands_conflict;
};

/// One row's part of its specimen, as the first pass reads it.
struct specimen_part {
  test_kind kind = test_kind::other;
  std::uint64_t row = 0;  ///< 1-based data row
  /// The value (for an ANC row: its LLN) and the row's unit; a part with a
  /// blank value is no result, and is not added.
  written_value given;
  bool measured = false;  ///< an ANC row whose value is not blank
};

/// A part not yet added, handed over by a thread in input order: its key,
/// value and unit end at these offsets in the chunk's texts.
struct pending_part {
  test_kind kind = test_kind::other;
  bool measured = false;
  std::uint64_t row = 0;
  std::uint64_t key_hash = 0;
  std::uint32_t key_end = 0, value_end = 0, unit_end = 0;
};

class specimen_table {
 public:
  /// `decimal_comma`: how values are read when two texts are compared.
  explicit specimen_table(bool decimal_comma) : decimal_comma_(decimal_comma) {}
  /// Adds a part of the specimen `key` (whose patient_table::hash is
  /// `key_hash`), in input order.
  void add(std::string_view key, std::uint64_t key_hash, const specimen_part& part);
  /// The same for `pending`, their texts end to end in `texts`.
  void add(std::span<const pending_part> pending, std::string_view texts);
  /// What the specimen gave; none if no part of it was added.
  [[nodiscard]] auto find(std::string_view key) const -> std::optional<specimen_facts>;
  /// What the specimen of the neutrophil % row numbered `row` gave, found
  /// by its row, not its key: the pass that classifies reads the rows in
  /// order, so `cursor` (a reader's own, 0 at first) moves forward through
  /// them and no key is hashed again. None if no such row was added.
  [[nodiscard]] auto find_row(std::uint64_t row, std::size_t& cursor) const
      -> std::optional<specimen_facts>;
  [[nodiscard]] auto size() const noexcept -> std::size_t { return records_.size(); }

 private:
  /// A part kept in texts_: where it starts, + 1 (0: none). There, as
  /// LEB128 numbers and bytes: its row, its value's size, the value, its
  /// unit's size, the unit. A record is then 32 bytes, for millions of
  /// specimens.
  using text_ref = std::uint64_t;
  struct kept_part {
    std::uint64_t row = 0;
    written_value given;
  };
  struct record {
    text_ref wbc = 0, bands = 0, anc_lln = 0;
    bool measured_anc = false;
  };
  [[nodiscard]] auto facts(std::uint32_t index) const -> specimen_facts;
  auto keep(std::uint64_t row, written_value v) -> text_ref;
  [[nodiscard]] auto kept(text_ref r) const -> kept_part;
  /// Whether two values of a test are the same result ("7.5" and "7.50").
  [[nodiscard]] auto same(test_kind kind, written_value a, written_value b) const -> bool;
  void keep_value(test_kind kind, std::uint32_t index, text_ref& kept, const specimen_part& part);

  bool decimal_comma_;
  patient_table keys_;  ///< the specimen keys, each kept once
  huge_vector<record> records_;
  huge_vector<char> texts_;  ///< on huge pages, as it grows to hundreds of MB
  /// The neutrophil % rows, in input order, and their specimens.
  struct neut_row {
    std::uint64_t row = 0;
    std::uint32_t index = 0;
  };
  huge_vector<neut_row> neut_rows_;
  /// The last key added and its index: a specimen's rows mostly stand
  /// together, and then its key is not looked up again.
  std::string last_key_;
  std::uint32_t last_index_ = 0;
  /// The rare specimens with two different values of a test (the first
  /// two), by specimen index.
  std::unordered_map<std::uint32_t, value_conflict> wbc_conflicts_, bands_conflicts_;
};

}  // namespace anc::engine
