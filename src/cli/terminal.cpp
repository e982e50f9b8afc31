#include "cli/terminal.hpp"

#include <unistd.h>  // isatty

#include <cstdlib>
#include <ctime>
#include <string_view>

namespace anc::cli {

auto use_colour(colour_mode mode, bool stdout_is_tty, const char* no_color_env,
                const char* term_env) noexcept -> bool {
  switch (mode) {
    case colour_mode::always: return true;
    case colour_mode::never: return false;
    case colour_mode::automatic: break;
  }
  const bool no_color = no_color_env != nullptr && *no_color_env != '\0';
  const bool dumb = term_env == nullptr || std::string_view(term_env) == "dumb";
  return stdout_is_tty && !no_color && !dumb;
}

auto stdout_is_terminal() noexcept -> bool {
  return isatty(STDOUT_FILENO) == 1;
}

auto today() noexcept -> std::optional<date> {
  if (const char* fixed = std::getenv("ANC_TODAY"); fixed != nullptr) {
    const date_result d = parse_date(fixed);
    if (!d) return std::nullopt;
    return d.value;
  }
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

}  // namespace anc::cli
