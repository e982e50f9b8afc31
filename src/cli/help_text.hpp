#pragma once
// Help text that reads well at any width, and the nearest name for a typo
// (issue 14): pure functions, so that tests call them directly.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anc::cli {

/// The width help is wrapped to: the terminal's columns when standard
/// output is one (at least 40), else 80.
auto help_width() noexcept -> std::size_t;

/// `text` with every line wider than `width` columns (UTF-8 code points)
/// broken at blanks. A continuation is indented as far as the line's
/// description column (the text after a run of two or more blanks that
/// follows the line's first word, as CLI11 lays out options), else as the
/// line itself. A word longer than the room is left whole.
auto wrap_help(std::string_view text, std::size_t width) -> std::string;

/// The candidate closest to `word` by edit distance (insertions,
/// deletions, substitutions and swaps of neighbours), if it is close
/// enough to be a typo of it: at most a third of its length, or a prefix.
auto nearest_name(std::string_view word, const std::vector<std::string>& candidates)
    -> std::optional<std::string>;

}  // namespace anc::cli
