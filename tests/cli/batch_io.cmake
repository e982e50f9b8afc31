# Output behaviours of `anc batch` that a golden file cannot show.
#   cmake -DANC=... -DWORK=scratch-dir -DSCRIPT=path-to-script(1) -P batch_io.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(input ${WORK}/in.csv)
file(WRITE ${input} "anc,unit,age\n800,/uL,8m\n1600,/uL,3y\n")

# -o: the file appears whole, stdout stays empty, no temporary file is left.
execute_process(COMMAND ${ANC} batch ${input} -o ${WORK}/out.csv
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${WORK}/out.csv written)
file(GLOB leftovers ${WORK}/*.anc-tmp-*)
if(NOT (code EQUAL 0))
  message(FATAL_ERROR "-o: exit ${code}, stderr ${err}")
endif()
if(NOT (out STREQUAL ""))
  message(FATAL_ERROR "-o: stdout not empty: ${out}")
endif()
if(NOT (written MATCHES "^anc,unit,age,anc_per_uL.*\n800,/uL,8m,800,,243,infant,1000,true,moderate,,,ok,\n1600,"))
  message(FATAL_ERROR "-o: wrong content: ${written}")
endif()
if(NOT (leftovers STREQUAL ""))
  message(FATAL_ERROR "-o: temporary file left: ${leftovers}")
endif()

# -o where it cannot be written: exit 2, a message, and nothing created.
execute_process(COMMAND ${ANC} batch ${input} -o ${WORK}/no/such/dir/out.csv
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT (code EQUAL 2))
  message(FATAL_ERROR "-o into a missing directory: exit ${code}")
endif()
if(NOT (err MATCHES "cannot create"))
  message(FATAL_ERROR "-o into a missing directory: message ${err}")
endif()

# A failed run leaves an existing -o file as it was.
file(WRITE ${WORK}/keep.csv "precious\n")
execute_process(COMMAND ${ANC} batch ${WORK}/missing.csv -o ${WORK}/keep.csv
                RESULT_VARIABLE code ERROR_VARIABLE err)
file(READ ${WORK}/keep.csv kept)
if(NOT (code EQUAL 2))
  message(FATAL_ERROR "failed run: exit ${code}")
endif()
if(NOT (kept STREQUAL "precious\n"))
  message(FATAL_ERROR "failed run replaced the -o file: ${kept}")
endif()

# A full disk: a message and a non-zero exit, never 0 after a truncated write.
if(EXISTS /dev/full)
  execute_process(COMMAND ${ANC} batch ${input} OUTPUT_FILE /dev/full
                  RESULT_VARIABLE code ERROR_VARIABLE err)
  if(code EQUAL 0)
    message(FATAL_ERROR "/dev/full: exit ${code}")
  endif()
  if(NOT (err MATCHES "No space left on device"))
    message(FATAL_ERROR "/dev/full: message ${err}")
  endif()
endif()

# `| head -1` on a long output ends quietly (SIGPIPE, no error flood).
set(rows "anc,unit,age\n")
foreach(i RANGE 2000)
  string(APPEND rows "800,/uL,8m\n1600,/uL,3y\n")
endforeach()
file(WRITE ${WORK}/big.csv "${rows}")
execute_process(COMMAND sh -c "'${ANC}' batch '${WORK}/big.csv' | head -1"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
if(NOT (err STREQUAL ""))
  message(FATAL_ERROR "| head -1: stderr should be empty: ${err}")
endif()
if(NOT (out MATCHES "^anc,unit,age,anc_per_uL"))
  message(FATAL_ERROR "| head -1: first line ${out}")
endif()

# --progress always reports rows on stderr; the default on a pipe is silent.
execute_process(COMMAND ${ANC} batch ${input} --progress always
                OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT (err MATCHES "anc: 2 rows"))
  message(FATAL_ERROR "--progress always: ${err}")
endif()
execute_process(COMMAND ${ANC} batch ${input} OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT (err STREQUAL ""))
  message(FATAL_ERROR "no progress on a pipe: ${err}")
endif()

# No input named and a terminal on stdin: say how, rather than wait; check
# names its own cases file, not batch's labs (issue 14).
if(SCRIPT)
  foreach(cmd_file "batch;labs.csv" "check;cases.csv")
    list(GET cmd_file 0 cmd)
    list(GET cmd_file 1 file)
    execute_process(COMMAND ${SCRIPT} -qec "${ANC} ${cmd}" /dev/null
                    OUTPUT_VARIABLE out RESULT_VARIABLE code)
    if(NOT (out MATCHES "no input: pass a CSV file, or pipe one in \\(anc ${cmd} - < ${file}\\)"))
      message(FATAL_ERROR "${cmd} with a terminal on stdin: ${out}")
    endif()
  endforeach()
endif()

# classify, check and rules write through std::cout: a full disk fails them too.
if(EXISTS /dev/full)
  foreach(cmd "800;--age;8m" "rules" "check;${WORK}/cases.csv")
    file(WRITE ${WORK}/cases.csv "anc,unit,age,expected_severity\n800,/uL,8m,moderate\n")
    execute_process(COMMAND ${ANC} ${cmd} OUTPUT_FILE /dev/full
                    RESULT_VARIABLE code ERROR_VARIABLE err)
    if(code EQUAL 0 OR NOT err MATCHES "write to standard output failed")
      message(FATAL_ERROR "anc ${cmd} > /dev/full: exit ${code}, stderr ${err}")
    endif()
  endforeach()
endif()

# Fails if a line of `text` is wider than `limit` columns.
function(check_help_width text limit what)
  string(REPLACE "\n" ";" lines "${text}")
  foreach(line IN LISTS lines)
    string(LENGTH "${line}" width)
    if(width GREATER limit)
      message(FATAL_ERROR "${what}: a help line wider than ${limit} columns: '${line}'")
    endif()
  endforeach()
endfunction()

# On a terminal, help is wrapped to its width at word boundaries (issue 14).
if(SCRIPT)
  execute_process(COMMAND ${SCRIPT} -qec "stty cols 60; ${ANC} batch --help" /dev/null
                  OUTPUT_VARIABLE out RESULT_VARIABLE code)
  string(REPLACE "\r" "" out "${out}")
  check_help_width("${out}" 60 "batch --help on a 60-column terminal")
  if(NOT (out MATCHES "\n  --threshold COUNT           Replace the age threshold for"))
    message(FATAL_ERROR "help on a 60-column terminal: ${out}")
  endif()
endif()

# Not on a terminal, help is 80 columns wide, whatever the command.
foreach(cmd "--help" "classify;--help" "batch;--help" "check;--help" "rules;--help")
  execute_process(COMMAND ${ANC} ${cmd} OUTPUT_VARIABLE out)
  check_help_width("${out}" 80 "anc ${cmd}")
endforeach()
