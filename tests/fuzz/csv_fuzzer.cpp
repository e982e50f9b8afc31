// Fuzzes the streaming CSV reader. Property: where the blocks end does not
// matter: reading one byte at a time into a tiny buffer gives exactly the
// records (bytes, fields, line numbers, problems) of reading all at once;
// and so does cutting the input into chunks with cut_records, as the
// parallel batch does, and reading each chunk on its own.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "../support/parsed_records.hpp"
#include "fuzz_check.hpp"
#include "io/csv_reader.hpp"
#include "io/record_cut.hpp"

namespace {

using parsed = anc::test::parsed_record;

auto read_all(std::string_view bytes, char delimiter, std::size_t max_read, std::size_t capacity)
    -> std::vector<parsed> {
  anc::io::csv_reader reader(anc::io::byte_source::from_memory(bytes, max_read), delimiter,
                             capacity);
  auto out = anc::test::read_records(reader);
  ANC_FUZZ_CHECK(reader.bytes_consumed() == bytes.size());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const char delimiter : {',', ';', '\t'}) {
    const auto whole = read_all(bytes, delimiter, SIZE_MAX, 1 << 16);
    const auto bytewise = read_all(bytes, delimiter, 1, 1);
    const auto odd = read_all(bytes, delimiter, 7, 3);
    ANC_FUZZ_CHECK(whole == bytewise);
    ANC_FUZZ_CHECK(whole == odd);
    // The first chunk reader skips a BOM as the stream reader does: the
    // pipeline hands chunks the bytes after it (csv_reader::take_buffered).
    const bool bom = bytes.substr(0, 3) == "\xEF\xBB\xBF";
    const std::string_view body = bom ? bytes.substr(3) : bytes;
    // (Byte by byte only for small inputs: each step re-cuts what is pending.)
    for (const std::size_t block : {std::size_t{1}, std::size_t{5}, std::size_t{64}})
      if (block > 1 || body.size() <= 1024) {
        const auto chunked = anc::test::read_chunked(body, delimiter, block);
        ANC_FUZZ_CHECK(chunked.problem.empty());
        ANC_FUZZ_CHECK(whole == chunked.records);
      }
  }
  return 0;
}
