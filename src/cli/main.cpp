#include <iostream>

#include "cli/run.hpp"

auto main(int argc, char** argv) -> int {
  return anc::cli::run(argc, argv, std::cin, std::cout, std::cerr);
}
