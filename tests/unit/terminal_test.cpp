// The colour decision (SPEC §9): terminal only, NO_COLOR honoured, flag wins.
#include <catch2/catch.hpp>

#include "cli/terminal.hpp"

using anc::cli::colour_mode;
using anc::cli::use_colour;

TEST_CASE("colour only on a terminal without NO_COLOR", "[cli][colour]") {
  CHECK(use_colour(colour_mode::automatic, true, nullptr, "xterm"));
  CHECK(use_colour(colour_mode::automatic, true, "", "xterm"));  // no-color.org: empty is unset
  CHECK_FALSE(use_colour(colour_mode::automatic, true, "1", "xterm"));
  CHECK_FALSE(use_colour(colour_mode::automatic, false, nullptr, "xterm"));
  CHECK(use_colour(colour_mode::always, false, "1", "dumb"));
  CHECK_FALSE(use_colour(colour_mode::never, true, nullptr, "xterm"));
}

// Issue 14: TERM=dumb (Emacs shells, CI logs) and no TERM at all get none.
TEST_CASE("no colour on a dumb terminal", "[cli][colour]") {
  CHECK_FALSE(use_colour(colour_mode::automatic, true, nullptr, "dumb"));
  CHECK_FALSE(use_colour(colour_mode::automatic, true, nullptr, nullptr));
  CHECK(use_colour(colour_mode::always, true, nullptr, "dumb"));
}
