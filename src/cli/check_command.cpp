#include "cli/check_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <ostream>
#include <system_error>

#include "cli/exit_codes.hpp"
#include "core/ascii.hpp"
#include "engine/batch_pipeline.hpp"
#include "io/output_fields.hpp"
#include "io/output_sink.hpp"

namespace anc::cli {
namespace {

constexpr std::string_view expected_prefix = "expected_";

/// An expectation column: its index and the appended field it checks.
struct expectation {
  std::size_t column;
  io::out_field field;
};

/// Reads the header once more for `expected_<field>` columns. An unknown
/// field name is a usage error: a typo must not silently check nothing.
auto find_expectations(const std::vector<std::string>& header,
                       std::array<bool, grading_systems.size()>& grades)
    -> std::vector<expectation> {
  std::vector<expectation> found;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string_view name = header[i];
    if (name.substr(0, expected_prefix.size()) != expected_prefix) continue;
    const std::string_view field_name = name.substr(expected_prefix.size());
    const auto f = io::out_field_from_name(field_name);
    if (!f || *f == io::out_field::error)
      throw usage_error{
          fmt::format("column \"{}\": \"{}\" is not an output field that can be checked (e.g. "
                      "expected_neutropenic, expected_severity, expected_age_group, "
                      "expected_duration_class, expected_status, expected_grade_ctcae5)",
                      name, field_name)};
    if (const auto system = io::grade_system_of(*f))
      grades[static_cast<std::size_t>(*system)] = true;
    found.push_back({i, *f});
  }
  if (found.empty())
    throw usage_error{"no expected_* column: nothing to check (see anc check --help)"};
  return found;
}

auto find_case_id(const std::vector<std::string>& header) -> std::optional<std::size_t> {
  for (const std::string_view name : {"case_id", "case", "id"})
    for (std::size_t i = 0; i < header.size(); ++i)
      if (detail::iequals(header[i], name)) return i;
  return std::nullopt;
}

auto same(std::string_view expected, std::string_view actual) -> bool {
  if (detail::iequals(expected, "null")) return actual.empty();
  // true/false may be written in any case; everything else is compared as is.
  // true/false may be written in any case (actual is lower case); anything
  // else must match exactly.
  if (detail::iequals(expected, "true") || detail::iequals(expected, "false"))
    return detail::iequals(expected, actual);
  return expected == actual;
}

auto xml_escaped(std::string_view s) -> std::string {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // XML 1.0 has no place for other control characters.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')
          out += ' ';
        else
          out += c;
    }
  }
  return out;
}

struct case_result {
  std::string name;
  std::vector<std::string> mismatches;
};

auto junit_xml(const std::string& suite, const std::vector<case_result>& cases,
               std::uint64_t failed) -> std::string {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuites tests=\"{}\" failures=\"{}\">\n", cases.size(), failed);
  xml += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml_escaped(suite),
                     cases.size(), failed);
  for (const auto& c : cases) {
    xml += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_escaped(suite),
                       xml_escaped(c.name));
    if (c.mismatches.empty()) {
      xml += "/>\n";
      continue;
    }
    std::string body;
    for (const auto& m : c.mismatches) body += m + "\n";
    xml += fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                       xml_escaped(c.mismatches.front()), xml_escaped(body));
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

auto run(const check_options& o, std::ostream& out) -> int {
  // The expected_grade_* columns say which grades to compute.
  engine::batch_pipeline pipeline(make_batch_config(o.input));
  std::array<bool, grading_systems.size()> grades{};
  const std::vector<expectation> expectations = find_expectations(pipeline.header_names(), grades);
  pipeline.add_grades(grades);
  const auto case_column = find_case_id(pipeline.header_names());

  std::vector<case_result> cases;
  std::uint64_t passed = 0, failed = 0;
  std::string actual;
  pipeline.for_each_row([&](const engine::batch_pipeline::row& row) {
    case_result c;
    c.name = case_column && *case_column < row.rec.fields.size()
                 ? fmt::format("row {} ({})", row.number, row.rec.fields[*case_column])
                 : fmt::format("row {}", row.number);
    for (const auto& e : expectations) {
      if (e.column >= row.rec.fields.size()) continue;
      const std::string_view expected = trim(row.rec.fields[e.column]);
      if (expected.empty()) continue;  // SPEC §8: an empty expectation is not checked
      actual.clear();
      io::append_text(actual, e.field, row.result);
      if (same(expected, actual)) continue;
      std::string m = fmt::format("{}: {}: expected {}, got {}", c.name, io::name_of(e.field),
                                  expected, actual.empty() ? "null" : actual);
      if (row.result.status == io::row_status::error)
        m += fmt::format(" (the row is an error: {})", row.result.error);
      c.mismatches.push_back(std::move(m));
    }
    for (const auto& m : c.mismatches) out << m << '\n';
    (c.mismatches.empty() ? passed : failed) += 1;
    cases.push_back(std::move(c));
  });

  if (o.junit) {
    io::output_sink sink(*o.junit);
    sink.buffer() =
        junit_xml(fmt::format("anc check {}", pipeline.first_input_name()), cases, failed);
    sink.commit();
  }
  out << fmt::format("{} passed, {} failed\n", passed, failed);
  out.flush();
  return failed == 0 ? exit_ok : exit_rows_failed;
}

}  // namespace

auto add_check_command(CLI::App& app, check_options& o) -> CLI::App* {
  auto* cmd =
      app.add_subcommand("check", "Run reference cases and compare every expected_* column");
  o.input.command = "check";
  add_input_options(*cmd, o.input);
  cmd->add_option("--junit", o.junit, "Also write a JUnit XML report here (one testcase a row)")
      ->type_name("FILE");
  cmd->footer(
      "The cases file has batch's input columns and any of expected_neutropenic,\n"
      "expected_severity, expected_age_group, expected_duration_class, expected_status,\n"
      "expected_grade_<system> (or expected_<any output field>). An empty expectation\n"
      "is not checked; null expects no value. Each row runs exactly as anc batch runs\n"
      "it.\n"
      "\n"
      "Examples:\n"
      "  anc check data/reference_cases.csv\n"
      "  anc check data/admiral_cases.csv --junit report.xml\n"
      "\n"
      "Prints each mismatch (row, case, field, expected, actual), then\n"
      "'N passed, M failed'.\n"
      "Exit status: 0 all passed, 1 some failed, 2 usage error or unreadable input.");
  return cmd;
}

auto run_check(const check_options& o, std::ostream& out, std::ostream& err) -> int {
  return reporting_errors(err, [&] { return run(o, out); });
}

}  // namespace anc::cli
