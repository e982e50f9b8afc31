#include "engine/fhir_input.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "engine/batch_config.hpp"
#include "engine/input_file.hpp"
#include "engine/series.hpp"
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
    if (map_ != nullptr) ::munmap(const_cast<char*>(map_), map_size_);
    if (owned && fd >= 0) ::close(fd);
  }
  /// A plain regular file's bytes, mapped (empty if it is not one): read
  /// where they lie, not copied.
  [[nodiscard]] auto mapped() -> std::string_view {
    if (gzip || map_ != nullptr) return map_ != nullptr ? std::string_view(map_, map_size_) : "";
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return {};
    void* m = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) return {};
    ::madvise(m, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
    map_ = static_cast<const char*>(m);
    map_size_ = static_cast<std::size_t>(st.st_size);
    return {map_, map_size_};
  }
  const char* map_ = nullptr;
  std::size_t map_size_ = 0;
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
  /// `f(document, place, stable)`: `stable`, the document's bytes stay
  /// where they are until read() returns (a mapped file's).
  template <typename F>
  void read(io::byte_source source, const std::string& name, F&& f) {
    source_ = source;
    begin_ = end_ = 0;
    eof_ = false;
    scan(name, f);
  }
  /// The same over a file's bytes in memory (mapped): documents are views
  /// of them, but for one too near their end to have its padding, which is
  /// copied.
  template <typename F>
  void read_memory(std::string_view data, const std::string& name, F&& f) {
    mem_ = data.data();
    released_ = 0;
    begin_ = 0;
    end_ = data.size();
    eof_ = true;
    scan(name, f);
    mem_ = nullptr;
  }

 private:
  // A mapped file's pages read long ago are given back, so that memory
  // stays bounded however large the file: they are clean pages of a file,
  // so a document still being parsed there (one of the batches in flight,
  // a few MiB back) would only read them again from the page cache.
  static constexpr std::size_t release_step = std::size_t{64} << 20;
  static constexpr std::size_t release_margin = std::size_t{16} << 20;
  void release() {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t upto = (begin_ - release_margin) / page * page;
    if (upto <= released_) return;
    ::madvise(const_cast<char*>(mem_) + released_, upto - released_, MADV_DONTNEED);
    released_ = upto;
  }
  template <typename F>
  void emit(std::string_view doc, const place& where, F& f) {
    if (mem_ == nullptr) return f(doc, where, false);
    if (doc.data() + doc.size() + io::fhir_padding <= mem_ + end_) return f(doc, where, true);
    tail_.assign(doc);
    tail_.append(io::fhir_padding, ' ');
    f(std::string_view(tail_.data(), doc.size()), where, false);
  }
  template <typename F>
  void scan(const std::string& name, F& f) {
    bool first = true;
    std::uint64_t line = 0;
    bool ndjson = true;
    for (;;) {
      const char* base = mem_ != nullptr ? mem_ : buf_.data();
      const void* nl = end_ > begin_ ? std::memchr(base + begin_, '\n', end_ - begin_) : nullptr;
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
          // One document: all of it, from its first non-blank line, where
          // offsets count from.
          while (!eof_) fill();
          base = mem_ != nullptr ? mem_ : buf_.data();
          std::string_view whole(base + begin_, end_ - begin_);
          if (whole.starts_with("\xEF\xBB\xBF")) whole.remove_prefix(3);
          if (!trimmed(whole).empty()) emit(whole, place{&name, 0}, f);
          return;
        }
      }
      ++line;
      // Bulk-export files joined end to end may each start with a BOM.
      if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
      if (const std::string_view t = trimmed(text); !t.empty()) emit(t, place{&name, line}, f);
      if (nl == nullptr) return;
      begin_ = stop + 1;
      if (mem_ != nullptr && begin_ > released_ + release_step) release();
    }
  }

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
  const char* mem_ = nullptr;  ///< read_memory's bytes (page-aligned), else null
  std::size_t released_ = 0;   ///< mem_'s bytes before this are given back
  std::string tail_;           ///< a document near their end, padded
  std::vector<char> buf_;
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
};

