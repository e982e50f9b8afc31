#include <isa-l/igzip_lib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "io/gzip_input.hpp"
#include "test_random.hpp"

using anc::io::gzip_decoder;

namespace {

/// One gzip member holding `content` (compressed by ISA-L's deflate: the
/// decoder under test never compresses).
auto gzip_member(const std::string& content) -> std::string {
  std::string out(content.size() + content.size() / 2 + 1024, '\0');
  isal_zstream z{};
  isal_deflate_stateless_init(&z);
  z.gzip_flag = IGZIP_GZIP;
  z.end_of_stream = 1;
  z.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(content.data()));
  z.avail_in = static_cast<std::uint32_t>(content.size());
  z.next_out = reinterpret_cast<std::uint8_t*>(out.data());
  z.avail_out = static_cast<std::uint32_t>(out.size());
  REQUIRE(isal_deflate_stateless(&z) == COMP_OK);
  out.resize(out.size() - z.avail_out);
  return out;
}

/// A file holding `bytes`, open for reading from its start.
struct temp_input {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{std::tmpfile(), &std::fclose};
  explicit temp_input(const std::string& bytes) {
    REQUIRE(file);
    REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), file.get()) == bytes.size());
    std::fflush(file.get());
    REQUIRE(::lseek(fd(), 0, SEEK_SET) == 0);
  }
  [[nodiscard]] auto fd() const -> int { return fileno(file.get()); }
};

struct inflated {
  std::string content;
  bool ok = true;
  std::string problem;
};

/// Everything the decoder gives for `bytes`, in reads of at most `n` bytes
/// from a file read at most `max_read` bytes at a time; the first
/// `already` bytes are handed over as read already.
auto inflate_all(const std::string& bytes, std::size_t n, std::size_t max_read,
                 std::size_t already = 0) -> inflated {
  temp_input in(bytes.substr(already));
  gzip_decoder d(in.fd(), std::string_view(bytes).substr(0, already), max_read);
  inflated r;
  std::string buffer(n, '\0');
  for (;;) {
    const long got = d.read(buffer.data(), n);
    if (got < 0) {
      r.ok = false;
      CHECK(errno == EBADMSG);
      r.problem = d.problem();
      return r;
    }
    if (got == 0) return r;
    r.content.append(buffer.data(), static_cast<std::size_t>(got));
  }
}

}  // namespace

TEST_CASE("gzip content comes out whole, however it is read and split in members", "[gzip]") {
  anc::test::lcg rng(2026);
  for (int round = 0; round < 40; ++round) {
    std::string content, file;
    const unsigned members = 1 + rng.next() % 3;
    for (unsigned m = 0; m < members; ++m) {
      const std::size_t size =
          round < 3 ? static_cast<std::size_t>(round) * 10 : rng.next() % 300'000;
      std::string part;
      // Text-like bytes that compress, with stretches of noise that do not.
      for (std::size_t i = 0; i < size; ++i)
        part += rng.next() % 50 == 0 ? static_cast<char>(rng.next() % 256)
                                     : "patient,2024-01-01,1500\n"[i % 24];
      content += part;
      file += gzip_member(part);
    }
    const std::size_t n = std::array<std::size_t, 4>{1, 100, 65536, 1 << 20}[rng.next() % 4];
    const std::size_t max_read = std::array<std::size_t, 3>{1, 999, SIZE_MAX}[rng.next() % 3];
    const std::size_t already = std::min<std::size_t>(file.size(), rng.next() % 3);
    const inflated r = inflate_all(file, n, max_read, already);
    INFO("round " << round << " members " << members << " n " << n << " max_read " << max_read);
    CHECK(r.ok);
    CHECK(r.content == content);
  }
}

TEST_CASE("truncated gzip data is an error, never an early end", "[gzip]") {
  const std::string first = gzip_member("a,b\n1,2\n"), second = gzip_member("3,4\n");
  const std::string file = first + second;
  for (std::size_t cut = 1; cut < file.size(); ++cut) {
    const inflated r = inflate_all(file.substr(0, cut), 4096, 7);
    INFO("cut at " << cut);
    if (cut == first.size()) {
      // A whole first member is a complete gzip file.
      CHECK(r.ok);
      CHECK(r.content == "a,b\n1,2\n");
    } else {
      CHECK_FALSE(r.ok);
    }
  }
}

TEST_CASE("bytes after gzip data, or a wrong checksum, are errors", "[gzip]") {
  const std::string member = gzip_member("a,b\n1,2\n");
  for (const std::string& tail :
       std::vector<std::string>{"x", "\x1f", "junk\n", std::string(8, '\0')}) {
    const inflated r = inflate_all(member + tail, 4096, SIZE_MAX);
    CHECK_FALSE(r.ok);
    CHECK(r.problem.find("not gzip data") != std::string::npos);
  }
  std::string corrupt = member;
  corrupt[corrupt.size() - 6] ^= 0x55;  // inside the CRC-32
  const inflated r = inflate_all(corrupt, 4096, SIZE_MAX);
  CHECK_FALSE(r.ok);
  CHECK(r.problem.find("checksum") != std::string::npos);
}

TEST_CASE("the gzip magic", "[gzip]") {
  CHECK(anc::io::is_gzip_magic("\x1f\x8b\x08"));
  CHECK_FALSE(anc::io::is_gzip_magic("\x1f"));
  CHECK_FALSE(anc::io::is_gzip_magic("anc,age\n"));
}
