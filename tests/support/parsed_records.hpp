#pragma once
// Records as csv_reader gives them, copied out of its buffer so that whole
// reads can be compared: the reader's unit tests and the CSV fuzzer check
// that different ways of reading the same bytes give the same records.
#include <cstdint>
#include <string>
#include <vector>

#include "io/csv_reader.hpp"

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

}  // namespace anc::test
