#include <catch2/catch.hpp>
#include <string>

#include "anc/date.hpp"

using namespace anc;

TEST_CASE("ISO dates and date-times", "[date]") {
  auto [text, y, m, d] = GENERATE(table<std::string, int, int, int>({
      {"2024-02-29", 2024, 2, 29},
      {"2000-02-29", 2000, 2, 29},
      {"2148-08-16 00:00:00", 2148, 8, 16},
      {"2011-03-04T08:30:00+11:00", 2011, 3, 4},
      {"2011-03-04T08:30Z", 2011, 3, 4},
      {"2011-03-04T08:30:00.123", 2011, 3, 4},
      {"0001-01-01", 1, 1, 1},
  }));
  const date_result r = parse_date(text);
  INFO(text);
  REQUIRE(r);
  CHECK(r.value == date{y, m, d});
}

TEST_CASE("dates that do not exist are refused", "[date]") {
  auto [text, ec] = GENERATE(table<std::string, date_error>({
      {"", date_error::empty},
      {"2023-02-29", date_error::no_such_day},
      {"1900-02-29", date_error::no_such_day},
      {"2026-02-30", date_error::no_such_day},
      {"2026-13-01", date_error::no_such_day},
      {"2026-00-10", date_error::no_such_day},
      {"0000-01-01", date_error::out_of_range},
      {"3/5/94 0:00", date_error::bad_format},
      {"2026-1-5", date_error::bad_format},
      {"20260105", date_error::bad_format},
      {"2026-01-05x", date_error::bad_format},
      {"2026-01-05 25:00", date_error::bad_format},
  }));
  INFO(text);
  CHECK(parse_date(text).ec == ec);
}

TEST_CASE("days_from_civil and civil_from_days are inverse", "[date]") {
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(days_from_civil({2000, 3, 1}) - days_from_civil({2000, 2, 28}) == 2);
  for (std::int64_t z = -800'000; z <= 3'000'000; z += 997) {
    CHECK(days_from_civil(civil_from_days(z)) == z);
  }
}

TEST_CASE("birthdays: 29 February falls on 1 March in common years", "[date]") {
  CHECK(birthday({2020, 2, 29}, 1) == date{2021, 3, 1});
  CHECK(birthday({2020, 2, 29}, 4) == date{2024, 2, 29});
  CHECK(birthday({2019, 3, 1}, 1) == date{2020, 3, 1});
}
