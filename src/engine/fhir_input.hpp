#pragma once
// The FHIR source of the engine (SPEC §14). FHIR inputs (one resource, a
// Bundle, bulk-export NDJSON, or a folder with a bulk export's
// manifest.json, gzip allowed) become records of named columns, one per
// Observation in input order, which the engine classifies as it does a
// CSV export's rows: the reading builder, derivation, series and the
// writers never know where a row came from.
//
// Two passes over the FHIR text: the first keeps the Patients and the
// DiagnosticReports (wherever they stand, in the inputs or in FHIR --join
// tables), the second writes each Observation, with what those give it (a
// date of birth, the report's time, its specimen), to a temporary CSV file
// the engine then reads as its input. Memory is the Patients and reports
// held, never the Observations.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "io/fhir_resources.hpp"

namespace anc::engine {

/// The columns of a translated record: the first six are the input fields
/// written to the output (SPEC §14), the rest are for the column roles.
enum class fhir_column {
  resource_id,
  subject,
  effective,
  code,
  value,
  unit,
  lln,         ///< referenceRange.low
  birth_date,  ///< of the subject's Patient
  patient_id,  ///< the subject's id, for a CSV --join keyed on patient_id
  specimen,    ///< specimen, else the DiagnosticReport, else subject and time
  where,       ///< "FILE line N" (or "FILE entry N"), for messages
  problem,     ///< why the record is an error row (engine: problem_column)
  skip,        ///< why it is skipped (engine: skip_column)
  /// why it cannot be classified (no value, two birth dates, ...): an
  /// error if its code is one the run classifies (engine:
  /// value_problem_column), else it is skipped as other tests are
  value_problem,
};
inline constexpr std::array<std::string_view, 14> fhir_column_names{
    // Messages name a column by its name: the hidden ones that can be named
    // are named for the FHIR element they come from.
    "resource_id",
    "subject",
    "effective",
    "code",
    "value",
    "unit",
    "referenceRange.low",
    "Patient.birthDate",
    "patient_id",
    "specimen",
    "anc_fhir_where",
    "anc_fhir_problem",
    "anc_fhir_skip",
    "anc_fhir_value_problem"};
/// The columns written as the record's input fields.
inline constexpr std::size_t fhir_visible_columns = 6;

constexpr auto index_of(fhir_column c) noexcept -> std::size_t {
  return static_cast<std::size_t>(c);
}

/// One FHIR input: a file, a folder with a manifest.json, or "-".
struct fhir_source {
  std::string path;
  std::string name;  ///< as messages name it
  /// stdin's content (spooled, gzip already inflated), or -1 to open `path`.
  int fd = -1;
};

struct fhir_translation {
  int fd = -1;  ///< the translated CSV, at its start, header line first
  /// Some Patient gave a birthDate: the birth_date column has the role.
  bool birth_dates = false;
  std::uint64_t observations = 0;
};

/// True if `path` is a folder (a bulk export is one).
auto is_folder(const std::string& path) -> bool;

/// Whether a text that starts an input is FHIR JSON: its first non-blank
/// byte (after a UTF-8 BOM) is '{'.
auto starts_as_json(std::string_view first_bytes) noexcept -> bool;

/// Translates `inputs` (in order) into one CSV file; `tables`: FHIR --join
/// tables, read for their Patients and DiagnosticReports only. The second
/// pass parses documents on `threads` threads, writing them in order.
/// Throws setup_error for an input that cannot be read or a folder without
/// a manifest, std::system_error if the temporary file cannot be written.
auto translate_fhir(const std::vector<fhir_source>& inputs, const std::vector<fhir_source>& tables,
                    unsigned threads = 1) -> fhir_translation;

/// The same, from texts in memory (fuzzers, tests): each a document or
/// NDJSON, named "input N"; the CSV text is returned.
auto translate_fhir_text(const std::vector<std::string>& documents) -> std::string;

}  // namespace anc::engine
