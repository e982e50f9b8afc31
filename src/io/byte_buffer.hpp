#pragma once
// Bytes read from input, in a buffer whose new room is not zeroed: the
// parallel batch reads every chunk into one, and std::string's resize
// would first write every byte that the read then overwrites.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>

namespace anc::io {

class byte_buffer {
 public:
  [[nodiscard]] auto data() noexcept -> char* { return data_.get(); }
  [[nodiscard]] auto size() const noexcept -> std::size_t { return size_; }
  [[nodiscard]] auto empty() const noexcept -> bool { return size_ == 0; }
  [[nodiscard]] auto view() const noexcept -> std::string_view { return {data_.get(), size_}; }

  /// Makes room for `n` bytes in all, keeping the bytes held; the new room
  /// holds whatever was there (write it before set_size counts it).
  void reserve(std::size_t n) {
    if (n <= capacity_) return;
    const std::size_t grown = std::max(n, capacity_ * 2);
    // `new char[]` without `()`: the bytes are left as they are.
    std::unique_ptr<char[]> more(new char[grown]);
    if (size_ > 0) std::memcpy(more.get(), data_.get(), size_);
    data_ = std::move(more);
    capacity_ = grown;
  }
  /// Counts the first `n` bytes as held; `n` must be within the room made.
  void set_size(std::size_t n) noexcept { size_ = n; }
  /// `bytes` may be this buffer's own: they are never more than it holds,
  /// so no new room is made for them, and they are moved, not copied.
  void assign(std::string_view bytes) {
    size_ = 0;
    reserve(bytes.size());
    if (!bytes.empty()) std::memmove(data_.get(), bytes.data(), bytes.size());
    size_ = bytes.size();
  }
  void clear() noexcept { size_ = 0; }
  void swap(byte_buffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, capacity_ = 0;
};

}  // namespace anc::io
