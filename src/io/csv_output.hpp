#pragma once
// CSV output of batch: every input record's bytes unchanged, then the
// appended columns (SPEC §7), with the input's delimiter.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_reader.hpp"
#include "io/output_fields.hpp"
#include "io/output_sink.hpp"

namespace anc::io {

/// Appends `value` as one CSV field: quoted (RFC 4180) only if it holds
/// `delimiter`, a quote or a line end.
void append_csv_field(std::string& out, std::string_view value, char delimiter);

class csv_writer {
 public:
  /// `fields_only`: a row is its first header_width fields, written as
  /// CSV fields, not the record's bytes (the rest are not written).
  csv_writer(output_sink& sink, char delimiter, std::vector<out_field> fields,
             bool fields_only = false)
      : sink_(sink),
        fields_only_(fields_only),
        delimiter_(delimiter),
        // The values anc formats (digits, '.', '<', '>', letters, '_') never
        // hold these delimiters, so only the error text needs quoting then.
        plain_values_(delimiter == ',' || delimiter == ';' || delimiter == '\t' ||
                      delimiter == '|'),
        fields_(std::move(fields)),
        in_order_(plain_values_ ? in_order_mask(fields_) : 0),
        quote_triggers_{delimiter, '"', '\r', '\n'} {}

  /// The header line: the input header's bytes and the appended names; a
  /// name that clashes with an input column gets the prefix "anc_".
  void header(std::string_view raw, const std::vector<std::string>& input_names);

  /// One row. A row shorter than the header is padded with empty fields so
  /// that the appended columns line up, and a quote left open at the end of
  /// the input is closed; the row's own field values are never touched.
  void row(const record& rec, std::size_t header_width, const row_result& r);

 private:
  /// The fields as a mask (bit k: out_field k) if they are listed in their
  /// enum order, as the default list and most --fields lists are; else 0.
  static auto in_order_mask(const std::vector<out_field>& fields) noexcept -> std::uint32_t;
  /// A value holding the delimiter, a quote or a line end must be quoted.
  [[nodiscard]] auto needs_quotes(std::string_view value) const noexcept -> bool {
    return value.find_first_of(std::string_view(quote_triggers_.data(), quote_triggers_.size())) !=
           std::string_view::npos;
  }
  /// Appends `value`, quoted (RFC 4180) only if it needs_quotes.
  void append_quoted(std::string& out, std::string_view value) const {
    append_csv_field(out, value, delimiter_);
  }

  output_sink& sink_;
  bool fields_only_;
  char delimiter_;
  bool plain_values_;
  std::vector<out_field> fields_;
  std::uint32_t in_order_;  ///< in_order_mask of fields_ if values need no quotes, else 0
  std::array<char, 4> quote_triggers_{};  ///< the bytes that make a value need quotes
  std::vector<char> tail_;
  std::string notes_;  ///< scratch for the notes field
};

}  // namespace anc::io
