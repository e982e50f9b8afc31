#include "cli/help_text.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

namespace anc::cli {

auto help_width() noexcept -> std::size_t {
  winsize ws{};
  if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return std::max<std::size_t>(40, ws.ws_col);
  return 80;
}

namespace {

/// Columns a UTF-8 text takes: its code points (µ, ≤ and ⁹ take one each).
auto columns(std::string_view s) noexcept -> std::size_t {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

/// Where a continuation of `line` starts: its description column, or its
/// own indentation.
auto hang_of(std::string_view line) noexcept -> std::size_t {
  const std::size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos) return 0;
  const std::size_t gap = line.find("  ", indent);
  if (gap != std::string_view::npos) {
    const std::size_t text = line.find_first_not_of(' ', gap);
    if (text != std::string_view::npos) return columns(line.substr(0, text));
  }
  return indent;
}

void wrap_line(std::string& out, std::string_view line, std::size_t width) {
  if (columns(line) <= width) {
    out += line;
    return;
  }
  const std::size_t hang = hang_of(line);
  std::size_t i = line.find_first_not_of(' ');
  std::string current(line.substr(0, i));
  bool has_word = false;
  while (i < line.size()) {
    const std::size_t word_start = line.find_first_not_of(' ', i);
    if (word_start == std::string_view::npos) break;
    const std::size_t word_end = std::min(line.find(' ', word_start), line.size());
    const std::string_view gap = line.substr(i, word_start - i);
    const std::string_view word = line.substr(word_start, word_end - word_start);
    if (has_word && columns(current) + columns(gap) + columns(word) > width) {
      out += current;
      out += '\n';
      current.assign(hang, ' ');
    } else {
      current += gap;
    }
    current += word;
    has_word = true;
    i = word_end;
  }
  out += current;
}

}  // namespace

auto wrap_help(std::string_view text, std::size_t width) -> std::string {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    wrap_line(out, text.substr(0, nl), width);
    if (nl == std::string_view::npos) break;
    out += '\n';
    text.remove_prefix(nl + 1);
  }
  return out;
}

namespace {

/// Optimal string alignment distance: edits, counting a swap of two
/// neighbouring letters as one ("trheads").
auto edit_distance(std::string_view a, std::string_view b) -> std::size_t {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

auto nearest_name(std::string_view word, const std::vector<std::string>& candidates)
    -> std::optional<std::string> {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::size_t dist = edit_distance(word, c);
    if (!best || dist < best_distance) {
      best = c;
      best_distance = dist;
    }
  }
  if (!best) return std::nullopt;
  const bool prefix = word.size() >= 3 && best->compare(0, word.size(), word) == 0;
  if (best_distance * 3 <= std::max<std::size_t>(word.size(), 3) || prefix) return best;
  // A prefix of some other candidate ("--thr" for --threshold and --threads: the first).
  for (const auto& c : candidates)
    if (word.size() >= 3 && c.compare(0, word.size(), word) == 0) return c;
  return std::nullopt;
}

}  // namespace anc::cli
