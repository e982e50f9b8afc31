#include "engine/row_counts.hpp"

#include <algorithm>

namespace anc::engine {

void row_counts::count(const io::row_result& r) {
  ++rows;
  if (r.status == io::row_status::error) {
    ++errors;
    if (first_error.empty()) first_error = r.error;
  }
  skipped += r.status == io::row_status::skipped;
  if (matched) return;
  if (r.status == io::row_status::skipped && !r.skipped_code.empty()) {
    keep_code(r.skipped_code, 1);
  } else {
    matched = true;
    skipped_codes.clear();
  }
}

void row_counts::keep_code(std::string_view code, std::uint64_t n) {
  if (const auto it = skipped_codes.find(code); it != skipped_codes.end())
    it->second += n;
  else if (skipped_codes.size() < max_codes_kept)
    skipped_codes.emplace(code, n);
}

auto row_counts::commonest_codes(std::size_t n) const
    -> std::vector<std::pair<std::string, std::uint64_t>> {
  std::vector<std::pair<std::string, std::uint64_t>> codes(skipped_codes.begin(),
                                                           skipped_codes.end());
  std::stable_sort(codes.begin(), codes.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (codes.size() > n) codes.resize(n);
  return codes;
}

void row_counts::add(const row_counts& later) {
  if (first_error.empty()) first_error = later.first_error;
  matched = matched || later.matched;
  if (!matched)
    for (const auto& [code, n] : later.skipped_codes) keep_code(code, n);
  else
    skipped_codes.clear();
  rows += later.rows;
  errors += later.errors;
  skipped += later.skipped;
}

}  // namespace anc::engine
