#include "engine/fhir_input.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "engine/batch_config.hpp"
#include "engine/input_file.hpp"
#include "io/csv_output.hpp"
#include "io/csv_reader.hpp"
#include "io/gzip_input.hpp"

namespace anc::engine {

auto is_folder(const std::string& path) -> bool {
  struct stat st {};
  return path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

auto starts_as_json(std::string_view first) noexcept -> bool {
  if (first.starts_with("\xEF\xBB\xBF")) first.remove_prefix(3);
  const auto at = first.find_first_not_of(" \t\r\n");
  return at != std::string_view::npos && first[at] == '{';
}

namespace {

/// One file of FHIR text: its content, inflated if it is gzip.
struct content {
  std::string name;
  int fd = -1;
  bool owned = false;
  std::unique_ptr<io::gzip_decoder> gzip;
  std::string first;  ///< bytes read to see the gzip magic, of a pipe
  content() = default;
  content(const content&) = delete;
  auto operator=(const content&) -> content& = delete;
  ~content() {
    if (owned && fd >= 0) ::close(fd);
  }
  [[nodiscard]] auto source() -> io::byte_source {
    io::byte_source s = gzip ? io::byte_source::inflating(*gzip, fd) : io::byte_source(fd);
    s.set_name(name);
    return s;
  }
};

/// Opens a file (or the spooled stdin at its start) for one pass.
auto open_content(const std::string& path, const std::string& name, int fd)
    -> std::unique_ptr<content> {
  auto c = std::make_unique<content>();
  c->name = name;
  if (fd >= 0) {
    if (::lseek(fd, 0, SEEK_SET) != 0)
      throw setup_error{setup_problem::cannot_read, name, {}, std::strerror(errno)};
    c->fd = fd;
  } else {
    c->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (c->fd < 0) throw setup_error{setup_problem::cannot_read, name, {}, std::strerror(errno)};
    c->owned = true;
  }
  std::array<char, 2> magic{};
  const ssize_t got = ::pread(c->fd, magic.data(), magic.size(), 0);
  if (got == 2 && io::is_gzip_magic(std::string_view(magic.data(), 2)))
    c->gzip = std::make_unique<io::gzip_decoder>(c->fd);
  return c;
}

/// Where a document is, for messages.
struct place {
  const std::string* name = nullptr;
  std::uint64_t line = 0;  ///< NDJSON: its line; 0 for a whole document
};

/// Reads a source's documents: each NDJSON line, or the whole text when its
/// first line is not a whole JSON object (a pretty-printed resource or
/// Bundle). Each is handed to `f(document, place)` with fhir_padding
/// readable bytes after it.
class document_reader {
 public:
  template <typename F>
  void read(io::byte_source source, const std::string& name, F&& f) {
    source_ = source;
    begin_ = end_ = 0;
    eof_ = false;
    bool first = true;
    std::uint64_t line = 0;
    bool ndjson = true;
    for (;;) {
      const char* base = buf_.data();
      const void* nl = std::memchr(base + begin_, '\n', end_ - begin_);
      if (nl == nullptr && !eof_) {
        fill();
        continue;
      }
      const std::size_t stop =
          nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : end_;
      std::string_view text(base + begin_, stop - begin_);
      if (first) {
        if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
        const std::string_view t = trimmed(text);
        if (t.empty() && nl != nullptr) {  // blank lines before the first
          ++line;
          begin_ = stop + 1;
          continue;
        }
        first = false;
        ndjson = t.starts_with('{') && t.ends_with('}');
        if (!ndjson) {
          // One document: all of it. Its blank lines before are kept so
          // that offsets count from the document's first byte.
          while (!eof_) fill();
          base = buf_.data();
          std::string_view whole(base + begin_, end_ - begin_);
          if (whole.starts_with("\xEF\xBB\xBF")) whole.remove_prefix(3);
          if (!trimmed(whole).empty()) f(whole, place{&name, 0});
          return;
        }
      }
      ++line;
      if (const std::string_view t = trimmed(text); !t.empty()) f(t, place{&name, line});
      if (nl == nullptr) return;
      begin_ = stop + 1;
    }
  }

 private:
  static auto trimmed(std::string_view s) -> std::string_view {
    const auto a = s.find_first_not_of(" \t\r");
    if (a == std::string_view::npos) return {};
    return s.substr(a, s.find_last_not_of(" \t\r") + 1 - a);
  }
  void fill() {
    if (begin_ > 0) {
      std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buf_.size() < end_ + block + io::fhir_padding)
      buf_.resize(std::max(2 * buf_.size(), end_ + block + io::fhir_padding));
    const long got = source_.read(buf_.data() + end_, block);
    if (got < 0) source_.throw_read_error(errno);
    if (got == 0) eof_ = true;
    end_ += static_cast<std::size_t>(std::max(got, 0L));
  }
  static constexpr std::size_t block = std::size_t{1} << 20;
  io::byte_source source_{-1};
  std::vector<char> buf_;
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
};

/// A source as its files: a folder's are those its manifest lists.
struct source_file {
  std::string path, name;
  int fd = -1;
};

auto files_of(const fhir_source& s) -> std::vector<source_file> {
  if (!is_folder(s.path)) return {{s.path, s.name, s.fd}};
  const std::string manifest_path = s.path + "/manifest.json";
  const std::optional<std::string> text = read_small_file(manifest_path);
  if (!text)
    throw setup_error{setup_problem::cannot_read,
                      s.name,
                      {},
                      "it is a folder with no manifest.json (a FHIR bulk export's folder holds "
                      "one, listing its files)"};
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    throw setup_error{setup_problem::cannot_read,
                      manifest_path,
                      {},
                      fmt::format("it is not valid JSON ({})", e.what())};
  }
  if (!manifest.is_object() || !manifest.contains("output") || !manifest["output"].is_array())
    throw setup_error{setup_problem::cannot_read,
                      manifest_path,
                      {},
                      "it has no \"output\" list of files (FHIR Bulk Data manifest)"};
  std::vector<source_file> files;
  for (const auto& entry : manifest["output"]) {
    if (!entry.is_object() || !entry.contains("url") || !entry["url"].is_string())
      throw setup_error{
          setup_problem::cannot_read, manifest_path, {}, "an \"output\" entry has no \"url\""};
    // The url is where the server offered the file; the folder holds it
    // under the url's last segment.
    std::string url = entry["url"].get<std::string>();
    if (const auto q = url.find_first_of("?#"); q != std::string::npos) url.resize(q);
    const std::string file = url.substr(url.rfind('/') + 1);
    if (file.empty() || file == "." || file == "..")
      throw setup_error{setup_problem::cannot_read,
                        manifest_path,
                        {},
                        fmt::format("the url \"{}\" names no file", url)};
    std::string path = s.path + "/" + file;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 && ::stat((path + ".gz").c_str(), &st) == 0) path += ".gz";
    files.push_back({path, path, -1});
  }
  return files;
}

/// What the first pass keeps: the Patients and the reports' Observations.
struct resource_index final : io::fhir_visitor {
  struct patient_entry {
    std::string birth_date;
    std::string conflict;  ///< a second, different birthDate
  };
  struct report_entry {
    std::string report, effective;
    std::string conflict;  ///< a second report with another time
  };
  std::unordered_map<std::string, patient_entry> patients;
  std::unordered_map<std::string, report_entry> reports;  ///< by Observation reference
  bool birth_dates = false;

