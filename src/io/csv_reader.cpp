#include "io/csv_reader.hpp"

#include "io/gzip_input.hpp"

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
  if (unread_ != nullptr && !unread_->empty()) {
    const std::size_t k = std::min({n, max_read_, unread_->size()});
    std::memcpy(dst, unread_->data(), k);
    unread_->erase(0, k);
    return static_cast<long>(k);
  }
  if (before_wait_ != nullptr && would_wait()) (*before_wait_)();
  if (gzip_ != nullptr) return gzip_->read(dst, std::min(n, max_read_));
  for (;;) {
    const ssize_t got = ::read(fd_, dst, n < max_read_ ? n : max_read_);
    if (got >= 0 || errno != EINTR) return static_cast<long>(got);
  }
}

auto byte_source::would_wait() const noexcept -> bool {
  if (fd_ < 0) return false;
  if (unread_ != nullptr && !unread_->empty()) return false;
  if (gzip_ != nullptr && gzip_->has_buffered()) return false;
  pollfd ready{fd_, POLLIN, 0};
  return ::poll(&ready, 1, 0) == 0;
}

void byte_source::throw_read_error(int error) const {
  if (gzip_ != nullptr && error == EBADMSG && !gzip_->problem().empty())
    throw std::runtime_error("cannot read " + std::string(name_) + ": " + gzip_->problem());
  throw std::system_error(error, std::generic_category(), "cannot read " + std::string(name_));
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
    if (got < 0) source_.throw_read_error(errno);
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

// Where the byte-by-byte parse of one record has got to. Fields are kept
// as offsets (into the data, or into scratch_ for unescaped values) until
// the record is complete, so scratch_ may grow freely while it is parsed.
struct csv_reader::slow_scan {
  const char* base;
  std::size_t i;
  std::uint64_t newlines = 0;
  record_problem problem = record_problem::none;
  std::size_t record_end = 0, next_begin = 0;
};

auto csv_reader::next(record& r) -> bool {
  skip_bom();
  if (next_plain(r)) return true;
  // Parse from begin_; when the record runs past the data read so far, read
  // more and start the record again (rare: once per block).
  for (;;) {
    if (begin_ == end_ && !fill()) return false;
    fields_.clear();
    scratch_.clear();
    slow_scan s{data_, begin_};
    scan_step step = scan_step::next_field;
    while (step == scan_step::next_field) {
      step = s.i < end_ && s.base[s.i] == '"' ? scan_quoted(s) : scan_unquoted(s);
      if (step == scan_step::field_read) step = scan_field_end(s);
    }
    if (step == scan_step::need_input) {
      fill();  // more bytes, or end of input: either way parse the record again
      continue;
    }
    r.fields.clear();
    for (const field_ref& f : fields_)
      r.fields.emplace_back((f.in_scratch ? scratch_.data() : s.base) + f.from, f.size);
    r.raw = std::string_view(s.base + begin_, s.record_end - begin_);
    r.line = line_;
    r.problem = s.problem;
    line_ += s.newlines + 1;
    consumed_ += s.next_begin - begin_;
    begin_ = s.next_begin;
    return true;
  }
}

auto csv_reader::scan_quoted(slow_scan& s) -> scan_step {
  const char* const base = s.base;
  const auto count_newlines = [&](const char* from, const char* to) {
    for (const char* p = from; p < to; ++p) s.newlines += *p == '\n';
  };
  // The value: the bytes since `piece`, after any unescaped in scratch_.
  const std::size_t scratch_start = scratch_.size();
  bool escaped = false;
  const auto keep_value = [&](std::size_t piece, std::size_t until) {
    if (escaped) {
      scratch_.append(base + piece, until - piece);
      fields_.push_back({scratch_start, scratch_.size() - scratch_start, true});
    } else {
      fields_.push_back({piece, until - piece, false});
    }
  };
  std::size_t piece = ++s.i;
  while (s.i < end_) {
    const char* q = static_cast<const char*>(std::memchr(base + s.i, '"', end_ - s.i));
    if (q == nullptr) {
      count_newlines(base + s.i, base + end_);
      s.i = end_;
      break;
    }
    const auto qi = static_cast<std::size_t>(q - base);
    count_newlines(base + s.i, q);
    if (qi + 1 < end_ && base[qi + 1] == '"') {  // doubled quote
      scratch_.append(base + piece, qi + 1 - piece);
      escaped = true;
      s.i = qi + 2;
      piece = s.i;
      continue;
    }
    if (qi + 1 == end_ && !eof_) return scan_step::need_input;  // is the next byte a quote?
    keep_value(piece, qi);
    s.i = qi + 1;
    return after_closing_quote(s);
  }
  if (!eof_) return scan_step::need_input;
  // Unterminated quote at end of input: the rest is this field.
  keep_value(piece, end_);
  s.problem = record_problem::unterminated_quote;
  s.record_end = s.next_begin = end_;
  return scan_step::record_done;
}

auto csv_reader::after_closing_quote(slow_scan& s) -> scan_step {
  const auto ends_field = [&](char c) { return c == delimiter_ || c == '\n' || c == '\r'; };
  if (s.i == end_ || ends_field(s.base[s.i])) return scan_step::field_read;
  // Text after a closing quote: kept in the field's value so nothing is lost.
  s.problem = record_problem::stray_quote;
  const std::size_t start = s.i;
  while (s.i < end_ && !ends_field(s.base[s.i])) ++s.i;
  if (s.i == end_ && !eof_) return scan_step::need_input;
  field_ref& last = fields_.back();
  if (!last.in_scratch) {  // copied to the end of scratch_, where the text goes on
    const std::size_t from = scratch_.size();
    scratch_.append(s.base + last.from, last.size);
    last = {from, last.size, true};
  }
  scratch_.append(s.base + start, s.i - start);
  last.size = scratch_.size() - last.from;
  return scan_step::field_read;
}

auto csv_reader::scan_unquoted(slow_scan& s) -> scan_step {
  const std::size_t start = s.i;
  for (;;) {
    s.i = find_stop(s.base, s.i);
    if (s.i == end_ || s.base[s.i] != '"') break;
    s.problem = record_problem::stray_quote;
    ++s.i;
  }
  if (s.i == end_ && !eof_) return scan_step::need_input;
  fields_.push_back({start, s.i - start, false});
  return scan_step::field_read;
}

auto csv_reader::scan_field_end(slow_scan& s) -> scan_step {
  if (s.i == end_) {
    if (!eof_) return scan_step::need_input;
    s.record_end = s.next_begin = end_;
    return scan_step::record_done;
  }
  if (s.base[s.i] == delimiter_) {
    ++s.i;
    if (s.i < end_) return scan_step::next_field;
    if (!eof_) return scan_step::need_input;
    fields_.push_back({s.i, 0, false});  // a trailing delimiter: one more, empty field
    s.record_end = s.next_begin = end_;
    return scan_step::record_done;
  }
  // Line end: \n, \r\n or a lone \r.
  s.record_end = s.i;
  if (s.base[s.i] == '\r') {
    if (s.i + 1 == end_ && !eof_) return scan_step::need_input;  // is it \r\n?
    s.next_begin = (s.i + 1 < end_ && s.base[s.i + 1] == '\n') ? s.i + 2 : s.i + 1;
  } else {
    s.next_begin = s.i + 1;
  }
  return scan_step::record_done;
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
