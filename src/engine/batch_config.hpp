#pragma once
// What a batch run is asked to do, validated by the command layer before
// anything runs (as ripgrep's HiArgs is built from its LowArgs), and the
// problems the engine can find in the inputs before their first row, as
// codes: the command layer names the flags that fix them.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/input_file.hpp"
#include "engine/join_tables.hpp"
#include "engine/row_classifier.hpp"
#include "io/columns.hpp"

namespace anc::engine {

struct batch_config {
  std::vector<std::string> inputs{"-"};  ///< paths; "-" is stdin
  std::optional<char> delimiter;         ///< none: sniffed from the first header
  /// Column names of headerless input; none: each input has a header line.
  std::optional<std::vector<std::string>> columns;
  io::role_overrides role_columns;  ///< a header name for each role given
  batch_settings settings;
  /// The run reads its inputs twice (batch and check --series): standard
  /// input and pipes are first spooled to a temporary file in TMPDIR.
  bool two_passes = false;
  /// --join tables, in order, and the columns of theirs to leave out.
  std::vector<join_spec> joins;
  std::vector<std::string> join_ignore;
  /// --input-format: CSV, FHIR JSON (SPEC §14), or told by the first byte.
  input_format format = input_format::automatic;
  /// Threads that may read the inputs (FHIR JSON is parsed on them).
  unsigned threads = 1;
};

enum class setup_problem {
  cannot_read,         ///< `input` cannot be opened or is a directory; `detail`: why
  empty_input,         ///< `input` has no header line
  malformed_header,    ///< `input`'s header line has malformed quoting
  headers_differ,      ///< `input`'s header differs from `other`'s (the first input's)
  no_such_column,      ///< the column named for `role` is not in the header; `detail`: it
  two_columns,         ///< columns `column` and `other_column` (named `input`, `other`) hold `role`
  value_without_code,  ///< a value column, but nothing says which rows are ANC results
  no_anc_column,       ///< no column gives the ANC
  series_needs,        ///< series mode, but no column holds the `role` (patient, sample time)
  series_and_duration,  ///< series mode, but column `input` gives a duration or onset (`role`)
  cannot_spool,         ///< `input` could not be spooled for a second pass; `detail`: why
  /// --join `input` shares no column with the record so far (`detail`: its columns)
  join_no_key,
  /// --join `input`:`detail` names a key that is not a column of the `other` (table or input)
  join_no_such_key,
  /// --join `input`: key `detail` (column `other`) is on lines `column` and `other_column`
  /// with different values
  join_duplicate_key,
  /// --join `input`: line `column` is malformed or has not `other_column` fields
  join_malformed,
  derive_needs_code,      ///< --derive, but no column holds the test code
  derive_needs_specimen,  ///< --derive, no specimen column, and none holds the `role`
  mixed_formats,          ///< `input` is FHIR JSON and `other` is CSV (SPEC §14)
  fhir_and_columns,       ///< FHIR input with --no-header --columns
};

/// Thrown by the engine before any row is read (what it names is in
/// `problem`'s comment); std::system_error is thrown for a failed read.
struct setup_error {
  explicit setup_error(setup_problem p, std::string in = {}, std::string other_input = {},
                       std::string why = {})
      : problem(p), input(std::move(in)), other(std::move(other_input)), detail(std::move(why)) {}
  setup_problem problem;
  std::string input, other, detail;
  io::role role = io::role::anc;
  std::size_t column = 0, other_column = 0;  ///< 0-based
};

}  // namespace anc::engine
