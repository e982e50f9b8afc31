#include "engine/row_classifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "anc/date.hpp"

#include "core/ascii.hpp"
#include "core/detail/age_select.hpp"
#include "core/detail/plain_age.hpp"
#include "core/detail/plain_decimal.hpp"
#include "core/detail/threshold.hpp"
#include "engine/messages.hpp"

namespace anc::engine {

using namespace io;  // the messages and the forms they accept

row_classifier::row_classifier(std::vector<std::string> header, column_roles roles,
                               anc_source source, batch_settings settings,
                               std::shared_ptr<const joined_tables> joins)
    : header_(std::move(header)),
      joins_(std::move(joins)),
      roles_(roles),
      source_(source),
      settings_(std::move(settings)),
      bare_age_unit_(settings_.bare_age_unit ? settings_.bare_age_unit
                                             : roles_.age_unit_from_name) {
  for (std::size_t r = 0; r < role_count; ++r) column_[r] = roles_.index[r].value_or(SIZE_MAX);
  const bool any_grade = std::find(settings_.grade_wanted.begin(), settings_.grade_wanted.end(),
                                   true) != settings_.grade_wanted.end();
  for (const grading_system system : grading_systems)
    wants_lln_ = wants_lln_ ||
                 (uses_lln(system) && settings_.grade_wanted[static_cast<std::size_t>(system)]);
  bool only_allowed_roles = true;
  for (std::size_t r = 0; r < role_count; ++r)
    if (roles_.index[r] && std::find(fast_path_roles.begin(), fast_path_roles.end(),
                                     static_cast<role>(r)) == fast_path_roles.end())
      only_allowed_roles = false;
  plain_ = settings_.fast_path && only_allowed_roles && !settings_.default_fever &&
           source_ != anc_source::differential && bare_age_unit_ && roles_.of(role::age) &&
           !any_grade;
  anchored_ = roles_.of(role::anchor_age) && roles_.of(role::anchor_year) && roles_.of(role::date);
  const std::size_t input_width = header_.size() - (joins_ ? joins_->added_names().size() : 0);
  for (const role r : {role::code, role::specimen, role::patient, role::date, role::anc,
                       role::value, role::unit, role::lln})
    specimen_needs_join_ = specimen_needs_join_ || (roles_.of(r) && *roles_.of(r) >= input_width);
  name_inputs();
  list_codes();
  index_codes();
}

// The general path below builds a `reading` and copies whole values
// between the parsers, classify() and the row: each copy reads back, with
// wide loads, narrow stores still in flight, which the CPU cannot forward.
// On the common row that cost more than the parsing. Here the same parsers
// (their one-pass forms) and the same rule functions fill the row field by
// field. tests/unit/row_classifier_test.cpp pins it to classify().
auto row_classifier::classify_plain(const std::vector<std::string_view>& fields,
                                    std::string_view record, unit u, row_result& out) const
    -> bool {
  const role from = source_ == anc_source::anc_column ? role::anc : role::value;
  // As parse_count reads a plain number with a known unit: at once when the
  // record lets it be read as a word, else in a loop. The word reader takes
  // digits and a separator only, so the text as read, untrimmed, is given
  // to it: what it reads had no blanks to trim.
  const std::string_view count_raw = raw_cell(fields, from);
  const int scale = 3 + u.exp10;
  std::optional<decimal_result> d;
  if (const auto word = word_ending(record, count_raw))
    d = detail::parse_plain_decimal_word(*word, count_raw.size(), scale, settings_.decimal_comma);
  if (!d) d = detail::parse_plain_decimal(trim(count_raw), scale, settings_.decimal_comma);
  if (!d || !*d || d->value > count_limit.milli_per_ul) return false;
  const std::string_view age_raw = raw_cell(fields, role::age);  // the same: digits only
  std::optional<span> exact_age;
  if (const auto word = word_ending(record, age_raw))
    exact_age = detail::parse_bare_whole_age_word(*word, age_raw.size(), *bare_age_unit_);
  if (!exact_age) exact_age = detail::parse_bare_whole_age(trim(age_raw), *bare_age_unit_);
  if (!exact_age || *exact_age > years(max_age_years)) return false;

  // Copied from a constant: no store of it is in flight.
  static constexpr classification fresh{};
  classification& c = out.value;
  c = fresh;
  c.anc.value = count{d->value};
  c.anc.bound = count{d->value};
  c.anc.exact = !d->inexact;
  c.age_days = whole_days(*exact_age);
  c.group = detail::group_of(*exact_age, *bare_age_unit_);
  detail::set_threshold(c, settings_.threshold);  // there is an age
  const verdict v = detail::verdict_for(c.anc.value, c.threshold);
  c.neutropenic = v.neutropenic;
  c.grade = v.grade;
  return true;
}

void row_classifier::unclassified(row_result& out, row_status status, std::string error) const {
  out.status = status;
  out.error = std::move(error);
  out.anc_source = anc_origin::none;
  out.value = {};
  out.value.graded = settings_.grade_wanted;  // their grades are null
}

auto row_classifier::subject(role r) const -> std::string {
  const auto i = roles_.of(r);
  return fmt::format("column \"{}\" value", i ? std::string_view(header_[*i]) : name_of(r));
}

namespace {

/// The role whose column gives each input of the reading builder.
auto role_of(input i, anc_source source) -> role {
  switch (i) {
    case input::anc: return source == anc_source::value_column ? role::value : role::anc;
    case input::unit: return role::unit;
    case input::wbc: return role::wbc;
    case input::segs: return role::segs;
    case input::bands: return role::bands;
    case input::age: return role::age;
    case input::dob: return role::dob;
    case input::date: return role::date;
    case input::lln: return role::lln;
    case input::fever: return role::fever;
    case input::duration: return role::duration;
    case input::onset: return role::onset;
  }
  return role::anc;
}

/// A row's error: the problem and, unless it says what to do, the forms.
auto row_error(const input_problem& p) -> std::string {
  if (p.self_explaining || p.forms.empty()) return p.message;
  return fmt::format("{}; {}", p.message, p.forms);
}

}  // namespace

void row_classifier::name_inputs() {
  for (std::size_t i = 0; i < input_count; ++i) {
    const role r = role_of(static_cast<input>(i), source_);
    input_column_[i] = column_[static_cast<std::size_t>(r)];
    names_.name[i] = subject(r);
  }
  names_.default_lln = "--lln";
  names_.missing_age =
      settings_.fhir_input
          ? "no age: no Patient in the inputs (or in a --join table) gives a birthDate for this "
            "Observation's subject, or it has no effective time; pass the Patients, or --age for "
            "such rows"
      : joins_ ? "no age in this row: the age (or date of birth and sample date, or anchor age, "
                 "year and sample date) is empty, or no row of a joined table has its key; pass "
                 "--age for such rows"
      : roles_.of(role::age) || roles_.of(role::dob)
          ? "no age in this row: the age (or date of birth and sample date) is empty; pass --age "
            "for such rows"
          : "no age: there is no age column (or date of birth and sample date columns); pass "
            "--age or --age-col";
  rules_.decimal_comma = settings_.decimal_comma;
  rules_.from_differential = source_ == anc_source::differential;
  rules_.default_unit = settings_.default_unit;
  rules_.unitless = unitless_policy::refuse;
  rules_.default_age = settings_.default_age;
  rules_.bare_age_unit = bare_age_unit_;
  rules_.threshold = settings_.threshold;
  rules_.default_lln = settings_.default_lln;
  rules_.wants_lln = wants_lln_;
  rules_.default_fever = settings_.default_fever;
  rules_.grade_wanted = settings_.grade_wanted;
  rules_.deidentified_ages = settings_.deidentified_ages;
  rules_.partial_birth_dates = settings_.fhir_input;
  // A derived reading: its WBC, unit and bands are its specimen's, and its
  // LLN never the percentage row's own (SPEC §13).
  derived_rules_ = rules_;
  derived_rules_.from_differential = true;
  derived_names_ = names_;
  derived_names_.name[static_cast<std::size_t>(input::wbc)] = "its WBC";
  derived_names_.name[static_cast<std::size_t>(input::unit)] = "its WBC's unit";
  derived_names_.name[static_cast<std::size_t>(input::segs)] = names_[input::anc];
  derived_names_.name[static_cast<std::size_t>(input::bands)] = "its bands %";
  derived_names_.name[static_cast<std::size_t>(input::lln)] = "the LLN of its ANC row";
}

auto row_classifier::anchored_age(const std::vector<std::string_view>& fields) const
    -> std::string {
  // SPEC §13, MIMIC-IV's patients table: the age in the sample's year is
  // anchor_age + (sample year - anchor_year), in whole years.
  anchored_text_.clear();
  const std::string_view age_text = cell(fields, role::anchor_age);
  const std::string_view year_text = cell(fields, role::anchor_year);
  const std::string_view when = cell(fields, role::date);
  if (age_text.empty() || year_text.empty() || when.empty()) return {};  // no age: said later
  const auto whole = [](std::string_view t) -> std::optional<std::int64_t> {
    const int v = t.size() > 6 ? -1 : detail::digits_value(t, 0, t.size());
    return v < 0 ? std::nullopt : std::optional<std::int64_t>(v);
  };
  const auto anchor_age = whole(age_text);
  if (!anchor_age)
    return fmt::format("{} \"{}\" is not a whole number of years", subject(role::anchor_age),
                       age_text);
  const auto anchor_year = whole(year_text);
  if (!anchor_year)
    return fmt::format("{} \"{}\" is not a year", subject(role::anchor_year), year_text);
  const time_result t = settings_.offset_unit ? parse_time_offset(when, *settings_.offset_unit)
                                              : parse_sample_time(when);
  if (!t || settings_.offset_unit)
    return fmt::format("{} \"{}\" is not a date, so the age cannot be found from {} and {}",
                       subject(role::date), when, header_[*roles_.of(role::anchor_age)],
                       header_[*roles_.of(role::anchor_year)]);
  const std::int64_t day =
      t.value.ms >= 0 ? t.value.ms / ms_per_day : -((-t.value.ms + ms_per_day - 1) / ms_per_day);
  const std::int64_t years_old = *anchor_age + (civil_from_days(day).year - *anchor_year);
  if (years_old < 0)
    return fmt::format("{} \"{}\" is before the patient's birth by {} \"{}\" and {} \"{}\"",
                       subject(role::date), when, header_[*roles_.of(role::anchor_age)], age_text,
                       header_[*roles_.of(role::anchor_year)], year_text);
  anchored_text_ = fmt::format("{}y", years_old);
  return {};
}

void row_classifier::read_series(const std::vector<std::string_view>& record_fields,
                                 row_result& out) const {
  const auto& fields = with_joined(record_fields);
  const std::string_view patient = cell(fields, role::patient);
  if (patient.empty())
    return fail(out,
                describe_missing_series_value("patient id", header_[*roles_.of(role::patient)]));
  const std::string_view text = cell(fields, role::date);
  if (text.empty())
    return fail(out, describe_missing_series_value("sample time", header_[*roles_.of(role::date)]));
  const time_result t = settings_.offset_unit ? parse_time_offset(text, *settings_.offset_unit)
                                              : parse_sample_time(text);
  if (!t)
    return fail(out, describe_time_error(subject(role::date), text, t.ec,
                                         settings_.offset_unit.has_value()));
  out.patient = patient;
  out.time = t.value;
}

void row_classifier::classify_row(const std::vector<std::string_view>& record_fields,
                                  row_result& out, std::string_view record,
                                  std::uint64_t number) const {
  // out.value is set only at the end, or by unclassified().
  out.status = row_status::ok;
  out.error.clear();
  out.skipped_code = {};
  out.anc_source = anc_origin::none;
  if (settings_.problem_column && source_verdict(record_fields, out)) return;

  if (roles_.of(role::code)) {
    // Most rows of a long export are other tests: their code is read
    // before any joined table is looked up.
    const std::string_view code =
        cell(column_[static_cast<std::size_t>(role::code)] < record_fields.size()
                 ? record_fields
                 : with_joined(record_fields),
             role::code);
    switch (kind_of(code)) {
      case test_kind::other:
        unclassified(out, row_status::skipped);
        out.skipped_code = code;
        return;
      case test_kind::wbc:
      case test_kind::bands_pct:  // read with the specimen's neutrophil % row
        unclassified(out, row_status::skipped);
        return;
      case test_kind::neut_pct:
        if (value_problem(record_fields, out)) return;
        return classify_derived(with_joined(record_fields), out, number);
      case test_kind::anc: break;
    }
    if (value_problem(record_fields, out)) return;
    if (settings_.derive) out.anc_source = anc_origin::measured;
  }
  const auto& fields = with_joined(record_fields);

  // The unit column, checked on its own so that a bad unit names its column.
  // The text as read is looked up first: the cache holds trimmed texts, so
  // a hit has no blanks to trim, and the common row skips trimming it.
  std::optional<unit> row_unit = settings_.default_unit;
  std::string_view unit_text = raw_cell(fields, role::unit);
  const cached_unit* hit = nullptr;
  if (const auto word = word_ending(record, unit_text)) {
    // Units are mixed at random in an export: a comparison of texts, or
    // a branch per slot, would be mispredicted on most rows.
    const std::uint64_t bytes = *word >> (8 * (8 - unit_text.size()));
    std::size_t found = unit_cache_.size();  // none
    for (std::size_t i = 0; i < unit_cache_.size(); ++i) {
      const auto match = static_cast<std::size_t>(unit_cache_[i].bytes == bytes) &
                         static_cast<std::size_t>(unit_cache_[i].text.size() == unit_text.size());
      found ^= (found ^ i) & (0 - match);  // i if it matches, by a mask
    }
    if (found < unit_cache_.size()) hit = &unit_cache_[found];
  }
  if (hit == nullptr) {
    unit_text = trim(unit_text);
    if (!unit_text.empty()) {
      for (const auto& c : unit_cache_)
        if (std::string_view(c.text) == unit_text) hit = &c;
      if (hit == nullptr) {
        auto& slot = unit_cache_[unit_cache_next_++ % unit_cache_.size()];
        slot = {std::string(unit_text), parse_unit(unit_text), text_bytes(unit_text)};
        hit = &slot;
      }
    }
  }
  // A bad unit is the reading builder's to report.
  const bool unit_sound = hit == nullptr || static_cast<bool>(hit->parsed);
  if (hit != nullptr && unit_sound) row_unit = hit->parsed.value;
  if (plain_ && unit_sound && row_unit && classify_plain(fields, record, *row_unit, out)) return;

  raw_inputs in;
  if (std::string problem = row_inputs(fields, in); !problem.empty())
    return fail(out, std::move(problem));
  in[input::unit] = unit_text;  // trimmed unless the cache matched it as read
  in.parsed_unit = hit != nullptr ? &hit->parsed : nullptr;
  finish(in, rules_, names_, out);
}

auto row_classifier::source_verdict(const std::vector<std::string_view>& fields,
                                    row_result& out) const -> bool {
  if (const std::string_view problem = column_text(fields, settings_.problem_column);
      !problem.empty()) {
    fail(out, std::string(problem));
    return true;
  }
  if (const std::string_view why = column_text(fields, settings_.skip_column); !why.empty()) {
    unclassified(out, row_status::skipped, std::string(why));
    return true;
  }
  return false;
}

auto row_classifier::value_problem(const std::vector<std::string_view>& fields,
                                   row_result& out) const -> bool {
  const std::string_view problem = column_text(fields, settings_.value_problem_column);
  if (problem.empty()) return false;
  fail(out, std::string(problem));
  return true;
}

auto row_classifier::row_inputs(const std::vector<std::string_view>& fields, raw_inputs& in) const
    -> std::string {
  for (std::size_t i = 0; i < input_count; ++i) {
    const std::size_t column = input_column_[i];
    in.text[i] = column < fields.size() ? trim(fields[column]) : std::string_view{};
  }
  if (anchored_ && in[input::age].empty() && in[input::dob].empty()) {
    std::string problem = anchored_age(fields);
    if (!problem.empty()) return problem;
    in[input::age] = anchored_text_;
  }
  return {};
}

void row_classifier::finish(const raw_inputs& in, const reading_rules& rules,
                            const input_names& names, row_result& out) const {
  const built_reading b = build_reading(in, rules, names);
  if (b.problem) return fail(out, row_error(*b.problem));
  const classify_result c = classify(b.value);
  out.value = c.value;  // grades, even when the default classification fails
  if (b.age_problem || !c) {
    out.status = row_status::error;
    out.error = b.age_problem ? row_error(*b.age_problem) : std::string(to_string(c.ec));
  }
}

void row_classifier::list_codes() {
  // In order of precedence: a code on two lists is the first's.
  const auto add = [&](const std::vector<std::string>& codes, test_kind kind) {
    for (const std::string& c : codes) codes_.push_back({text_bytes(c), c.size(), kind, c});
  };
  add(settings_.anc_codes, test_kind::anc);
  if (!settings_.derive) return;
  add(settings_.neut_pct_codes, test_kind::neut_pct);
  add(settings_.wbc_codes, test_kind::wbc);
  add(settings_.bands_pct_codes, test_kind::bands_pct);
}

void row_classifier::index_codes() {
  std::size_t size = 8;
  while (size < 2 * codes_.size()) size *= 2;
  code_slots_.assign(size, 0);
  for (std::size_t i = 0; i < codes_.size(); ++i) {
    const listed_code& c = codes_[i];
    std::size_t s = code_slot(c.head, c.size);
    bool listed = false;  // a code on two lists keeps its first
    for (; code_slots_[s] != 0; s = (s + 1) & (size - 1))
      listed = listed || codes_[code_slots_[s] - 1].code == c.code;
    if (!listed) code_slots_[s] = static_cast<std::uint32_t>(i + 1);
  }
}

auto row_classifier::kind_of(std::string_view code) const noexcept -> test_kind {
  // Every row of a long export asks: its first eight bytes and its length
  // reject the other codes without comparing texts.
  const std::uint64_t head = text_bytes(code);
  const std::size_t mask = code_slots_.size() - 1;
  for (std::size_t s = code_slot(head, code.size());; s = (s + 1) & mask) {
    const std::uint32_t i = code_slots_[s];
    if (i == 0) return test_kind::other;
    const listed_code& c = codes_[i - 1];
    if (c.head == head && c.size == code.size() &&
        (code.size() <= 8 || std::string_view(c.code) == code))
      return c.kind;
  }
}

auto row_classifier::specimen_key(const std::vector<std::string_view>& fields,
                                  std::string& key) const -> std::optional<std::string_view> {
  if (roles_.of(role::specimen)) {
    const std::string_view id = cell(fields, role::specimen);
    return id.empty() ? std::nullopt : std::optional(id);
  }
  // Patient and exact sample time: the same instant however it is
  // written, and a time that cannot be read as written.
  const std::string_view patient = cell(fields, role::patient);
  const std::string_view when = cell(fields, role::date);
  if (patient.empty() || when.empty()) return std::nullopt;
  key = patient;
  const time_result t = settings_.offset_unit ? parse_time_offset(when, *settings_.offset_unit)
                                              : parse_sample_time(when);
  if (t) {
    key += "\x1fT";
    key.append(reinterpret_cast<const char*>(&t.value.ms), sizeof t.value.ms);
  } else {
    key += "\x1fW";
    key += when;
  }
  return key;
}

auto row_classifier::specimen_name(const std::vector<std::string_view>& fields) const
    -> std::string {
  if (roles_.of(role::specimen))
    return fmt::format("specimen \"{}\"", cell(fields, role::specimen));
  return fmt::format("the specimen of patient \"{}\" at \"{}\"", cell(fields, role::patient),
                     cell(fields, role::date));
}

auto row_classifier::specimen_row_of(const std::vector<std::string_view>& record_fields,
                                     std::string& key) const -> std::optional<specimen_row> {
  // The first pass looks up a joined table only if it holds a column the
  // specimen needs (MIMIC-III's patient).
  const auto& fields = specimen_needs_join_ ? with_joined(record_fields) : record_fields;
  // A record its source found wrong or withdrawn gives its specimen nothing.
  if (!column_text(record_fields, settings_.problem_column).empty() ||
      !column_text(record_fields, settings_.skip_column).empty() ||
      !column_text(record_fields, settings_.value_problem_column).empty())
    return std::nullopt;
  const test_kind kind = kind_of(cell(fields, role::code));
  if (kind == test_kind::other) return std::nullopt;
  const std::optional<std::string_view> specimen = specimen_key(fields, key);
  if (!specimen) return std::nullopt;
  const role value_role = source_ == anc_source::anc_column ? role::anc : role::value;
  specimen_part part{kind, 0, {cell(fields, value_role), cell(fields, role::unit)}, false};
  if (kind == test_kind::neut_pct) {
    part.given = {};  // its own row gives its value when it is classified
  } else if (kind == test_kind::anc) {
    part.measured = !part.given.value.empty();
    part.given.value = cell(fields, role::lln);
  }
  return specimen_row{*specimen, part};
}

auto row_classifier::unit_of(std::string_view text) const -> const unit_result& {
  for (const auto& c : unit_cache_)
    if (std::string_view(c.text) == text) return c.parsed;
  auto& slot = unit_cache_[unit_cache_next_++ % unit_cache_.size()];
  slot = {std::string(text), parse_unit(text), text_bytes(text)};
  return slot.parsed;
}

namespace {

/// A unit a percentage may be written with: none, or "%".
auto percent_unit(std::string_view u) noexcept -> bool {
  return u.empty() || u == "%";
}

}  // namespace

void row_classifier::classify_derived(const std::vector<std::string_view>& fields, row_result& out,
                                      std::uint64_t number) const {
  const std::optional<std::string_view> key = specimen_key(fields, key_scratch_);
  if (!key) {
    const role empty = roles_.of(role::specimen)             ? role::specimen
                       : cell(fields, role::patient).empty() ? role::patient
                                                             : role::date;
    return fail(out, fmt::format("{} is empty{}, so this neutrophil % row has no specimen to "
                                 "compute an ANC from",
                                 subject(empty),
                                 joins_ && *roles_.of(empty) >=
                                               header_.size() - joins_->added_names().size()
                                     ? " (or no row of its table has the key)"
                                     : ""));
  }
  std::optional<specimen_facts> facts;
  if (specimens_ && number != 0) {
    facts = specimens_->find_row(number, specimen_cursor_);
    if (!facts)
      throw std::runtime_error(fmt::format(
          "row {} is a neutrophil % row of a specimen now, but was not when the input was "
          "first read: the input changed between the passes",
          number));
  } else if (specimens_) {
    facts = specimens_->find(*key);
  }
  if (facts && facts->measured_anc) {
    // SPEC §13: the measured ANC is used; this row adds nothing to it.
    unclassified(out, row_status::skipped);
    return;
  }
  const auto problem = [&](std::string what) {
    fail(out, fmt::format("{}: {}", specimen_name(fields), what));
  };
  if (facts && facts->wbc_conflict)
    return problem(fmt::format(
        "two different WBC values, \"{}\" (row {}) and \"{}\" (row {}); which one is right "
        "cannot be told, so no ANC is computed",
        facts->wbc_conflict->first, facts->wbc_conflict->first_row, facts->wbc_conflict->second,
        facts->wbc_conflict->second_row));
  if (!facts || !facts->wbc)
    return problem("no WBC result, so no ANC can be computed from this neutrophil %");
  if (facts->bands_conflict)
    return problem(fmt::format(
        "two different bands % values, \"{}\" (row {}) and \"{}\" (row {}); which one is "
        "right cannot be told, so no ANC is computed",
        facts->bands_conflict->first, facts->bands_conflict->first_row,
        facts->bands_conflict->second, facts->bands_conflict->second_row));
  if (const std::string_view u = cell(fields, role::unit); !percent_unit(u))
    return problem(fmt::format("{} \"{}\" is not a percentage, so this row is not a neutrophil %",
                               subject(role::unit), u));
  if (facts->bands && !percent_unit(facts->bands->unit))
    return problem(
        fmt::format("its bands % row's unit \"{}\" is not a percentage", facts->bands->unit));

  raw_inputs in;
  if (std::string p = row_inputs(fields, in); !p.empty()) return fail(out, std::move(p));
  in[input::segs] = in[input::anc];
  in[input::anc] = {};
  in[input::wbc] = facts->wbc->value;
  in[input::unit] = facts->wbc->unit;
  in.parsed_unit = facts->wbc->unit.empty() ? nullptr : &unit_of(facts->wbc->unit);
  in[input::bands] = facts->bands ? facts->bands->value : std::string_view{};
  in[input::lln] = {};
  if (facts->anc_lln) {
    // The ANC row's LLN is in that row's unit.
    lln_scratch_.assign(facts->anc_lln->value);
    if (!facts->anc_lln->unit.empty()) (lln_scratch_ += ' ') += facts->anc_lln->unit;
    in[input::lln] = lln_scratch_;
  }
  finish(in, derived_rules_, derived_names_, out);
  if (out.status == row_status::error)
    out.error = fmt::format("{}: {}", specimen_name(fields), out.error);
  else
    out.anc_source = anc_origin::derived;
}

}  // namespace anc::engine
