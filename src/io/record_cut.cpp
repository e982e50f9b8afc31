#include "io/record_cut.hpp"

#include <bit>
#include <cstring>

#include "io/csv_reader.hpp"

namespace anc::io {

auto count_byte(std::string_view data, char c) noexcept -> std::uint64_t {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
  const std::uint64_t pattern = ones * static_cast<unsigned char>(c);
  std::uint64_t n = 0;
  std::size_t i = 0;
  for (; i + 8 <= data.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, data.data() + i, 8);
    const std::uint64_t x = word ^ pattern;  // zero bytes where data has c
    // High bit set exactly in the zero bytes of x (no carries between bytes).
    const std::uint64_t zero = ~(((x & low7) + low7) | x | low7);
    n += static_cast<std::uint64_t>(std::popcount(zero));
  }
  for (; i < data.size(); ++i) n += data[i] == c;
  return n;
}

namespace {

auto plain(std::string_view data) noexcept -> bool {
  return std::memchr(data.data(), '"', data.size()) == nullptr &&
         std::memchr(data.data(), '\r', data.size()) == nullptr;
}

// Without quotes or CRs every '\n' ends a record and each record is one line.
auto cut_plain(std::string_view data, bool at_end) noexcept -> record_cut {
  std::size_t size = data.size();
  if (!at_end) {
    const void* last = ::memrchr(data.data(), '\n', data.size());
    if (last == nullptr) return {};
    size = static_cast<std::size_t>(static_cast<const char*>(last) - data.data()) + 1;
  }
  std::uint64_t records = count_byte(data.substr(0, size), '\n');
  if (size > 0 && data[size - 1] != '\n') ++records;  // the last line has no line end
  return {size, records, records};
}

}  // namespace

auto cut_records(std::string_view data, char delimiter, bool at_end) -> record_cut {
  if (data.empty()) return {};
  if (plain(data)) return cut_plain(data, at_end);
  csv_reader reader(byte_source::from_memory(data), delimiter, data.size() + 1);
  reader.restart(byte_source::from_memory(data), 1);
  record_cut cut;
  record rec;
  while (reader.next(rec)) {
    const std::uint64_t end = reader.bytes_consumed();
    // The reader took the end of `data` for the end of the input. A record
    // that stops short of it was decided by bytes within `data` (a line end
    // and, after a CR, the byte that says whether "\r\n" follows), as in
    // the whole stream; so is one ending in a '\n' line end.
    const bool whole = at_end || end < data.size() ||
                       (data.back() == '\n' && rec.problem != record_problem::unterminated_quote);
    if (!whole) break;
    cut = {static_cast<std::size_t>(end), cut.records + 1, reader.line() - 1};
  }
  return cut;
}

}  // namespace anc::io
