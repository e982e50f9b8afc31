#pragma once
// An allocator for the series stage's big arrays, which are read and
// written at random (a patient's entries lie anywhere in the input): blocks
// of 2 MiB or more are asked to be backed by transparent huge pages, so that
// a random access misses the TLB far less often and a first touch faults
// once per 2 MiB instead of once per 4 KiB. Smaller blocks, and systems that
// refuse, get ordinary memory: it is a hint, never needed for correctness.
#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace anc::engine {

inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

template <typename T>
struct huge_page_allocator {
  using value_type = T;
  huge_page_allocator() = default;
  template <typename U>
  explicit huge_page_allocator(const huge_page_allocator<U>& /*other*/) noexcept {}

  auto allocate(std::size_t n) -> T* {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes < huge_page_bytes) return static_cast<T*>(::operator new(bytes));
    const std::size_t rounded = (bytes + huge_page_bytes - 1) / huge_page_bytes * huge_page_bytes;
    void* p = std::aligned_alloc(huge_page_bytes, rounded);
    if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    (void)::madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < huge_page_bytes)
      ::operator delete(p);
    else
      std::free(p);
  }
  template <typename U>
  friend auto operator==(const huge_page_allocator& /*a*/, const huge_page_allocator<U>& /*b*/)
      -> bool {
    return true;
  }
};

/// A vector whose storage is asked to be huge pages.
template <typename T>
using huge_vector = std::vector<T, huge_page_allocator<T>>;

}  // namespace anc::engine
