#pragma once
// An allocator for the series stage's big arrays, which are read and
// written at random (a patient's entries lie anywhere in the input): blocks
// of 2 MiB or more are asked to be backed by transparent huge pages, so that
// a random access misses the TLB far less often and a first touch faults
// once per 2 MiB instead of once per 4 KiB. Smaller blocks, and systems that
// refuse, get ordinary memory: it is a hint, never needed for correctness.
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace anc::engine {

inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

template <typename T>
struct huge_page_allocator {
  static constexpr auto rounded(std::size_t bytes) noexcept -> std::size_t {
    return (bytes + huge_page_bytes - 1) / huge_page_bytes * huge_page_bytes;
  }
  using value_type = T;
  huge_page_allocator() = default;
  template <typename U>
  explicit huge_page_allocator(const huge_page_allocator<U>& /*other*/) noexcept {}

  auto allocate(std::size_t n) -> T* {
    if (n > static_cast<std::size_t>(-1) / sizeof(T) - huge_page_bytes)
      throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes < huge_page_bytes) return static_cast<T*>(::operator new(bytes));
    // Mapped directly, so that freeing gives the memory back at once (a
    // big block kept by malloc would still count in the peak), and aligned
    // to a huge page by trimming an over-sized mapping.
    const std::size_t size = rounded(bytes);
    void* map = ::mmap(nullptr, size + huge_page_bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) throw std::bad_alloc();
    auto* base = static_cast<char*>(map);
    const std::size_t head =
        (huge_page_bytes - reinterpret_cast<std::uintptr_t>(base) % huge_page_bytes) %
        huge_page_bytes;
    if (head > 0) ::munmap(base, head);
    if (huge_page_bytes - head > 0) ::munmap(base + head + size, huge_page_bytes - head);
#ifdef MADV_HUGEPAGE
    (void)::madvise(base + head, size, MADV_HUGEPAGE);
#endif
    return reinterpret_cast<T*>(base + head);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < huge_page_bytes)
      ::operator delete(p);
    else
      ::munmap(p, rounded(bytes));
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
