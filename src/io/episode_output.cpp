#include "io/episode_output.hpp"

#include <fmt/format.h>

#include <array>

#include "anc/classify.hpp"
#include "io/csv_output.hpp"
#include "io/output_fields.hpp"

namespace anc::io {

episode_writer::episode_writer(output_sink& sink, format f, char delimiter,
                               const std::array<bool, grading_systems.size()>& graded)
    : sink_(sink), format_(f), delimiter_(delimiter), graded_(graded) {
  for (const auto name : episode_columns) names_.emplace_back(name);
  for (const grading_system s : grading_systems)
    if (graded_[static_cast<std::size_t>(s)])
      names_.push_back(fmt::format("worst_grade_{}", to_string(s)));
  text_.resize(names_.size());
  quoted_.resize(names_.size());
}

void episode_writer::header() {
  if (format_ == format::ndjson) return;
  std::string& out = sink_.buffer();
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (i > 0) out += delimiter_;
    out += names_[i];
  }
  out += '\n';
}

void episode_writer::values(const episode_row& e) {
  std::size_t i = 0;
  const auto text = [&](std::string_view v, bool is_string) {
    text_[i].assign(v);
    quoted_[i++] = is_string;
  };
  // Written in place: the table has a row per episode, millions of them.
  const auto number = [&](std::int64_t v) {
    std::array<char, 24> digits{};
    const auto* end = fmt::format_to(digits.data(), "{}", v);
    text(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())), false);
  };
  const auto time = [&](const sample_time& t) {
    std::array<char, max_time_chars> chars{};
    const char* end = write_sample_time(chars.data(), t);
    text(std::string_view(chars.data(), static_cast<std::size_t>(end - chars.data())), true);
  };
  text(e.patient, true);
  number(e.episode);
  time(e.start);
  time(e.end);
  if (e.recovered)
    time(*e.recovered);
  else
    text("", true);
  text(to_string(e.reason), true);
  number(static_cast<std::int64_t>(e.readings));
  number(static_cast<std::int64_t>(e.neutropenic_readings));
  text(format_count(e.nadir).view(), false);
  text(to_string(e.nadir_qualifier), true);
  time(e.nadir_time);
  text(to_string(e.worst_severity), true);
  number(e.duration_days);
  text(to_string(e.duration_cls), true);
  text(e.febrile ? (*e.febrile ? "true" : "false") : "", false);
  for (const grading_system s : grading_systems) {
    const auto k = static_cast<std::size_t>(s);
    if (!graded_[k]) continue;
    if (e.worst_grade[k])
      number(*e.worst_grade[k]);
    else
      text("", false);
  }
}

void episode_writer::row(const episode_row& e) {
  values(e);
  std::string& out = sink_.buffer();
  if (format_ == format::csv) {
    for (std::size_t i = 0; i < text_.size(); ++i) {
      if (i > 0) out += delimiter_;
      append_csv_field(out, text_[i], delimiter_);
    }
    out += '\n';
  } else {
    out += '{';
    for (std::size_t i = 0; i < text_.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, names_[i]);
      out += ':';
      // An empty value is null: no recovery, no qualifier, fever unknown.
      if (text_[i].empty())
        out += "null";
      else if (quoted_[i])
        append_json_string(out, text_[i]);
      else
        out += text_[i];
    }
    out += "}\n";
  }
  sink_.maybe_flush();
}

}  // namespace anc::io
