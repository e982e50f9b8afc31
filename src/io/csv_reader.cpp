#include "io/csv_reader.hpp"

#include <poll.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace anc::io {

auto byte_source::read(char* dst, std::size_t n) noexcept -> long {
  if (fd_ < 0) {
    const std::size_t k = std::min({n, max_read_, memory_.size()});
    std::memcpy(dst, memory_.data(), k);
    memory_.remove_prefix(k);
    return static_cast<long>(k);
  }
  if (before_wait_ != nullptr && would_wait()) (*before_wait_)();
  for (;;) {
    const ssize_t got = ::read(fd_, dst, n < max_read_ ? n : max_read_);
    if (got >= 0 || errno != EINTR) return static_cast<long>(got);
  }
}

auto byte_source::would_wait() const noexcept -> bool {
  if (fd_ < 0) return false;
  pollfd ready{fd_, POLLIN, 0};
  return ::poll(&ready, 1, 0) == 0;
}

auto byte_source::read_error(int error) const -> std::system_error {
  return {error, std::generic_category(), "cannot read " + std::string(name_)};
}

auto csv_reader::fill() -> bool {
  if (eof_) return false;
  // Keep the unread tail; grow only when one record fills the whole buffer.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // One record filling most of the buffer: grow it and read until the new
  // space is full, so that a huge field is parsed again O(log n) times, not
  // once per (pipe-sized) read. Otherwise one read, so rows trickling in
  // through a pipe come out as they arrive.
  const bool huge_record = end_ > buf_.size() / 2;
  if (huge_record) {
    buf_.resize(buf_.size() * 2);
    data_ = buf_.data();
  }
  const std::size_t want_end = huge_record ? buf_.size() : end_ + 1;
  bool got_any = false;
  while (end_ < want_end) {
    const long got = source_.read(buf_.data() + end_, buf_.size() - end_);
    if (got < 0) throw source_.read_error(errno);
    if (got == 0) {
      eof_ = true;
      break;
    }
    end_ += static_cast<std::size_t>(got);
    got_any = true;
  }
  return got_any;
}

void csv_reader::skip_bom() {
  if (bom_checked_) return;
  while (end_ - begin_ < 3 && fill()) {
  }
  if (end_ - begin_ >= 3 && std::memcmp(data_ + begin_, "\xEF\xBB\xBF", 3) == 0) {
    begin_ += 3;
    consumed_ += 3;
  }
  bom_checked_ = true;
}

auto csv_reader::peek_first_line() -> std::string_view {
  skip_bom();
  for (;;) {
    const char* start = data_ + begin_;
    const std::size_t n = end_ - begin_;
    for (std::size_t i = 0; i < n; ++i)
      if (start[i] == '\n' || start[i] == '\r') return {start, i};
    if (!fill()) return {data_ + begin_, end_ - begin_};
  }
}

#if defined(__SSE2__)
namespace {

// Bit k: p[k] is a stop byte (the delimiter, LF, CR or a quote), for k < 16.
inline auto stop_mask16(const char* p, char delimiter) noexcept -> std::uint32_t {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i hit = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(delimiter)),
                   _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))));
  return static_cast<std::uint32_t>(_mm_movemask_epi8(hit));
}

}  // namespace
#endif

auto csv_reader::find_stop(const char* base, std::size_t i) const noexcept -> std::size_t {
#if defined(__SSE2__)
  // Sixteen bytes at a time: most fields end within the first sixteen.
  for (; i + 16 <= end_; i += 16)
    if (const std::uint32_t mask = stop_mask16(base + i, delimiter_); mask != 0)
      return i + static_cast<std::size_t>(__builtin_ctz(mask));
#endif
  // One table look-up a byte.
  while (i < end_ && !stops_[static_cast<unsigned char>(base[i])]) ++i;
  return i;
}