/// A file's documents, from its mapping if it can be mapped.
template <typename F>
void read_documents(document_reader& reader, content& c, const std::string& name, F&& f) {
  if (const std::string_view bytes = c.mapped(); !bytes.empty())
    reader.read_memory(bytes, name, f);
  else
    reader.read(c.source(), name, f);
}

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
  /// The Patients by reference (open addressing, as series patients are:
  /// a bulk export's Observations each look one up).
  patient_table patient_refs;
  std::vector<patient_entry> patients;  ///< by patient_refs index
  [[nodiscard]] auto patient_of(std::string_view ref) const -> const patient_entry* {
    const auto i = patient_refs.find(ref, patient_table::hash(ref));
    return i ? &patients[*i] : nullptr;
  }
  std::unordered_map<std::string, report_entry> reports;  ///< by Observation reference
  bool birth_dates = false;

  void observation(const io::fhir_observation& /*o*/) override {}
  void patient(const io::fhir_patient& p) override {
    birth_dates = birth_dates || !p.birth_date.empty();
    for (const std::string& ref : p.refs) {
      const std::uint32_t i = patient_refs.intern(ref, patient_table::hash(ref));
      if (i == patients.size()) {
        patients.push_back({p.birth_date, {}});
      } else if (patients[i].birth_date != p.birth_date && patients[i].conflict.empty()) {
        patients[i].conflict = p.birth_date;
      }
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
    // The fields are kept from row to row, so that their strings are not
    // allocated again.
    auto& f = fields_;
    for (std::string& x : f) x.clear();
    const auto col = [&](fhir_column c) -> std::string& { return f[index_of(c)]; };
    col(fhir_column::resource_id) = o.id;
    col(fhir_column::subject) = o.subject;
    col(fhir_column::code) = o.code;
    col(fhir_column::value) = o.value;
    col(fhir_column::unit) = o.unit;
    col(fhir_column::lln) = o.lln;
    col(fhir_column::where) = where_text(o.entry);
    // A contradiction in what it needs: an error row if the run classifies
    // its code, as a missing value is (another test is skipped all the same).
    std::string& unusable = col(fhir_column::value_problem);
    // Its time: its own, else that of a report that lists it.
    const resource_index::report_entry* report = find_report(o);
    std::string& effective = col(fhir_column::effective);
    effective = o.effective;
    if (effective.empty() && report != nullptr) {
      if (!report->conflict.empty())
        unusable = fmt::format(
            "the Observation has no effective time, and the DiagnosticReports that list it "
            "give two: {} at \"{}\" and {}; which one is right cannot be told",
            report->report, report->effective, report->conflict);
      effective = report->effective;
    }
    const std::string patient = io::reference_key(o.subject);
    if (const resource_index::patient_entry* found = index_.patient_of(patient)) {
      col(fhir_column::birth_date) = found->birth_date;
      if (!found->conflict.empty())
        unusable = fmt::format(
            "{} is given two birth dates, \"{}\" and \"{}\"; which one is right cannot be told",
            patient, found->birth_date, found->conflict);
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
      col(fhir_column::problem) = o.malformed;
      unusable.clear();
    } else if (o.status == "entered-in-error" || o.status == "cancelled") {
      col(fhir_column::skip) = fmt::format("status {}", o.status);
      unusable.clear();
    } else if (unusable.empty()) {
      unusable = o.problem;
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
    if (index_.reports.empty()) return nullptr;
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
  std::array<std::string, fhir_column_names.size()> fields_;
};

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

/// The second pass on several threads: documents are copied into batches
/// of about a MiB, each batch is parsed into rows by a task with its own
/// parser, and the rows are written in batch order, a bounded number of
/// batches in flight.
class parallel_rows {
 public:
  parallel_rows(const resource_index& index, unsigned threads, int fd)
      : index_(index),
        max_in_flight_(2 * static_cast<std::size_t>(threads)),
        fd_(fd),
        threads_(threads) {}
  /// `stable`: the document's bytes stay until drain() (else it is copied).
  void add(std::string_view doc, const place& where, bool stable) {
    if (threads_ == 1) {  // no copy, no task
      single_.document(parser_, doc, where);
      flush_single(false);
      return;
    }
    if (stable) {
      current_.docs.push_back({doc.data(), 0, doc.size(), where});
    } else {
      current_.docs.push_back({nullptr, current_.text.size(), doc.size(), where});
      current_.text += doc;
      current_.text += '\n';
    }
    current_.bytes += doc.size();
    if (current_.bytes >= batch_bytes) submit();
  }
  /// Writes every document added so far.
  void drain() {
    if (threads_ == 1) return;
    if (!current_.docs.empty()) submit();
    while (!pending_.empty()) write_next();
  }
  void finish() {
    if (threads_ == 1) return flush_single(true);
    drain();
  }
  [[nodiscard]] auto observations() const noexcept -> std::uint64_t {
    return observations_ + single_.observations;
  }

 private:
  static constexpr std::size_t batch_bytes = std::size_t{1} << 20;
  struct doc_ref {
    const char* data;  ///< a stable document's bytes; null: at `offset` in the text
    std::size_t offset, size;
    place where;
  };
  struct batch {
    std::string text;  ///< the copied documents, each after a line end, padded at the end
    std::vector<doc_ref> docs;
    std::size_t bytes = 0;
  };
  struct result {
    std::string rows;
    std::uint64_t observations = 0;
  };
  void submit() {
    if (pending_.size() >= max_in_flight_) write_next();
    current_.text.append(io::fhir_padding, ' ');
    pending_.push_back(std::async(std::launch::async, [this, b = std::move(current_)] {
      result r;
      io::fhir_parser parser;
      row_maker rows(index_, r.rows);
      for (const doc_ref& d : b.docs)
        rows.document(parser,
                      d.data != nullptr ? std::string_view(d.data, d.size)
                                        : std::string_view(b.text).substr(d.offset, d.size),
                      d.where);
      r.observations = rows.observations;
      return r;
    }));
    current_ = {};
  }
  void write_next() {
    result r = pending_.front().get();
    pending_.pop_front();
    write_all(fd_, r.rows);
    observations_ += r.observations;
  }
  void flush_single(bool last) {
    if (!last && single_text_.size() < batch_bytes) return;
    write_all(fd_, single_text_);
    single_text_.clear();
  }

  const resource_index& index_;
  std::size_t max_in_flight_;
  int fd_;
  unsigned threads_;
  batch current_;
  std::deque<std::future<result>> pending_;
  std::uint64_t observations_ = 0;
  io::fhir_parser parser_;  ///< one thread's
  std::string single_text_;
  row_maker single_{index_, single_text_};
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
  // A bulk export's Observation line names its type first, and holds no
  // Patient or report (anc reads no contained resources).
  if (doc.starts_with(R"({"resourceType":"Observation")")) return false;
  // memmem, not string_view::find: find stops at every '"' of the line.
  const auto holds = [&](std::string_view word) {
    return ::memmem(doc.data(), doc.size(), word.data(), word.size()) != nullptr;
  };
  return holds("\"Patient\"") || holds("\"DiagnosticReport\"") || holds("\"Bundle\"");
}

}  // namespace

auto translate_fhir(const std::vector<fhir_source>& inputs, const std::vector<fhir_source>& tables,
                    unsigned threads) -> fhir_translation {
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
      read_documents(reader, *c, f.name, [&](std::string_view doc, const place&, bool) {
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
  write_all(t.fd, header_line());
  parallel_rows rows(index, std::max(1U, threads), t.fd);
  for (const source_file& f : input_files) {
    const auto c = open_content(f.path, f.name, f.fd);
    read_documents(reader, *c, f.name, [&](std::string_view doc, const place& where, bool stable) {
      rows.add(doc, where, stable);
    });
    rows.drain();  // before the file's bytes are unmapped
  }
  rows.finish();
  if (::lseek(t.fd, 0, SEEK_SET) != 0)
    throw std::system_error(errno, std::generic_category(), "cannot read the translated input");
  t.observations = rows.observations();
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
                [&](std::string_view doc, const place&, bool) {
                  if (may_index(doc)) (void)parser.parse(doc, index);
                });
  std::string out = header_line();
  row_maker rows(index, out);
  for (std::size_t i = 0; i < documents.size(); ++i)
    reader.read(
        io::byte_source::from_memory(documents[i]), names[i],
        [&](std::string_view doc, const place& where, bool) { rows.document(parser, doc, where); });
  return out;
}

}  // namespace anc::engine
