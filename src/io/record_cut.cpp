#include "io/record_cut.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
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

auto census_of(std::string_view data) noexcept -> byte_census {
  byte_census c;
  const char* const d = data.data();
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), quote = _mm_set1_epi8('"');
  __m128i crs = _mm_setzero_si128(), quotes = _mm_setzero_si128();
  while (i + 16 <= data.size()) {
    // Each byte lane counts up to 255 line ends (a compare gives -1, which
    // is subtracted); then the lanes are summed.
    __m128i lfs = _mm_setzero_si128();
    const std::size_t end = i + 16 * std::min<std::size_t>((data.size() - i) / 16, 255);
    for (; i < end; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
      lfs = _mm_sub_epi8(lfs, _mm_cmpeq_epi8(v, lf));
      crs = _mm_or_si128(crs, _mm_cmpeq_epi8(v, cr));
      quotes = _mm_or_si128(quotes, _mm_cmpeq_epi8(v, quote));
    }
    const __m128i sums = _mm_sad_epu8(lfs, _mm_setzero_si128());  // two 64-bit sums
    c.lfs += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
  c.cr = _mm_movemask_epi8(crs) != 0;
  c.quote = _mm_movemask_epi8(quotes) != 0;
#endif
  for (; i < data.size(); ++i) {
    c.lfs += d[i] == '\n';
    c.cr = c.cr || d[i] == '\r';
    c.quote = c.quote || d[i] == '"';
  }
  return c;
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
auto cut_unquoted(std::string_view data, bool at_end, const byte_census& census) noexcept
    -> std::optional<record_cut> {
  const bool has_cr = census.cr;
  std::size_t size = data.size();
  if (!at_end) {
    const void* last = ::memrchr(data.data(), '\n', data.size());
    if (last == nullptr) return has_cr ? std::nullopt : std::optional<record_cut>(record_cut{});
    size = static_cast<std::size_t>(static_cast<const char*>(last) - data.data()) + 1;
  }
  const std::string_view piece = data.substr(0, size);
  std::uint64_t records = census.lfs;  // all of them are in the piece: it ends after the last
  if (has_cr) records += count_byte(piece, '\r') - count_crlf(piece);
  if (size > 0 && piece.back() != '\n' && piece.back() != '\r')
    ++records;  // the last line has no line end
  return record_cut{size, records, records};
}

// Calls f(i) for each i where data[i] is one of a, b, c, in order, until f
// returns false (then returns false). Sixteen bytes at a time.
template <typename F>
auto for_each_of(std::string_view data, char a, char b, char c, F&& f) -> bool {
  const char* const d = data.data();
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
  for (; i + 16 <= data.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)), _mm_cmpeq_epi8(v, vc))));
    for (; mask != 0; mask &= mask - 1)
      if (!f(i + static_cast<std::size_t>(__builtin_ctz(mask)))) return false;
  }
#endif
  for (; i < data.size(); ++i)
    if ((d[i] == a || d[i] == b || d[i] == c) && !f(i)) return false;
  return true;
}

// With quotes, a line end ends a record only outside a quoted field. Where
// every quote is well formed (an opening one at the start of a field, a
// closing one before a delimiter, a line end or the end of the input, and
// doubled ones inside), that is exactly how csv_reader reads the bytes; so
// only quotes and line ends are looked at. At the first quote that is not
// well formed the scan stops and the cut is before its record: from there
// on, csv_reader decides (nothing, when there is no cut yet).
auto cut_quoted(std::string_view data, char delimiter, bool at_end) noexcept
    -> std::optional<record_cut> {
  const char* const d = data.data();
  const std::size_t n = data.size();
  const auto ends_field = [&](std::size_t i) {
    return d[i] == delimiter || d[i] == '\n' || d[i] == '\r';
  };
  record_cut cut;  // up to the last record end so far
  std::uint64_t records = 0, quoted_lfs = 0;
  bool quoted = false;
  std::size_t skip = 0;  // bytes below this were taken with the one before them
  const bool whole = for_each_of(data, '"', '\n', '\r', [&](std::size_t i) {
    if (i < skip) return true;
    if (d[i] == '"') {
      if (!quoted) {
        quoted = true;
        return i == 0 || ends_field(i - 1);  // else a stray quote inside a field
      }
      if (i + 1 == n) {  // a second quote may follow, unless the input ends here
        quoted = false;
        return at_end;
      }
      if (d[i + 1] == '"') {  // a doubled quote, inside the field
        skip = i + 2;
        return true;
      }
      quoted = false;
      return ends_field(i + 1);  // else text after the closing quote
    }
    if (quoted) {
      quoted_lfs += d[i] == '\n';  // a line of its own, as csv_reader counts lines
      return true;
    }
    // A line end: \n, \r\n or a lone \r (which the next byte tells apart).
    std::size_t next = i + 1;
    if (d[i] == '\r') {
      if (next == n && !at_end) return false;
      if (next < n && d[next] == '\n') skip = ++next;
    }
    ++records;
    cut = {next, records, records + quoted_lfs};
    return true;
  });
  // (At the end all the bytes are taken: by csv_reader after a stop.)
  if (!whole) return cut.size > 0 && !at_end ? std::optional<record_cut>(cut) : std::nullopt;
  if (!at_end) return cut;
  if (quoted) return std::nullopt;  // unterminated: csv_reader's to report
  if (cut.size < n) cut = {n, records + 1, records + 1 + quoted_lfs};  // no line end at the end
  return cut;
}