auto csv_reader::next_plain(record& r) -> bool {
#if defined(__SSE2__)
  const char* const base = data_;
  const auto stops16 = [&](const char* p) -> std::uint64_t { return stop_mask16(p, delimiter_); };
  r.fields.clear();
  // The field's value is [field_start, at) for the stop byte at `at`, or up
  // to a closing quote before it: value_end (else SIZE_MAX, so min picks at).
  std::size_t field_start = begin_;
  std::size_t value_end = SIZE_MAX;
  const auto add_field = [&](std::size_t at) {
    r.fields.emplace_back(base + field_start, std::min(at, value_end) - field_start);
    value_end = SIZE_MAX;
  };
  for (std::size_t window = begin_; window + 64 <= end_; window += 64) {
    const char* const w = base + window;
    // Bit k: byte window + k ends a field (or is a quote).
    std::uint64_t stops =
        stops16(w) | stops16(w + 16) << 16 | stops16(w + 32) << 32 | stops16(w + 48) << 48;
    for (; stops != 0; stops &= stops - 1) {
      const std::size_t at = window + static_cast<std::size_t>(__builtin_ctzll(stops));
      const char c = base[at];
      if (c == delimiter_) {
        add_field(at);
        field_start = at + 1;
        continue;
      }
      if (c == '"') {
        // A quoted field closed in this window, with no delimiter or line
        // end inside and a delimiter or line end after it. Anything else
        // (doubled quotes, a quoted delimiter or line end, a stray quote,
        // text after the closing quote) is left to next().
        if (at != field_start) return false;
        stops &= stops - 1;
        if (stops == 0) return false;
        const std::size_t close = window + static_cast<std::size_t>(__builtin_ctzll(stops));
        if (base[close] != '"' || close + 1 == end_) return false;
        const char after = base[close + 1];
        if (after != delimiter_ && after != '\n' && after != '\r') return false;
        field_start = at + 1;
        value_end = close;
        continue;  // the loop clears the closing quote's bit
      }
      // A line end: \n, \r\n or a lone \r (is it \r\n? the next byte must be here).
      std::size_t next_begin = at + 1;
      if (c == '\r') {
        if (next_begin == end_) return false;
        if (base[next_begin] == '\n') ++next_begin;
      }
      add_field(at);
      r.raw = std::string_view(base + begin_, at - begin_);
      r.line = line_;
      r.problem = record_problem::none;
      ++line_;
      consumed_ += next_begin - begin_;
      begin_ = next_begin;
      return true;
    }
  }
#else
  (void)r;
#endif
  return false;
}

