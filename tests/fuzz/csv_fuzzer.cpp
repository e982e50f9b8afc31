// Fuzzes the streaming CSV reader. Property: where the blocks end does not
// matter: reading one byte at a time into a tiny buffer gives exactly the
// records (bytes, fields, line numbers, problems) of reading all at once.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "io/csv_reader.hpp"

namespace {

struct parsed {
  std::string raw;
  std::vector<std::string> fields;
  std::uint64_t line;
  anc::io::record_problem problem;
  friend auto operator==(const parsed&, const parsed&) -> bool = default;
};

auto read_all(std::string_view bytes, char delimiter, std::size_t max_read, std::size_t capacity)
    -> std::vector<parsed> {
  anc::io::csv_reader reader(anc::io::byte_source::from_memory(bytes, max_read), delimiter,
                             capacity);
  std::vector<parsed> out;
  anc::io::record r;
  while (reader.next(r)) {
    parsed p{std::string(r.raw), {}, r.line, r.problem};
    for (const auto f : r.fields) p.fields.emplace_back(f);
    out.push_back(std::move(p));
  }
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
  }
  return 0;
}