  void observation(const io::fhir_observation& /*o*/) override {}
  void patient(const io::fhir_patient& p) override {
    birth_dates = birth_dates || !p.birth_date.empty();
    for (const std::string& ref : p.refs) {
      auto [it, fresh] = patients.try_emplace(ref, patient_entry{p.birth_date, {}});
      if (!fresh && it->second.birth_date != p.birth_date && it->second.conflict.empty())
        it->second.conflict = p.birth_date;
    }
  }
  void report(const io::fhir_report& r) override {
    for (const std::string& obs : r.results) {
      auto [it, fresh] = reports.try_emplace(obs, report_entry{r.ref, r.effective, {}});
      if (!fresh && it->second.effective != r.effective && it->second.conflict.empty())
        it->second.conflict = r.ref + " at \"" + r.effective + "\"";
    }
  }
};

/// The second pass: each Observation as a translated record.
class row_maker final : public io::fhir_visitor {
 public:
  row_maker(const resource_index& index, std::string& out) : index_(index), out_(out) {}
  place where;

  void observation(const io::fhir_observation& o) override {
    std::array<std::string, fhir_column_names.size()> f;
    const auto col = [&](fhir_column c) -> std::string& { return f[index_of(c)]; };
    col(fhir_column::resource_id) = o.id;
    col(fhir_column::subject) = o.subject;
    col(fhir_column::code) = o.code;
    col(fhir_column::value) = o.value;
    col(fhir_column::unit) = o.unit;
    col(fhir_column::lln) = o.lln;
    col(fhir_column::where) = where_text(o.entry);
    std::string& problem = col(fhir_column::problem);
    // Its time: its own, else that of a report that lists it.
    const resource_index::report_entry* report = find_report(o);
    std::string& effective = col(fhir_column::effective);
    effective = o.effective;
    if (effective.empty() && report != nullptr) {
      if (!report->conflict.empty())
        problem = fmt::format(
            "the Observation has no effective time, and the DiagnosticReports that list it "
            "give two: {} at \"{}\" and {}; which one is right cannot be told",
            report->report, report->effective, report->conflict);
      effective = report->effective;
    }
    const std::string patient = io::reference_key(o.subject);
    if (const auto it = index_.patients.find(patient); it != index_.patients.end()) {
      col(fhir_column::birth_date) = it->second.birth_date;
      if (!it->second.conflict.empty())
        problem = fmt::format(
            "{} is given two birth dates, \"{}\" and \"{}\"; which one is right cannot be told",
            patient, it->second.birth_date, it->second.conflict);
    }
    col(fhir_column::patient_id) = patient.starts_with("Patient/") ? patient.substr(8) : patient;
    // SPEC §14: a specimen is its Specimen, else its report, else its
    // subject's sample at that time.
    std::string& specimen = col(fhir_column::specimen);
    if (!o.specimen.empty())
      specimen = io::reference_key(o.specimen);
    else if (report != nullptr)
      specimen = report->report;
    else if (!o.subject.empty() && !effective.empty())
      specimen = fmt::format("{} at {}", patient, effective);
    if (!o.malformed.empty()) {
      problem = o.malformed;
    } else if (o.status == "entered-in-error" || o.status == "cancelled") {
      col(fhir_column::skip) = fmt::format("status {}", o.status);
      problem.clear();
    } else if (problem.empty()) {
      col(fhir_column::value_problem) = o.problem;
    }
    write(f);
    ++observations;
  }
  void patient(const io::fhir_patient& /*p*/) override {}
  void report(const io::fhir_report& /*r*/) override {}