auto csv_reader::next(record& r) -> bool {
  skip_bom();
  if (next_plain(r)) return true;
  r.problem = record_problem::none;

  // Parse from begin_; when the record runs past the data read so far, read
  // more and start the record again (rare: once per block).
  for (;;) {
    r.fields.clear();
    scratch_.clear();
    if (begin_ == end_ && !fill()) return false;
    const char* const base = data_;
    // Unescaped text is never longer than the bytes it comes from, so with
    // this much room scratch_ never moves and views into it stay valid.
    scratch_.reserve(end_ - begin_);
    const char* const scratch_data = scratch_.data();
    std::size_t i = begin_;
    std::uint64_t newlines = 0;
    record_problem problem = record_problem::none;
    bool complete = false;
    bool last_in_scratch = false;  // the last field's value is at the end of scratch_
    std::size_t record_end = 0, next_begin = 0;
    const auto in_scratch = [&](std::size_t from) {
      r.fields.emplace_back(scratch_.data() + from, scratch_.size() - from);
      last_in_scratch = true;
    };
    const auto in_buffer = [&](std::size_t from, std::size_t size) {
      r.fields.emplace_back(base + from, size);
      last_in_scratch = false;
    };

    for (;;) {
      // One field starting at i.
      if (i < end_ && base[i] == '"') {
        ++i;
        std::size_t piece = i;
        const std::size_t scratch_start = scratch_.size();
        bool escaped = false;
        bool closed = false;
        while (i < end_) {
          const char* q = static_cast<const char*>(std::memchr(base + i, '"', end_ - i));
          if (q == nullptr) {
            for (const char* p = base + i; p < base + end_; ++p) newlines += *p == '\n';
            i = end_;
            break;
          }
          const auto qi = static_cast<std::size_t>(q - base);
          for (const char* p = base + i; p < q; ++p) newlines += *p == '\n';
          if (qi + 1 < end_ && base[qi + 1] == '"') {  // doubled quote
            scratch_.append(base + piece, qi + 1 - piece);
            escaped = true;
            i = qi + 2;
            piece = i;
            continue;
          }
          if (qi + 1 == end_ && !eof_) {  // cannot tell yet: need the next byte
            i = end_;
            break;
          }
          if (escaped) {
            scratch_.append(base + piece, qi - piece);
            in_scratch(scratch_start);
          } else {
            in_buffer(piece, qi - piece);
          }
          i = qi + 1;
          closed = true;
          break;
        }
        if (!closed) {
          if (!eof_) break;  // need more input
          // Unterminated quote at end of input: the rest is this field.
          if (escaped) {
            scratch_.append(base + piece, end_ - piece);
            in_scratch(scratch_start);
          } else {
            in_buffer(piece, end_ - piece);
          }
          problem = record_problem::unterminated_quote;
          record_end = next_begin = end_;
          complete = true;
          break;
        }
        // After a closing quote: delimiter, line end or end of input.
        if (i < end_ && base[i] != delimiter_ && base[i] != '\n' && base[i] != '\r') {
          problem = record_problem::stray_quote;
          // Keep the stray text in the field's value so nothing is lost.
          const std::size_t start = i;
          while (i < end_ && base[i] != delimiter_ && base[i] != '\n' && base[i] != '\r') ++i;
          if (i == end_ && !eof_) break;
          std::string_view& last = r.fields.back();
          std::size_t from = static_cast<std::size_t>(last.data() - scratch_.data());
          if (!last_in_scratch) {
            from = scratch_.size();
            scratch_.append(last);
          }
          scratch_.append(base + start, i - start);
          r.fields.pop_back();
          in_scratch(from);
        }
      } else {
        const std::size_t start = i;
        for (;;) {
          i = find_stop(base, i);
          if (i == end_ || base[i] != '"') break;
          problem = record_problem::stray_quote;
          ++i;
        }
        if (i == end_ && !eof_) break;  // need more input
        in_buffer(start, i - start);
      }

      if (i == end_) {
        if (!eof_) break;
        record_end = next_begin = end_;
        complete = true;
        break;
      }
      if (base[i] == delimiter_) {
        ++i;
        if (i == end_ && !eof_) break;
        if (i == end_) {  // trailing delimiter at end of input: one more empty field
          in_buffer(i, 0);
          record_end = next_begin = end_;
          complete = true;
          break;
        }
        continue;
      }
      // Line end: \n, \r\n or a lone \r.
      record_end = i;
      if (base[i] == '\r') {
        if (i + 1 == end_ && !eof_) break;  // is it \r\n? need the next byte
        next_begin = (i + 1 < end_ && base[i + 1] == '\n') ? i + 2 : i + 1;
      } else {
        next_begin = i + 1;
      }
      complete = true;
      break;
    }

    if (!complete) {
      fill();  // more bytes, or end of input: either way parse the record again
      continue;
    }

    if (scratch_.data() != scratch_data)  // the views would dangle: never, by the reserve
      throw std::logic_error("internal error: csv_reader scratch space moved");
    r.raw = std::string_view(base + begin_, record_end - begin_);
    r.line = line_;
    r.problem = problem;
    line_ += newlines + 1;
    consumed_ += next_begin - begin_;
    begin_ = next_begin;
    return true;
  }
}

auto sniff_delimiter(std::string_view header) noexcept -> char {
  constexpr std::array<char, 4> candidates{',', ';', '\t', '|'};
  std::array<std::size_t, 4> counts{};
  bool quoted = false;
  for (const char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    for (std::size_t k = 0; k < candidates.size(); ++k) counts[k] += c == candidates[k];
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < candidates.size(); ++k)
    if (counts[k] > counts[best]) best = k;
  return candidates[best];
}

}  // namespace anc::io
