#include "engine/specimens.hpp"

#include <stdexcept>

#include "anc/differential.hpp"
#include "anc/quantity.hpp"

namespace anc::engine {

auto specimen_table::keep(written_value v) -> text_ref {
  if (v.value.size() > 0xFFFF'FFFFULL || v.unit.size() > 0xFFFF'FFFFULL)
    throw std::length_error("a value of more than 4 GiB");
  const text_ref r{texts_.size() + 1, static_cast<std::uint32_t>(v.value.size()),
                   static_cast<std::uint32_t>(v.unit.size())};
  texts_ += v.value;
  texts_ += v.unit;
  return r;
}

auto specimen_table::text(const text_ref& r) const -> written_value {
  const std::string_view all(texts_);
  const std::string_view value = all.substr(r.at - 1, r.value_size);
  return {value, all.substr(r.at - 1 + r.value_size, r.unit_size)};
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

void specimen_table::keep_value(test_kind kind, std::uint32_t index, text_ref& kept,
                                std::uint64_t& kept_row, const specimen_part& part) {
  if (kept.at == 0) {
    kept = keep(part.given);
    kept_row = part.row;
    return;
  }
  auto& conflicts = kind == test_kind::wbc ? wbc_conflicts_ : bands_conflicts_;
  if (conflicts.contains(index) || same(kind, text(kept), part.given)) return;
  const written_value first = text(kept);
  const auto written = [](written_value v) {
    return v.unit.empty() ? std::string(v.value) : std::string(v.value) + " " + std::string(v.unit);
  };
  conflicts.emplace(index, value_conflict{written(first), written(part.given), kept_row, part.row});
}

void specimen_table::add(std::string_view key, std::uint64_t key_hash, const specimen_part& part) {
  // A neutrophil % row is read when it is classified; a blank value is no
  // result.
  if (part.kind == test_kind::other || part.kind == test_kind::neut_pct) return;
  if (part.kind != test_kind::anc && part.given.value.empty()) return;
  const std::uint32_t index = keys_.intern(key, key_hash);
  if (index == records_.size()) records_.emplace_back();
  record& r = records_[index];
  if (part.kind == test_kind::anc) {
    r.measured_anc = r.measured_anc || part.measured;
    if (!part.given.value.empty() && r.anc_lln.at == 0) r.anc_lln = keep(part.given);
  } else if (part.kind == test_kind::wbc) {
    keep_value(part.kind, index, r.wbc, r.wbc_row, part);
  } else {
    keep_value(part.kind, index, r.bands, r.bands_row, part);
  }
}

void specimen_table::add(std::span<const pending_part> pending, std::string_view texts) {
  std::uint32_t at = 0;
  for (const pending_part& p : pending) {
    const std::string_view key = texts.substr(at, p.key_end - at);
    const std::string_view value = texts.substr(p.key_end, p.value_end - p.key_end);
    const std::string_view unit_text = texts.substr(p.value_end, p.unit_end - p.value_end);
    add(key, p.key_hash, {p.kind, p.row, {value, unit_text}, p.measured});
    at = p.unit_end;
  }
}

auto specimen_table::find(std::string_view key) const -> std::optional<specimen_facts> {
  const auto index = keys_.find(key, patient_table::hash(key));
  if (!index) return std::nullopt;
  const record& r = records_[*index];
  specimen_facts f;
  f.measured_anc = r.measured_anc;
  if (r.wbc.at != 0) f.wbc = text(r.wbc);
  if (r.bands.at != 0) f.bands = text(r.bands);
  if (r.anc_lln.at != 0) f.anc_lln = text(r.anc_lln);
  if (const auto it = wbc_conflicts_.find(*index); it != wbc_conflicts_.end())
    f.wbc_conflict = it->second;
  if (const auto it = bands_conflicts_.find(*index); it != bands_conflicts_.end())
    f.bands_conflict = it->second;
  return f;
}

}  // namespace anc::engine
