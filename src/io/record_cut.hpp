#pragma once
// Where a block of CSV bytes can be cut so that each piece holds whole
// records: the in-process parallel batch cuts its input into chunks with
// this, and each chunk is then parsed on its own (docs/parallel.md).
//
// The cut must agree with csv_reader on every input, malformed quoting
// included, or rows would be split or merged differently from a
// single-threaded run. Bytes without quotes, where every line end ends a
// record, are cut by counting line ends. Bytes with quotes are cut by
// following only the quotes and line ends, as long as every quote is well
// formed (RFC 4180), where that is exactly how csv_reader reads them; from
// the first quote that is not, csv_reader itself is run over the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace anc::io {

struct record_cut {
  std::size_t size = 0;       ///< bytes of whole records at the start (0: none yet)
  std::uint64_t records = 0;  ///< records in those bytes
  std::uint64_t lines = 0;    ///< physical lines they span (as csv_reader counts them)
};

/// The longest prefix of `data` that csv_reader would read as whole records
/// whatever bytes follow. `data` starts at a record boundary; `at_end`: it
/// is the rest of the input, so all of it is taken.
auto cut_records(std::string_view data, char delimiter, bool at_end) -> record_cut;

/// What the cut needs to know of a block before anything else, found in one
/// pass (sixteen bytes at a time): its line ends, and whether it holds a
/// quote or a CR.
struct byte_census {
  std::uint64_t lfs = 0;
  bool cr = false;
  bool quote = false;
};
auto census_of(std::string_view data) noexcept -> byte_census;

/// How many bytes of `data` equal `c` (eight at a time).
auto count_byte(std::string_view data, char c) noexcept -> std::uint64_t;

}  // namespace anc::io