#if defined(__SSE2__)
// Bit k: byte p[k] equals c, for k < 64.
inline auto mask64(const char* p, char c) noexcept -> std::uint64_t {
  const __m128i v = _mm_set1_epi8(c);
  std::uint64_t m = 0;
  for (int i = 0; i < 4; ++i) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    m |= static_cast<std::uint64_t>(
             static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, v))))
         << (16 * i);
  }
  return m;
}

// Bit k: an odd number of bits at or below k are set in x.
constexpr auto prefix_xor(std::uint64_t x) noexcept -> std::uint64_t {
  for (unsigned shift = 1; shift < 64; shift *= 2) x ^= x << shift;
  return x;
}

// cut_quoted for bytes without CRs, 64 bytes at a time: which bytes lie
// inside quotes is the running parity of the quotes before them (a doubled
// quote flips it twice), so a line end ends a record where that parity is
// even. That is how csv_reader reads them as long as every quote that
// opens follows a delimiter, a line end, the start of the data or a
// closing quote (the second of a doubled one); nothing (and cut_quoted
// decides) at the first that does not. A quote that closes needs no check:
// after it csv_reader reads any text up to the next delimiter or line end
// as part of the field, and a quote in that text opens after a byte that
// ends no field, which is caught. Nothing either for a quote still open at
// the end of the input (csv_reader reports it).
auto cut_quoted_blocks(std::string_view data, char delimiter, bool at_end) noexcept
    -> std::optional<record_cut> {
  const std::size_t n = data.size();
  record_cut cut;
  std::uint64_t records = 0, quoted_lfs = 0;
  std::uint64_t inside = 0;  // all ones while a quoted field is open
  std::uint64_t before = 1;  // bit 0: the byte before the block ends a field or closes a quote

  for (std::size_t at = 0; at < n; at += 64) {
    const std::size_t length = std::min<std::size_t>(64, n - at);
    std::array<char, 64> padded{};  // zeros: no quote, line end or delimiter
    const char* p = data.data() + at;
    if (length < 64) {
      std::memcpy(padded.data(), p, length);
      p = padded.data();
    }
    const std::uint64_t quotes = mask64(p, '"'), lfs = mask64(p, '\n');
    const std::uint64_t ends_field = lfs | mask64(p, delimiter);
    const std::uint64_t in = prefix_xor(quotes) ^ inside;  // inside quotes, opening ones too
    const std::uint64_t opening = quotes & in, closing = quotes & ~in;
    // An opening quote after a byte that neither ends a field nor closes a quote.
    if ((opening & ~(ends_field << 1 | closing << 1 | before)) != 0) return std::nullopt;
    const std::uint64_t last = length == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << length) - 1;
    const std::uint64_t record_ends = lfs & ~in & last;
    if (record_ends != 0) {
      const auto end = static_cast<unsigned>(63 - std::countl_zero(record_ends));
      const std::uint64_t upto = end == 63 ? ~std::uint64_t{0} : (std::uint64_t{2} << end) - 1;
      records += static_cast<std::uint64_t>(std::popcount(record_ends));
      const std::uint64_t lfs_inside =
          quoted_lfs + static_cast<std::uint64_t>(std::popcount(lfs & in & upto));
      cut = {at + end + 1, records, records + lfs_inside};
    }
    quoted_lfs += static_cast<std::uint64_t>(std::popcount(lfs & in & last));
    inside = 0 - (in >> 63);
    before = (ends_field | closing) >> 63;
  }
  if (!at_end) return cut;
  if (inside != 0) return std::nullopt;  // unterminated: csv_reader's to report
  if (cut.size < n) cut = {n, records + 1, records + 1 + quoted_lfs};  // no line end at the end
  return cut;
}
#endif

}  // namespace

auto cut_records(std::string_view data, char delimiter, bool at_end) -> record_cut {
  if (data.empty()) return {};
  if (const byte_census census = census_of(data); !census.quote) {
    if (const auto cut = cut_unquoted(data, at_end, census)) return *cut;
  } else {
#if defined(__SSE2__)
    if (!census.cr)
      if (const auto cut = cut_quoted_blocks(data, delimiter, at_end)) return *cut;
#endif
    if (const auto cut = cut_quoted(data, delimiter, at_end)) return *cut;
  }
  // Restarted on the bytes, as a worker reads a chunk: a later piece of the
  // stream (no BOM check), lines counted from 1.
  csv_reader reader(byte_source::from_memory({}), delimiter, 1);
  reader.restart_in_place(data, 1);
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