  /// Parses one document into rows: a document that is not JSON is one
  /// error row, where it stands, whatever was read of it before the error.
  void document(io::fhir_parser& parser, std::string_view doc, const place& at) {
    where = at;
    const std::size_t mark = out_.size();
    const std::uint64_t before = observations;
    if (const auto e = parser.parse(doc, *this)) {
      out_.resize(mark);
      observations = before;
      malformed(*e);
    }
  }

  void malformed(const io::fhir_parser::parse_error& e) {
    std::array<std::string, fhir_column_names.size()> f;
    f[index_of(fhir_column::where)] = where_text(0);
    f[index_of(fhir_column::problem)] =
        fmt::format("malformed JSON at byte {}{}: {}", e.offset + 1,
                    where.line != 0 ? " of the line" : "", e.message);
    write(f);
  }
  std::uint64_t observations = 0;

 private:
  [[nodiscard]] auto where_text(std::size_t entry) const -> std::string {
    std::string w = *where.name;
    if (where.line != 0) w += fmt::format(" line {}", where.line);
    if (entry != 0) w += fmt::format(" entry {}", entry);
    return w;
  }
  [[nodiscard]] auto find_report(const io::fhir_observation& o) const
      -> const resource_index::report_entry* {
    for (const std::string& key : {"Observation/" + o.id, o.full_url}) {
      if (key.empty()) continue;
      if (const auto it = index_.reports.find(key); it != index_.reports.end()) return &it->second;
    }
    return nullptr;
  }
  void write(const std::array<std::string, fhir_column_names.size()>& f) {
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (i > 0) out_ += ',';
      io::append_csv_field(out_, f[i], ',');
    }
    out_ += '\n';
  }
  const resource_index& index_;
  std::string& out_;
};

