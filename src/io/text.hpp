#pragma once
// Small texts every writer and message uses.
#include <cstdint>
#include <string>
#include <string_view>

namespace anc::io {

/// `text` with control characters shown as \xNN, for echoing input in a
/// message (a NUL or an escape sequence must not reach a terminal raw).
auto printable(std::string_view text) -> std::string;

/// "1 row", "2 rows": a count with its noun in the right number.
auto counted(std::uint64_t n, std::string_view one, std::string_view many) -> std::string;

}  // namespace anc::io
