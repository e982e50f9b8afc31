#pragma once
// One CSV row -> a classification or a clear error, using the column roles
// found in the header and the run's defaults (SPEC §7). No I/O.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "anc/classify.hpp"
#include "anc/episodes.hpp"
#include "anc/sample_time.hpp"
#include "engine/join_tables.hpp"
#include "engine/reading_builder.hpp"
#include "engine/specimens.hpp"
#include "io/columns.hpp"
#include "io/row_result.hpp"

namespace anc::engine {

using io::column_roles;
using io::role;
using io::role_count;
using io::row_result;
using io::row_status;

/// Run-wide settings of `anc batch`, already validated.
struct batch_settings {
  bool decimal_comma = false;
  std::optional<unit> default_unit;       ///< --unit
  std::optional<age> default_age;         ///< --age
  std::optional<age_unit> bare_age_unit;  ///< --age-unit (wins over the column name)
  std::optional<count> threshold;         ///< --threshold
  std::vector<std::string> anc_codes;     ///< codes that mark an ANC row (long format)
  std::array<bool, grading_systems.size()> grade_wanted{};  ///< --grade
  std::optional<std::string> default_lln;  ///< --lln, in each reading's unit unless it has its own
  /// false: every row takes the general path (ANC_NO_FAST_PATH=1), which
  /// the whole suite also passes with (SPEC §11).
  bool fast_path = true;
  std::optional<bool> default_fever;  ///< --fever, for rows with no fever column value
  /// Series mode (SPEC §12): durations from each patient's readings.
  bool series = false;
  std::optional<time_unit> offset_unit;  ///< --time-unit: sample times are offsets
  episode_rules episodes;                ///< --recovery-readings, --max-gap
  bool deidentified_ages = false;        ///< --deidentified-ages (SPEC §13)
  /// --derive (SPEC §13): a specimen's ANC from its WBC and differential
  /// rows, found by these codes.
  bool derive = false;
  std::vector<std::string> wbc_codes, neut_pct_codes, bands_pct_codes;
  /// FHIR input (SPEC §14): a date of birth may be partial ("2019"), and
  /// an age comes from the subject's Patient.
  bool fhir_input = false;
  /// FHIR input: the columns of the translated record where its source
  /// says what it found (engine/fhir_input.hpp): a problem (the row is an
  /// error row with that text) or a reason to skip it (a cancelled
  /// Observation). Such a row takes no part in a specimen either.
  std::optional<std::size_t> problem_column, skip_column;
  /// FHIR input: why a record has no value (dataAbsentReason, ...): an
  /// error row if its code is one the run classifies, else it is skipped
  /// as any other test is.
  std::optional<std::size_t> value_problem_column;
};

/// SPEC §11: the allow-list of the fast path. A header may have columns of
/// these roles only, else every row takes the general path: the fast path
/// reads the ANC (or value), unit and age columns, the code column is
/// matched before it, and a patient or sample date alone changes no
/// classification. Any other role (a fever, a date of birth, an LLN, ...)
/// is read only by the general path.
inline constexpr std::array<role, 8> fast_path_roles{role::anc,  role::value,   role::unit,
                                                     role::age,  role::code,    role::patient,
                                                     role::date, role::specimen};

/// Where the ANC of a row comes from, decided once from the header.
enum class anc_source { anc_column, value_column, differential };

class row_classifier {
 public:
  /// `header`: the columns' names for messages, the joined tables'
  /// columns after the input's (found by `joins`, if any).
  row_classifier(std::vector<std::string> header, column_roles roles, anc_source source,
                 batch_settings settings, std::shared_ptr<const joined_tables> joins = {});

  /// Classifies the data fields of one row into `out` (its buffers reused).
  /// `record`, when given, is memory known to be readable that holds the
  /// fields (the record they were cut from): short fields inside it, with
  /// eight bytes of it up to their end, are then read as one 64-bit word.
  /// `number`, the row's 1-based data row, lets --derive find the row's
  /// specimen by its row (see specimen_table::find_row); 0: by its key.
  void classify_row(const std::vector<std::string_view>& fields, row_result& out,
                    std::string_view record = {}, std::uint64_t number = 0) const;

