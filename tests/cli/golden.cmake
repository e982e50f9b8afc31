# Runs the anc binary for one golden case and compares stdout, stderr and the
# exit code with the expected files. A script, because PASS_REGULAR_EXPRESSION
# would ignore the exit code.
#   cmake -DANC=path/to/anc -DCASE=tests/cli/cases/name -P golden.cmake
# With the environment variable ANC_UPDATE_GOLDEN=1 it writes what it got.

file(READ ${CASE}.args args_text)
string(REGEX REPLACE "\n$" "" args_text "${args_text}")
if(args_text STREQUAL "")
  set(args "")
else()
  string(REPLACE "\n" ";" args "${args_text}")
endif()

# A fixed, clean environment: no colour preference, a fixed "today".
set(env_args --unset=NO_COLOR ANC_TODAY=2026-11-23)
if(EXISTS ${CASE}.env)
  file(STRINGS ${CASE}.env env_lines)
  list(APPEND env_args ${env_lines})
endif()

set(input_args)
if(EXISTS ${CASE}.stdin)
  set(input_args INPUT_FILE ${CASE}.stdin)
endif()

# Cases run from tests/cli/ so that their arguments can name files in data/.
get_filename_component(cases_dir ${CASE} DIRECTORY)
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env ${env_args} ${ANC} ${args}
  ${input_args}
  WORKING_DIRECTORY ${cases_dir}/..
  OUTPUT_VARIABLE got_out
  ERROR_VARIABLE got_err
  RESULT_VARIABLE got_code)

if(DEFINED ENV{ANC_UPDATE_GOLDEN})
  file(WRITE ${CASE}.out "${got_out}")
  file(WRITE ${CASE}.err "${got_err}")
  file(WRITE ${CASE}.code "${got_code}\n")
  message(STATUS "updated ${CASE}")
  return()
endif()

set(failed FALSE)
foreach(part out err)
  set(want "")
  if(EXISTS ${CASE}.${part})
    file(READ ${CASE}.${part} want)
  endif()
  if(NOT got_${part} STREQUAL want)
    message("--- std${part}: expected\n${want}--- std${part}: got\n${got_${part}}---")
    set(failed TRUE)
  endif()
endforeach()
file(READ ${CASE}.code want_code)
string(STRIP "${want_code}" want_code)
if(NOT got_code STREQUAL want_code)
  message("--- exit code: expected ${want_code}, got ${got_code}")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "golden case ${CASE} failed (args: ${args})")
endif()
