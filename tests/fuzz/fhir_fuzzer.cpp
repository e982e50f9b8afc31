// Fuzzes the FHIR source (SPEC §14): any bytes, read as FHIR JSON (one
// document or NDJSON), translated into records. Property: every Observation
// is written exactly once, and a document that is not JSON is exactly one
// error row where it stands; nothing crashes. The Observations are counted
// by an independent parser, nlohmann_json, on the same documents (split as
// SPEC §14's NDJSON is: one a line when the first line is a whole object).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "engine/fhir_input.hpp"
#include "fuzz_check.hpp"
#include "io/csv_reader.hpp"

using namespace anc::engine;
using json = nlohmann::json;

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

auto trimmed(std::string_view s) -> std::string_view {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string_view::npos) return {};
  return s.substr(a, s.find_last_not_of(" \t\r") + 1 - a);
}

struct document {
  std::string where;  ///< as the records name it
  std::string_view text;
};

/// The documents of an input, as SPEC §14 splits it.
auto documents_of(std::string_view bytes) -> std::vector<document> {
  std::vector<std::string_view> lines;
  for (std::size_t at = 0;;) {
    const auto nl = bytes.find('\n', at);
    lines.push_back(bytes.substr(at, nl == std::string_view::npos ? nl : nl - at));
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  std::size_t first = 0;
  for (; first < lines.size(); ++first) {
    std::string_view l = lines[first];
    if (l.starts_with(bom)) l.remove_prefix(bom.size());
    if (!trimmed(l).empty()) break;
  }
  if (first == lines.size()) return {};
  std::string_view head = lines[first];
  if (head.starts_with(bom)) head.remove_prefix(bom.size());
  const std::string_view t = trimmed(head);
  std::vector<document> docs;
  if (!(t.starts_with('{') && t.ends_with('}'))) {
    std::string_view whole =
        bytes.substr(static_cast<std::size_t>(lines[first].data() - bytes.data()));
    if (whole.starts_with(bom)) whole.remove_prefix(bom.size());
    docs.push_back({"input 1", whole});
    return docs;
  }
  for (std::size_t i = first; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    if (l.starts_with(bom)) l.remove_prefix(bom.size());
    if (!trimmed(l).empty()) docs.push_back({"input 1 line " + std::to_string(i + 1), trimmed(l)});
  }
  return docs;
}

/// The Observations' ids of a resource, as SPEC §14 finds them: the
/// resource itself and the resources of its Bundle entries.
void observations_of(const json& r, std::vector<std::string>& ids) {
  if (!r.is_object()) return;
  if (const auto e = r.find("entry"); e != r.end() && e->is_array())
    for (const json& entry : *e)
      if (entry.is_object())
        if (const auto res = entry.find("resource"); res != entry.end() && res->is_object())
          observations_of(*res, ids);
  const auto type = r.find("resourceType");
  if (type != r.end() && type->is_string() && *type == "Observation") {
    const auto id = r.find("id");
    ids.push_back(id != r.end() && id->is_string() ? id->get<std::string>() : std::string());
  }
}

/// Parses `text` with nlohmann_json, noting duplicate keys and depth, where
/// the two parsers may rightly differ (which of two keys counts; how deep
/// a parser goes).
struct oracle {
  bool parsed = false;
  bool undecidable = false;
  json value;
  explicit oracle(std::string_view text) {
    std::vector<std::vector<std::string>> keys;
    const json::parser_callback_t note = [&](int depth, json::parse_event_t event, json& parsed_) {
      if (depth > 500) undecidable = true;
      if (event == json::parse_event_t::object_start) keys.emplace_back();
      if (event == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
      if (event == json::parse_event_t::key && !keys.empty() && parsed_.is_string()) {
        auto& seen = keys.back();
        const auto k = parsed_.get<std::string>();
        if (std::find(seen.begin(), seen.end(), k) != seen.end()) undecidable = true;
        seen.push_back(k);
      }
      return true;
    };
    try {
      value = json::parse(text.begin(), text.end(), note);
      parsed = true;
    } catch (const json::exception& e) {
      // Surrogate escapes: the parsers may rightly differ on lone halves.
      if (std::string_view(e.what()).find("surrogate") != std::string_view::npos)
        undecidable = true;
    }
    if (text.starts_with(bom)) undecidable = true;  // one parser skips it
    // nlohmann_json ends its input at a NUL byte, simdjson does not.
    if (text.find('\0') != std::string_view::npos) undecidable = true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string csv = translate_fhir_text({input});

  anc::io::csv_reader reader(anc::io::byte_source::from_memory(csv), ',', 4096);
  anc::io::record r;
  ANC_FUZZ_CHECK(reader.next(r));
  ANC_FUZZ_CHECK(r.fields.size() == fhir_column_names.size());
  struct row {
    std::string id, where, problem;
  };
  std::vector<row> rows;
  while (reader.next(r)) {
    ANC_FUZZ_CHECK(r.problem == anc::io::record_problem::none);
    ANC_FUZZ_CHECK(r.fields.size() == fhir_column_names.size());
    rows.push_back({std::string(r.fields[index_of(fhir_column::resource_id)]),
                    std::string(r.fields[index_of(fhir_column::where)]),
                    std::string(r.fields[index_of(fhir_column::problem)])});
  }

  // Rows come in document order, each naming its document.
  std::size_t next = 0;
  for (const document& doc : documents_of(input)) {
    std::vector<row> mine;
    const auto of_doc = [&](const std::string& where) {
      return where == doc.where || where.starts_with(doc.where + " entry ");
    };
    while (next < rows.size() && of_doc(rows[next].where)) mine.push_back(rows[next++]);
    const oracle o(doc.text);
    if (o.undecidable) continue;
    const bool one_bad_row = mine.size() == 1 && mine[0].id.empty() &&
                             mine[0].problem.starts_with("malformed JSON at byte");
    if (!o.parsed || !o.value.is_object()) {
      ANC_FUZZ_CHECK(one_bad_row);
      continue;
    }
    std::vector<std::string> want;
    observations_of(o.value, want);
    std::vector<std::string> got;
    for (const row& m : mine) {
      if (m.problem.starts_with("malformed JSON"))
        std::fprintf(stderr, "%s: %s\n", doc.where.c_str(), m.problem.c_str());
      ANC_FUZZ_CHECK(!m.problem.starts_with("malformed JSON"));
      got.push_back(m.id);
    }
    // A resource comes after the entries it holds: compare as multisets.
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    ANC_FUZZ_CHECK(got == want);
  }
  ANC_FUZZ_CHECK(next == rows.size());  // no row outside a document
  return 0;
}
