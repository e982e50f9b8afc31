#pragma once
// The closed set of row writers (as ripgrep's Printer enum): a batch run
// writes CSV or NDJSON, and each thread formats with a writer of its own,
// as they keep scratch space.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "io/csv_output.hpp"
#include "io/ndjson_output.hpp"
#include "io/output_fields.hpp"
#include "io/output_sink.hpp"

namespace anc::engine {

enum class output_format { csv, ndjson };

/// How rows are written: enough to make a writer for any sink.
struct writer_spec {
  output_format format = output_format::csv;
  char delimiter = ',';               ///< CSV: the input's
  std::vector<io::out_field> fields;  ///< CSV: the appended columns
  std::vector<std::string> header;    ///< the input's column names
  bool series = false;                ///< NDJSON: the episode fields too (SPEC §12)
  bool derive = false;                ///< NDJSON: anc_source too (SPEC §13)
  /// A record's fields after `header`'s are not written (FHIR input's
  /// columns for the roles, SPEC §14): CSV writes `header`'s fields, not
  /// the record's bytes.
  bool hidden_columns = false;
};

class row_writer {
 public:
  row_writer(const writer_spec& spec, io::output_sink& sink) {
    if (spec.format == output_format::csv)
      writer_.emplace<io::csv_writer>(sink, spec.delimiter, spec.fields, spec.hidden_columns);
    else
      writer_.emplace<io::ndjson_writer>(sink, spec.header, spec.series, spec.derive,
                                         spec.hidden_columns);
    width_ = spec.header.size();
  }
  /// Formats one row onto the end of the sink's buffer.
  void write(const io::record& rec, std::uint64_t number, const io::row_result& result) {
    if (auto* csv = std::get_if<io::csv_writer>(&writer_))
      csv->row(rec, width_, result);
    else
      std::get<io::ndjson_writer>(writer_).row(number, rec, result);
  }

 private:
  std::variant<std::monostate, io::csv_writer, io::ndjson_writer> writer_;
  std::size_t width_ = 0;
};

}  // namespace anc::engine
