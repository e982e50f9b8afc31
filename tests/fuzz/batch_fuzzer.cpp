// Fuzzes the whole batch pipeline in memory: reader, column roles, row
// classifier, CSV writer. Property (SPEC §7): every input record comes out
// exactly once, in order, with its fields unchanged, followed by the
// appended columns; nothing crashes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/row_classifier.hpp"
#include "fuzz_check.hpp"
#include "io/csv_output.hpp"
#include "io/csv_reader.hpp"
#include "io/output_sink.hpp"

using namespace anc::io;
using namespace anc::engine;

namespace {

auto records_of(std::string_view bytes, char delimiter) -> std::vector<std::vector<std::string>> {
  csv_reader reader(byte_source::from_memory(bytes), delimiter, 4096);
  std::vector<std::vector<std::string>> out;
  record r;
  while (reader.next(r)) out.emplace_back(r.fields.begin(), r.fields.end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  csv_reader reader(byte_source::from_memory(bytes), ',', 4096);
  const char delimiter = sniff_delimiter(reader.peek_first_line());
  reader.set_delimiter(delimiter);
  record header;
  if (!reader.next(header) || header.problem != record_problem::none) return 0;
  std::vector<std::string> names(header.fields.begin(), header.fields.end());
  const std::vector<std::string_view> views(names.begin(), names.end());
  const roles_result found = find_roles(views, {});
  if (!found.ok()) return 0;
  anc_source source = anc_source::anc_column;
  if (!found.roles.of(role::anc)) {
    if (found.roles.of(role::value))
      source = anc_source::value_column;
    else if (found.roles.of(role::wbc) && found.roles.of(role::segs))
      source = anc_source::differential;
    else
      return 0;
  }
  batch_settings settings;
  settings.anc_codes = {"751-8"};
  // Grades on half the inputs: without them, rows may take the classifier's
  // one-pass path (row_classifier::classify_plain).
  const bool grades = header.raw.size() % 2 == 0;
  settings.grade_wanted = {grades, grades, grades};
  settings.default_age = anc::parse_age("30y").value;
  const row_classifier classifier(names, found.roles, source, settings);

  output_sink sink{output_sink::in_memory_t{}};
  std::vector<out_field> fields;
  for (const auto& f : out_field_names) fields.push_back(f.field);
  csv_writer writer(sink, delimiter, fields);
  writer.header(header.raw, names);

  std::vector<std::vector<std::string>> inputs;
  record rec;
  row_result result;
  while (reader.next(rec)) {
    if (rec.problem == record_problem::none && rec.fields.size() == names.size()) {
      classifier.classify_row(rec.fields, result, rec.raw);
    } else {
      result = {};
      result.status = row_status::error;
      result.error = "malformed";
    }
    inputs.emplace_back(rec.fields.begin(), rec.fields.end());
    writer.row(rec, names.size(), result);
  }
  sink.commit();

  const auto outputs = records_of(sink.buffer(), delimiter);
  ANC_FUZZ_CHECK(outputs.size() == inputs.size() + 1);  // + the header
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto& in = inputs[i];
    const auto& out = outputs[i + 1];
    ANC_FUZZ_CHECK(out.size() >= in.size() + fields.size());
    for (std::size_t k = 0; k < in.size(); ++k) ANC_FUZZ_CHECK(out[k] == in[k]);
  }
  return 0;
}
