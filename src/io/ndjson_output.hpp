#pragma once
// NDJSON output of batch (SPEC §7): one object per input row with its data
// row number, its fields under "input", the SPEC §9 fields, status and error.
#include <cstdint>
#include <string>
#include <vector>

#include "io/csv_reader.hpp"
#include "io/output_fields.hpp"
#include "io/output_sink.hpp"

namespace anc::io {

/// The header's names made unique as JSON keys, as Miller does: a name
/// seen before gets "_2", "_3", ... (the first free one): x,x,anc ->
/// x,x_2,anc, so that no input field is lost under a repeated key.
auto unique_keys(const std::vector<std::string>& header) -> std::vector<std::string>;

class ndjson_writer {
 public:
  /// `header`: the input's column names (made unique_keys here).
  /// `series`: each object also has "episode" and "episode_start";
  /// `derive`: "anc_source".
  /// `header_only`: fields beyond the header's are not written.
  ndjson_writer(output_sink& sink, const std::vector<std::string>& header, bool series = false,
                bool derive = false, bool header_only = false)
      : sink_(sink),
        header_(unique_keys(header)),
        series_(series),
        derive_(derive),
        header_only_(header_only) {}

  /// Fields beyond the header's width are keyed "column_<n>" (1-based).
  /// "error" is the error of an error row, or why a row is skipped when
  /// its source says (a cancelled FHIR Observation), else null.
  void row(std::uint64_t row_number, const record& rec, const row_result& r);

 private:
  output_sink& sink_;
  std::vector<std::string> header_;
  bool series_ = false;
  bool derive_ = false;
  bool header_only_ = false;
};

}  // namespace anc::io
