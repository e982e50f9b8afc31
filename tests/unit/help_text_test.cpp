// Issue 14: help wrapped at word boundaries, and suggestions for typos.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "cli/help_text.hpp"

using anc::cli::nearest_name;
using anc::cli::wrap_help;

namespace {
auto widest_line(const std::string& text) -> std::size_t {
  std::istringstream in(text);
  std::size_t widest = 0;
  for (std::string line; std::getline(in, line);) widest = std::max(widest, line.size());
  return widest;
}
}  // namespace

TEST_CASE("help lines are broken at blanks and hang under the description", "[cli][help]") {
  const std::string option =
      "  --lln COUNT                 Lower limit of normal for CTCAE v5, for rows with no LLN "
      "column value";
  const std::string wrapped = wrap_help(option, 60);
  CHECK(wrapped ==
        "  --lln COUNT                 Lower limit of normal for\n"
        "                              CTCAE v5, for rows with no LLN\n"
        "                              column value");
  CHECK(widest_line(wrapped) <= 60);
}

TEST_CASE("prose wraps under its own indentation; short lines are untouched", "[cli][help]") {
  CHECK(wrap_help("Every input row is written once, in order", 20) ==
        "Every input row is\nwritten once, in\norder");
  CHECK(wrap_help("  short\n\nlines\n", 80) == "  short\n\nlines\n");
  // A word longer than the room is left whole, never cut.
  CHECK(wrap_help("a verylongwordthatdoesnotfit b", 10) == "a\nverylongwordthatdoesnotfit\nb");
}

TEST_CASE("the width counts characters, not UTF-8 bytes", "[cli][help]") {
  CHECK(wrap_help("\u00b5\u00b5\u00b5\u00b5 \u00b5\u00b5\u00b5\u00b5", 9) ==
        "\u00b5\u00b5\u00b5\u00b5 \u00b5\u00b5\u00b5\u00b5");
}

TEST_CASE("a typo of a command or flag names the nearest one", "[cli][help]") {
  const std::vector<std::string> commands{"classify", "batch", "check", "rules", "help"};
  CHECK(nearest_name("batc", commands) == "batch");
  CHECK(nearest_name("chekc", commands) == "check");
  CHECK(nearest_name("rule", commands) == "rules");
  CHECK_FALSE(nearest_name("summary", commands));
  const std::vector<std::string> flags{"--threads", "--threshold", "--age", "--age-unit"};
  CHECK(nearest_name("--thread", flags) == "--threads");
  CHECK(nearest_name("--trheads", flags) == "--threads");
  CHECK(nearest_name("--agee", flags) == "--age");
  CHECK_FALSE(nearest_name("--frobnicate", flags));
}
