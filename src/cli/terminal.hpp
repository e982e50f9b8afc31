#pragma once
// What the CLI learns from its surroundings, decided once at the edge.
#include <optional>
#include <string_view>

#include "anc/date.hpp"

namespace anc::cli {

enum class colour_mode { automatic, always, never };

/// Colour only on a terminal, when NO_COLOR is unset or empty
/// (no-color.org), and when TERM is set and not "dumb" (as ripgrep's
/// termcolor decides); --color always/never overrides them all. Pure.
auto use_colour(colour_mode mode, bool stdout_is_tty, const char* no_color_env,
                const char* term_env) noexcept -> bool;

auto stdout_is_terminal() noexcept -> bool;

/// Today's local date; ANC_TODAY=YYYY-MM-DD overrides it so that runs that
/// default --date to today are reproducible (tests, re-runs of old batches).
/// nullopt when ANC_TODAY is set but not a date.
auto today() noexcept -> std::optional<date>;

}  // namespace anc::cli
