#include "io/gzip_input.hpp"

#include <isa-l/igzip_lib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace anc::io {

namespace {

constexpr std::size_t input_buffer_bytes = std::size_t{256} << 10;

auto describe(int code) -> std::string {
  switch (code) {
    case ISAL_INVALID_BLOCK: return "an invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "an invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "an invalid back-reference";
    case ISAL_INVALID_WRAPPER: return "an invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "a compression method other than deflate";
    case ISAL_INCORRECT_CHECKSUM: return "a wrong checksum (the data is corrupt)";
    default: return "an inflate error " + std::to_string(code);
  }
}

void start_member(inflate_state& s) {
  const auto* next = s.next_in;
  const auto avail = s.avail_in;
  isal_inflate_reset(&s);
  s.next_in = const_cast<std::uint8_t*>(next);  // NOLINT: ISA-L's API is not const
  s.avail_in = avail;
  s.crc_flag = ISAL_GZIP;  // parse each member's header, check its CRC and length
}

}  // namespace

gzip_decoder::gzip_decoder(int fd, std::string_view first, std::size_t max_read)
    : fd_(fd),
      max_read_(max_read),
      state_(std::make_unique<inflate_state>()),
      in_(std::max(input_buffer_bytes, first.size())) {
  isal_inflate_init(state_.get());
  if (!first.empty()) std::memcpy(in_.data(), first.data(), first.size());
  state_->next_in = in_.data();
  state_->avail_in = static_cast<std::uint32_t>(first.size());
  start_member(*state_);
}

gzip_decoder::~gzip_decoder() = default;

auto gzip_decoder::has_buffered() const noexcept -> bool {
  return !at_end_ && state_->avail_in > 0;
}

auto gzip_decoder::fail(std::string why) noexcept -> long {
  problem_ = std::move(why);
  errno = EBADMSG;
  return -1;
}

auto gzip_decoder::refill() noexcept -> bool {
  if (input_end_) return false;
  // Keep what ISA-L has not taken, then read after it.
  const std::size_t kept = state_->avail_in;
  if (kept > 0 && state_->next_in != in_.data()) std::memmove(in_.data(), state_->next_in, kept);
  for (;;) {
    const ssize_t got = ::read(fd_, in_.data() + kept, std::min(in_.size() - kept, max_read_));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      read_errno_ = errno;
      return false;
    }
    if (got == 0) input_end_ = true;
    state_->next_in = in_.data();
    state_->avail_in = static_cast<std::uint32_t>(kept + static_cast<std::size_t>(got));
    return got > 0;
  }
}

auto gzip_decoder::read(char* dst, std::size_t n) noexcept -> long {
  n = std::min<std::size_t>(n, UINT32_MAX);
  while (!at_end_) {
    if (member_done_) {
      // Another member, or the end of the input.
      if (state_->avail_in < 2 && !input_end_) {
        if (!refill() && read_errno_ != 0) {
          errno = read_errno_;
          return -1;
        }
        continue;
      }
      if (state_->avail_in == 0) {
        at_end_ = true;
        break;
      }
      const std::string_view next(reinterpret_cast<const char*>(state_->next_in),
                                  std::min<std::size_t>(state_->avail_in, 2));
      if (!is_gzip_magic(next))
        return fail("it has bytes after the end of its gzip data that are not gzip data");
      member_done_ = false;
      start_member(*state_);
    }
    if (state_->avail_in == 0 && !input_end_ && !refill() && read_errno_ != 0) {
      errno = read_errno_;
      return -1;
    }
    const std::uint32_t avail_before = state_->avail_in;
    state_->next_out = reinterpret_cast<std::uint8_t*>(dst);
    state_->avail_out = static_cast<std::uint32_t>(n);
    const int code = isal_inflate(state_.get());
    if (code < 0) return fail("it holds " + describe(code));
    const std::size_t produced = n - state_->avail_out;
    if (state_->block_state == ISAL_BLOCK_FINISH) member_done_ = true;
    if (produced > 0) return static_cast<long>(produced);
    if (member_done_) continue;
    if (input_end_ && state_->avail_in == avail_before)
      return fail("its gzip data ends early (the file is truncated)");
    if (state_->avail_in > 0 && state_->avail_in == avail_before && !refill() && read_errno_ != 0) {
      errno = read_errno_;
      return -1;
    }
  }
  return 0;
}

}  // namespace anc::io
