#pragma once
// Records as csv_reader gives them, copied out of its buffer so that whole
// reads can be compared: the reader's unit tests and the CSV fuzzer check
// that different ways of reading the same bytes give the same records.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_reader.hpp"
#include "io/record_cut.hpp"

namespace anc::test {

struct parsed_record {
  std::string raw;
  std::vector<std::string> fields;
  std::uint64_t line = 0;
  io::record_problem problem = io::record_problem::none;
  friend auto operator==(const parsed_record&, const parsed_record&) -> bool = default;
};

/// Every record `reader` has left, copied.
inline auto read_records(io::csv_reader& reader) -> std::vector<parsed_record> {
  std::vector<parsed_record> out;
  io::record r;
  while (reader.next(r)) {
    parsed_record p{std::string(r.raw), {}, r.line, r.problem};
    for (const auto f : r.fields) p.fields.emplace_back(f);
    out.push_back(std::move(p));
  }
  return out;
}

struct chunked_read {
  std::vector<parsed_record> records;
  std::string problem;  ///< the first way a cut broke its contract; empty if none
};

/// Reads `bytes` as the parallel batch does: `block` bytes arrive at a
/// time, whole records are cut off the front of what has arrived
/// (io::cut_records), and each piece is read where it lies by a restarted
/// reader, as a worker reads its chunk. Checks each cut against its
/// contract (no more than has arrived, all of it at the end) and against
/// what the piece's reader finds (its records and lines).
inline auto read_chunked(std::string_view bytes, char delimiter, std::size_t block)
    -> chunked_read {
  chunked_read out;
  std::string pending;
  std::uint64_t line = 1;
  io::csv_reader reader(io::byte_source::from_memory({}), delimiter, 1);
  for (std::size_t fed = 0;;) {
    const std::size_t n = std::min(block, bytes.size() - fed);
    pending.append(bytes.substr(fed, n));
    fed += n;
    const bool at_end = fed == bytes.size();
    const io::record_cut cut = io::cut_records(pending, delimiter, at_end);
    if (cut.size > pending.size()) out.problem = "a cut longer than the bytes";
    if (at_end && cut.size != pending.size()) out.problem = "a cut at the end left bytes";
    if (!out.problem.empty()) return out;
    const std::string chunk = pending.substr(0, cut.size);
    pending.erase(0, cut.size);
    reader.restart_in_place(chunk, line);
    const auto records = read_records(reader);
    if (records.size() != cut.records) out.problem = "a piece read as another record count";
    if (reader.line() != line + cut.lines) out.problem = "a piece spans other lines";
    if (!out.problem.empty()) return out;
    out.records.insert(out.records.end(), records.begin(), records.end());
    line += cut.lines;
    if (at_end) return out;
  }
}

}  // namespace anc::test
