# On a terminal the verdict is coloured; NO_COLOR turns it off (SPEC §9).
# `script` runs anc on a pseudo-terminal and copies what it printed.
string(ASCII 27 esc)
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=NO_COLOR TERM=xterm ${SCRIPT} -qec "${ANC} 800 --age 8m" /dev/null
  OUTPUT_VARIABLE tty_out RESULT_VARIABLE code)
if(NOT code EQUAL 0 OR NOT tty_out MATCHES "${esc}\\[1;31mNEUTROPENIA")
  message(FATAL_ERROR "expected a red verdict on a terminal, got (${code}):\n${tty_out}")
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env NO_COLOR=1 TERM=xterm ${SCRIPT} -qec "${ANC} 800 --age 8m" /dev/null
  OUTPUT_VARIABLE plain_out RESULT_VARIABLE code)
if(NOT code EQUAL 0 OR plain_out MATCHES "${esc}" OR NOT plain_out MATCHES "NEUTROPENIA")
  message(FATAL_ERROR "expected no colour with NO_COLOR=1, got (${code}):\n${plain_out}")
endif()

# TERM=dumb (an Emacs shell, some CI logs) gets no colour either (issue 14).
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=NO_COLOR TERM=dumb ${SCRIPT} -qec "${ANC} 800 --age 8m" /dev/null
  OUTPUT_VARIABLE dumb_out RESULT_VARIABLE code)
if(NOT code EQUAL 0 OR dumb_out MATCHES "${esc}" OR NOT dumb_out MATCHES "NEUTROPENIA")
  message(FATAL_ERROR "expected no colour with TERM=dumb, got (${code}):\n${dumb_out}")
endif()
