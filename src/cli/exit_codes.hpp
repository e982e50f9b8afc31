#pragma once
// Exit statuses of anc (SPEC §7, §9), in one place.
namespace anc::cli {

inline constexpr int exit_ok = 0;           ///< everything classified
inline constexpr int exit_rows_failed = 1;  ///< batch/check: some rows are errors or mismatches
inline constexpr int exit_usage = 2;        ///< usage error or unreadable input

/// CLI11 reports its own errors with codes of 100 and more; a successful
/// --help or --version is 0. Everything else a parser says is a usage error.
constexpr auto exit_code_for_parser(int cli11_code) noexcept -> int {
  return cli11_code == 0 ? exit_ok : exit_usage;
}

}  // namespace anc::cli
