#include "engine/specimens.hpp"

#include <algorithm>
#include <stdexcept>

#include "anc/differential.hpp"
#include "anc/quantity.hpp"

namespace anc::engine {

namespace {

void put_number(huge_vector<char>& out, std::uint64_t n) {
  for (; n >= 0x80; n >>= 7) out.push_back(static_cast<char>((n & 0x7F) | 0x80));
  out.push_back(static_cast<char>(n));
}

void put_text(huge_vector<char>& out, std::string_view s) {
  out.insert(out.end(), s.begin(), s.end());
}

auto take_number(std::string_view s, std::size_t& at) -> std::uint64_t {
  std::uint64_t n = 0;
  for (unsigned shift = 0;; shift += 7) {
    const auto b = static_cast<unsigned char>(s[at++]);
    n |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if (b < 0x80) return n;
  }
}

}  // namespace

auto specimen_table::keep(std::uint64_t row, written_value v) -> text_ref {
  const text_ref r = texts_.size() + 1;
  put_number(texts_, row);
  put_number(texts_, v.value.size());
  put_text(texts_, v.value);
  put_number(texts_, v.unit.size());
  put_text(texts_, v.unit);
  return r;
}

auto specimen_table::kept(text_ref r) const -> kept_part {
  const std::string_view all(texts_.data(), texts_.size());
  std::size_t at = r - 1;
  kept_part k;
  k.row = take_number(all, at);
  const std::size_t value_size = take_number(all, at);
  k.given.value = all.substr(at, value_size);
  at += value_size;
  const std::size_t unit_size = take_number(all, at);
  k.given.unit = all.substr(at, unit_size);
  return k;
}

auto specimen_table::same(test_kind kind, written_value a, written_value b) const -> bool {
  if (a.value == b.value && a.unit == b.unit) return true;
  // The same result written twice ("7.5" and "7.50", "62" and "62 %") is
  // no contradiction; anything unreadable is compared as written.
  if (kind == test_kind::bands_pct) {
    const percent_result x = parse_percent(a.value, decimal_comma_);
    const percent_result y = parse_percent(b.value, decimal_comma_);
    return x && y && x.value == y.value && a.unit == b.unit;
  }
  const auto read = [&](written_value v) {
    std::optional<unit> u;
    if (!v.unit.empty()) {
      const unit_result parsed = parse_unit(v.unit);
      if (!parsed) {
        parse_result bad;
        bad.ec = parse_error::bad_unit;
        return bad;
      }
      u = parsed.value;
    }
    return parse_count(v.value, {decimal_comma_, u, unitless_policy::refuse});
  };
  const parse_result x = read(a);
  const parse_result y = read(b);
  return x && y && x.q.value == y.q.value && x.q.bound == y.q.bound && x.q.qual == y.q.qual &&
         x.q.exact == y.q.exact;
}

void specimen_table::keep_value(test_kind kind, std::uint32_t index, text_ref& first,
                                const specimen_part& part) {
  if (first == 0) {
    first = keep(part.row, part.given);
    return;
  }
  auto& conflicts = kind == test_kind::wbc ? wbc_conflicts_ : bands_conflicts_;
  const kept_part k = kept(first);
  if (conflicts.contains(index) || same(kind, k.given, part.given)) return;
  const auto written = [](written_value v) {
    return v.unit.empty() ? std::string(v.value) : std::string(v.value) + " " + std::string(v.unit);
  };
  conflicts.emplace(index, value_conflict{written(k.given), written(part.given), k.row, part.row});
}

void specimen_table::add(std::string_view key, std::uint64_t key_hash, const specimen_part& part) {
  // A blank value is no result; a neutrophil % row's value is read when
  // the row is classified.
  if (part.kind == test_kind::other) return;
  if (part.kind != test_kind::anc && part.kind != test_kind::neut_pct && part.given.value.empty())
    return;
  std::uint32_t index = last_index_;
  if (records_.empty() || key != last_key_) {
    index = keys_.intern(key, key_hash);
    if (index == records_.size()) records_.emplace_back();
    last_key_.assign(key);
    last_index_ = index;
  }
  record& r = records_[index];
  if (part.kind == test_kind::neut_pct) {
    neut_rows_.push_back({part.row, index});
  } else if (part.kind == test_kind::anc) {
    r.measured_anc = r.measured_anc || part.measured;
    if (!part.given.value.empty() && r.anc_lln == 0) r.anc_lln = keep(part.row, part.given);
  } else if (part.kind == test_kind::wbc) {
    keep_value(part.kind, index, r.wbc, part);
  } else {
    keep_value(part.kind, index, r.bands, part);
  }
}

void specimen_table::add(std::span<const pending_part> pending, std::string_view texts) {
  std::uint32_t at = 0;
  keys_.for_each_prefetched(
      pending.size(), [&](std::size_t i) { return pending[i].key_hash; },
      [&](std::size_t i) {
        const pending_part& p = pending[i];
        const std::string_view key = texts.substr(at, p.key_end - at);
        const std::string_view value = texts.substr(p.key_end, p.value_end - p.key_end);
        const std::string_view unit_text = texts.substr(p.value_end, p.unit_end - p.value_end);
        add(key, p.key_hash, {p.kind, p.row, {value, unit_text}, p.measured});
        at = p.unit_end;
      });
}

auto specimen_table::find(std::string_view key) const -> std::optional<specimen_facts> {
  const auto index = keys_.find(key, patient_table::hash(key));
  if (!index) return std::nullopt;
  return facts(*index);
}

auto specimen_table::find_row(std::uint64_t row, std::size_t& cursor) const
    -> std::optional<specimen_facts> {
  if (cursor >= neut_rows_.size() || neut_rows_[cursor].row != row)
    cursor = static_cast<std::size_t>(
        std::partition_point(neut_rows_.begin(), neut_rows_.end(),
                             [&](const neut_row& n) { return n.row < row; }) -
        neut_rows_.begin());
  if (cursor >= neut_rows_.size() || neut_rows_[cursor].row != row) return std::nullopt;
  return facts(neut_rows_[cursor++].index);
}

auto specimen_table::facts(std::uint32_t index) const -> specimen_facts {
  const record& r = records_[index];
  specimen_facts f;
  f.measured_anc = r.measured_anc;
  if (r.wbc != 0) f.wbc = kept(r.wbc).given;
  if (r.bands != 0) f.bands = kept(r.bands).given;
  if (r.anc_lln != 0) f.anc_lln = kept(r.anc_lln).given;
  if (const auto it = wbc_conflicts_.find(index); it != wbc_conflicts_.end())
    f.wbc_conflict = it->second;
  if (const auto it = bands_conflicts_.find(index); it != bands_conflicts_.end())
    f.bands_conflict = it->second;
  return f;
}

}  // namespace anc::engine
