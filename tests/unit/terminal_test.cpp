// The colour decision (SPEC §9): terminal only, NO_COLOR honoured, flag wins.
#include <catch2/catch.hpp>

#include "cli/terminal.hpp"

using anc::cli::colour_mode;
using anc::cli::use_colour;

TEST_CASE("colour only on a terminal without NO_COLOR", "[cli][colour]") {
  CHECK(use_colour(colour_mode::automatic, true, nullptr));
  CHECK(use_colour(colour_mode::automatic, true, ""));  // no-color.org: empty means unset
  CHECK_FALSE(use_colour(colour_mode::automatic, true, "1"));
  CHECK_FALSE(use_colour(colour_mode::automatic, false, nullptr));
  CHECK(use_colour(colour_mode::always, false, "1"));
  CHECK_FALSE(use_colour(colour_mode::never, true, nullptr));
}
