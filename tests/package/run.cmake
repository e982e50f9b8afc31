# Installs anc into a scratch prefix, then configures, builds and runs a
# consumer that does find_package(anc) and links anc::core.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
foreach(step
    "${CMAKE_COMMAND};-S;${SOURCE_DIR};-B;${WORK_DIR}/anc;-G;${GENERATOR};-DANC_BUILD_TESTS=OFF;-DCMAKE_BUILD_TYPE=Release;-DCMAKE_INSTALL_PREFIX=${prefix}"
    "${CMAKE_COMMAND};--build;${WORK_DIR}/anc;-j2"
    "${CMAKE_COMMAND};--install;${WORK_DIR}/anc"
    "${CMAKE_COMMAND};-S;${SOURCE_DIR}/tests/package;-B;${WORK_DIR}/consumer;-G;${GENERATOR};-DCMAKE_PREFIX_PATH=${prefix}"
    "${CMAKE_COMMAND};--build;${WORK_DIR}/consumer"
    "${WORK_DIR}/consumer/consumer")
  execute_process(COMMAND ${step} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "step failed (${code}): ${step}\n${out}")
  endif()
endforeach()
message(STATUS "consumer printed: ${out}")
