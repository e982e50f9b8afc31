#pragma once
// Integer and count writers for batch's output, with fewer branches than
// std::to_chars (tests/unit/quantity_test.cpp proves them equal to it and
// to a digit-by-digit rendering); format_count is their public face.
#include <cstddef>
#include <cstdint>

#include "anc/quantity.hpp"

namespace anc::detail {

/// Writes `v` in decimal at `p`, which has room for 20 bytes (a sign and 19
/// digits), and returns the end: the text std::to_chars writes, without its
/// branches on the number of digits below 10^8 (which vary from row to row,
/// and a CPU mispredicts them).
auto write_whole(char* p, std::int64_t v) noexcept -> char*;

/// The most characters a formatted count takes: an int64 and three decimals.
inline constexpr std::size_t max_count_chars = 24;

/// Writes a count in cells/uL with no trailing zeros ("800", "499.999") at
/// `p`, which has room for max_count_chars, and returns the end.
auto write_count(char* p, count c) noexcept -> char*;

}  // namespace anc::detail
