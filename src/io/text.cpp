#include "io/text.hpp"

#include <fmt/format.h>

namespace anc::io {

auto printable(std::string_view text) -> std::string {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F)
      out += fmt::format("\\x{:02x}", b);
    else
      out += c;
  }
  return out;
}

auto counted(std::uint64_t n, std::string_view one, std::string_view many) -> std::string {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace anc::io