  /// Series mode, for a row classify_row found ok: reads its patient and
  /// sample time into `out`, or makes it an error row naming the column.
  void read_series(const std::vector<std::string_view>& fields, row_result& out) const;

  /// --derive: what the row is by its code, and its part of its specimen
  /// (views into `fields` and `key`), if it has one; none for a row of
  /// another test, or one that names no specimen.
  struct specimen_row {
    std::string_view key;
    specimen_part part;
  };
  auto specimen_row_of(const std::vector<std::string_view>& fields, std::string& key) const
      -> std::optional<specimen_row>;
  /// --derive: the specimens of the whole input, found by a pass before
  /// the rows are classified (shared by every thread's classifier).
  void set_specimens(std::shared_ptr<const specimen_table> specimens) {
    specimens_ = std::move(specimens);
  }

  /// Whether rows of this header may take the fast path (see fast_path_roles).
  [[nodiscard]] auto takes_fast_path() const noexcept -> bool { return plain_; }

  /// Gives `out` no classification: `status` (error or skipped), `error`,
  /// and null grades for the systems asked for. For a row classify_row
  /// refuses, and for a record too malformed to be given to it.
  void unclassified(row_result& out, row_status status, std::string error = {}) const;

 private:
  /// The value of the role's column as read ("" when there is none); inline,
  /// as it runs for every role of every row.
  [[nodiscard, gnu::always_inline]] auto raw_cell(const std::vector<std::string_view>& fields,
                                                  role r) const -> std::string_view {
    const std::size_t i = column_[static_cast<std::size_t>(r)];
    return i < fields.size() ? fields[i] : std::string_view{};
  }
  /// The same, trimmed.
  [[nodiscard, gnu::always_inline]] auto cell(const std::vector<std::string_view>& fields,
                                              role r) const -> std::string_view {
    return trim(raw_cell(fields, r));
  }
  /// The common row of an export, classified from scalars (see plain_);
  /// false, with `out` untouched, for any row that is not one.
  auto classify_plain(const std::vector<std::string_view>& fields, std::string_view record, unit u,
                      row_result& out) const -> bool;
  /// The eight bytes of `record` that end where `field` ends, if `field`
  /// (one to eight bytes) and they lie inside it: `field` is their high bytes.
  static auto word_ending(std::string_view record, std::string_view field) noexcept
      -> std::optional<std::uint64_t> {
    const auto start = reinterpret_cast<std::uintptr_t>(record.data());
    const auto begin = reinterpret_cast<std::uintptr_t>(field.data());
    const std::uintptr_t end = begin + field.size();
    if (field.empty() || field.size() > 8 || begin < start || end > start + record.size() ||
        end - start < 8)
      return std::nullopt;
    std::uint64_t word = 0;
    std::memcpy(&word, field.data() + field.size() - 8, 8);
    return word;
  }
  [[nodiscard]] auto subject(role r) const -> std::string;
  /// The text of an optional column of the record, or "".
  static auto column_text(const std::vector<std::string_view>& fields,
                          const std::optional<std::size_t>& column) noexcept -> std::string_view {
    return column && *column < fields.size() ? fields[*column] : std::string_view{};
  }
  /// The source's verdict on the record (see batch_settings::problem_column):
  /// true, with `out` an error or skipped row, if it gave one.
  auto source_verdict(const std::vector<std::string_view>& fields, row_result& out) const -> bool;
  /// The same for a row of a test the run classifies that has no value.
  auto value_problem(const std::vector<std::string_view>& fields, row_result& out) const -> bool;
  /// Which code list `code` is on (ANC codes only, without --derive).
  [[nodiscard]] auto kind_of(std::string_view code) const noexcept -> test_kind;
  struct listed_code {
    std::uint64_t head = 0;  ///< its first eight bytes, as text_bytes()
    std::size_t size = 0;
    test_kind kind = test_kind::other;
    std::string code;
  };
  std::vector<listed_code> codes_;  ///< the run's code lists, for kind_of
  /// codes_ by their first bytes and length, open addressing: index + 1,
  /// 0 free; at most half full.
  std::vector<std::uint32_t> code_slots_;
  [[nodiscard]] auto code_slot(std::uint64_t head, std::size_t size) const noexcept -> std::size_t {
    return static_cast<std::size_t>(((head ^ size) * 0x9E37'79B9'7F4A'7C15ULL) >> 40) &
           (code_slots_.size() - 1);
  }
  void list_codes();
  void index_codes();
  /// The key of the row's specimen: its specimen column, else its patient
  /// and sample time (made in `key`); none if the row has none.
  auto specimen_key(const std::vector<std::string_view>& fields, std::string& key) const
      -> std::optional<std::string_view>;
  /// How messages name the row's specimen.
  [[nodiscard]] auto specimen_name(const std::vector<std::string_view>& fields) const
      -> std::string;
  /// A neutrophil % row under --derive: its specimen's ANC (SPEC §13).
  void classify_derived(const std::vector<std::string_view>& fields, row_result& out,
                        std::uint64_t number) const;
  /// The inputs of the reading builder from the row's columns (and the
  /// anchored age); a problem with the anchors, else empty.
  auto row_inputs(const std::vector<std::string_view>& fields, raw_inputs& in) const -> std::string;
  /// The reading built from `in` classified into `out`.
  void finish(const raw_inputs& in, const reading_rules& rules, const input_names& names,
              row_result& out) const;
  /// The parsed unit of a trimmed, non-empty text, from the cache if it is there.
  auto unit_of(std::string_view text) const -> const unit_result&;
  std::shared_ptr<const specimen_table> specimens_;
  bool specimen_needs_join_ = false;
  mutable std::size_t specimen_cursor_ =
      0;  ///< for specimen_table::find_row  ///< a column specimen_row_of reads is a joined one
  mutable std::string key_scratch_, lln_scratch_;
  reading_rules derived_rules_;  ///< rules_, the ANC from a differential
  input_names derived_names_;    ///< names_, its inputs the specimen's
  /// MIMIC-IV's anchors and the sample date -> anchored_text_ ("72y"), or
  /// left empty if a cell is; a problem with them, else empty.
  auto anchored_age(const std::vector<std::string_view>& fields) const -> std::string;
  bool anchored_ = false;  ///< anchor age, anchor year and sample date columns
  mutable std::string anchored_text_;
  /// Fills input_column_, names_ and rules_ for the reading builder.
  void name_inputs();
  void fail(row_result& out, std::string message) const {
    unclassified(out, row_status::error, std::move(message));
  }

  /// The record's fields with the joined columns after them (`joined_`
  /// is scratch for them: a classifier is not shared between threads).
  auto with_joined(const std::vector<std::string_view>& fields) const
      -> const std::vector<std::string_view>& {
    if (!joins_) return fields;
    joins_->extend(fields, joined_);
    return joined_;
  }
  std::vector<std::string> header_;
  std::shared_ptr<const joined_tables> joins_;
  mutable std::vector<std::string_view> joined_;
  column_roles roles_;
  std::array<std::size_t, role_count> column_{};  ///< roles_ with SIZE_MAX for none
  anc_source source_;
  batch_settings settings_;
  std::optional<age_unit> bare_age_unit_;
  /// The header and settings allow the common row: an ANC or value column,
  /// an age column of bare numbers, only fast_path_roles, and no grades.
  bool plain_ = false;
  /// A system asked for grades up to the lab's LLN (CTCAE v4, v5).
  bool wants_lln_ = false;
  std::array<std::size_t, input_count> input_column_{};  ///< SIZE_MAX for none
  input_names names_;
  reading_rules rules_;
  // Exports repeat a handful of unit spellings: the last few parsed are kept
  // (per classifier; a classifier is not shared between threads).
  struct cached_unit {
    std::string text;
    unit_result parsed;
    std::uint64_t bytes = 0;  ///< a text of one to eight bytes, as in word_ending
  };
  /// The bytes of a text of one to eight bytes as one number (the first in
  /// the lowest byte), found without comparing texts.
  static auto text_bytes(std::string_view text) noexcept -> std::uint64_t {
    std::uint64_t b = 0;
    std::memcpy(&b, text.data(), std::min<std::size_t>(text.size(), 8));
    return b;
  }
  mutable std::array<cached_unit, 4> unit_cache_{};
  mutable std::size_t unit_cache_next_ = 0;
};

}  // namespace anc::engine
