# data/admiral_cases.csv must be exactly what convert_admiral.py makes of the
# published cases (tests/data/realdata/admiral_neutrophil_cases.csv).
execute_process(
  COMMAND ${PYTHON} ${SOURCE_DIR}/tests/acceptance/convert_admiral.py
          ${SOURCE_DIR}/tests/data/realdata/admiral_neutrophil_cases.csv
  OUTPUT_VARIABLE converted RESULT_VARIABLE code)
file(READ ${SOURCE_DIR}/data/admiral_cases.csv committed)
if(NOT code EQUAL 0 OR NOT converted STREQUAL committed)
  message(FATAL_ERROR "data/admiral_cases.csv differs from a fresh conversion (exit ${code})")
endif()
