#include "io/record_cut.hpp"

#include <cstring>
#include <optional>

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
    // The bytes' 0/1 summed by one multiplication into the top byte: no
    // popcount, which without -mpopcnt is a library call.
    n += ((zero >> 7) * ones) >> 56;
  }
  for (; i < data.size(); ++i) n += data[i] == c;
  return n;
}

namespace {

// "\r\n" pairs in `data`: one memchr a CR, so about one call a record in
// a CRLF export.
auto count_crlf(std::string_view data) noexcept -> std::uint64_t {
  std::uint64_t n = 0;
  const char* p = data.data();
  const char* const end = p + data.size();
  while (p < end) {
    const void* cr = std::memchr(p, '\r', static_cast<std::size_t>(end - p));
    if (cr == nullptr) break;
    p = static_cast<const char*>(cr) + 1;
    n += p < end && *p == '\n';
  }
  return n;
}

// Without quotes every line end ends a record: '\n', "\r\n" or a lone
// '\r', and each record is one physical line. The cut is after the last
// '\n' (never between a CR and its LF); bytes with CRs but no '\n' (old
// Mac line ends) are left to csv_reader.
auto cut_unquoted(std::string_view data, bool at_end) noexcept -> std::optional<record_cut> {
  const bool has_cr = std::memchr(data.data(), '\r', data.size()) != nullptr;
  std::size_t size = data.size();
  if (!at_end) {
    const void* last = ::memrchr(data.data(), '\n', data.size());
    if (last == nullptr) return has_cr ? std::nullopt : std::optional<record_cut>(record_cut{});
    size = static_cast<std::size_t>(static_cast<const char*>(last) - data.data()) + 1;
  }
  const std::string_view piece = data.substr(0, size);
  std::uint64_t records = count_byte(piece, '\n');
  if (has_cr) records += count_byte(piece, '\r') - count_crlf(piece);
  if (size > 0 && piece.back() != '\n' && piece.back() != '\r')
    ++records;  // the last line has no line end
  return record_cut{size, records, records};
}

}  // namespace

auto cut_records(std::string_view data, char delimiter, bool at_end) -> record_cut {
  if (data.empty()) return {};
  if (std::memchr(data.data(), '"', data.size()) == nullptr)
    if (const auto cut = cut_unquoted(data, at_end)) return *cut;
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
