#pragma once
// How many rows a run had and of what status, and the first error's text.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/row_result.hpp"

namespace anc::engine {

struct row_counts {
  std::uint64_t rows = 0, errors = 0, skipped = 0;
  std::string first_error;
  /// A row was not skipped for its code: it had a code the run classifies
  /// by (an ANC code, or with --derive a WBC or differential code), or the
  /// input has no code column.
  bool matched = false;
  /// The codes of rows skipped for their code, while no row matched (once
  /// one does, the run cannot have matched nothing): at most
  /// max_codes_kept distinct ones.
  std::map<std::string, std::uint64_t, std::less<>> skipped_codes;
  static constexpr std::size_t max_codes_kept = 1000;
  /// True if there were rows and every one was skipped for its code.
  [[nodiscard]] auto none_matched() const noexcept -> bool {
    return rows > 0 && !matched && !skipped_codes.empty();
  }
  /// The commonest skipped codes, most rows first, at most `n`.
  [[nodiscard]] auto commonest_codes(std::size_t n) const
      -> std::vector<std::pair<std::string, std::uint64_t>>;
  void count(const io::row_result& r);
  /// Adds the counts of rows that come after these.
  void add(const row_counts& later);

 private:
  /// Counts `n` more rows skipped for `code`, within max_codes_kept.
  void keep_code(std::string_view code, std::uint64_t n);
};

}  // namespace anc::engine