/// The header line of the translated CSV.
auto header_line() -> std::string {
  std::string h;
  for (const std::string_view name : fhir_column_names) {
    if (!h.empty()) h += ',';
    h += name;
  }
  h += '\n';
  return h;
}

/// The quick test of the first pass: a document that can hold a Patient,
/// a DiagnosticReport or a Bundle names one as a JSON string.
auto may_index(std::string_view doc) -> bool {
  return doc.find("\"Patient\"") != std::string_view::npos ||
         doc.find("\"DiagnosticReport\"") != std::string_view::npos ||
         doc.find("\"Bundle\"") != std::string_view::npos;
}

/// Writes `text` to `fd`, all of it.
void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t put = ::write(fd, text.data(), text.size());
    if (put < 0 && errno == EINTR) continue;
    if (put < 0)
      throw std::system_error(errno, std::generic_category(),
                              "cannot write the translated FHIR input to a temporary file");
    text.remove_prefix(static_cast<std::size_t>(put));
  }
}

}  // namespace

auto translate_fhir(const std::vector<fhir_source>& inputs, const std::vector<fhir_source>& tables)
    -> fhir_translation {
  std::vector<source_file> input_files, table_files;
  for (const fhir_source& s : inputs)
    for (source_file& f : files_of(s)) input_files.push_back(std::move(f));
  for (const fhir_source& s : tables)
    for (source_file& f : files_of(s)) table_files.push_back(std::move(f));

  io::fhir_parser parser;
  document_reader reader;
  resource_index index;
  for (const auto* files : {&input_files, &table_files})
    for (const source_file& f : *files) {
      const auto c = open_content(f.path, f.name, f.fd);
      reader.read(c->source(), f.name, [&](std::string_view doc, const place& /*where*/) {
        // A malformed document is reported by the second pass, in order.
        if (may_index(doc)) (void)parser.parse(doc, index);
      });
    }

  fhir_translation t;
  t.birth_dates = index.birth_dates;
  t.fd = temporary_file();
  if (t.fd < 0)
    throw std::system_error(errno, std::generic_category(),
                            "cannot make a temporary file for the translated FHIR input (TMPDIR)");
  std::string out = header_line();
  row_maker rows(index, out);
  for (const source_file& f : input_files) {
    const auto c = open_content(f.path, f.name, f.fd);
    reader.read(c->source(), f.name, [&](std::string_view doc, const place& where) {
      rows.document(parser, doc, where);
      if (out.size() > (std::size_t{1} << 20)) {
        write_all(t.fd, out);
        out.clear();
      }
    });
  }
  write_all(t.fd, out);
  if (::lseek(t.fd, 0, SEEK_SET) != 0)
    throw std::system_error(errno, std::generic_category(), "cannot read the translated input");
  t.observations = rows.observations;
  return t;
}

auto translate_fhir_text(const std::vector<std::string>& documents) -> std::string {
  io::fhir_parser parser;
  document_reader reader;
  resource_index index;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < documents.size(); ++i)
    names.push_back(fmt::format("input {}", i + 1));
  for (std::size_t i = 0; i < documents.size(); ++i)
    reader.read(io::byte_source::from_memory(documents[i]), names[i],
                [&](std::string_view doc, const place& /*where*/) {
                  if (may_index(doc)) (void)parser.parse(doc, index);
                });
  std::string out = header_line();
  row_maker rows(index, out);
  for (std::size_t i = 0; i < documents.size(); ++i)
    reader.read(
        io::byte_source::from_memory(documents[i]), names[i],
        [&](std::string_view doc, const place& where) { rows.document(parser, doc, where); });
  return out;
}

}  // namespace anc::engine
