#pragma once
// A property that fails must stop the fuzzer (or the corpus replay) loudly.
#include <cstdio>
#include <cstdlib>

#define ANC_FUZZ_CHECK(cond)                                                           \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)
