# Runs a command and checks both its exit code and its output, so that a test
# cannot pass on the right words from a failing run (PASS_REGULAR_EXPRESSION
# makes ctest ignore the exit code) or on any failure at all (WILL_FAIL).
#   cmake -DEXPECT_EXIT=<code> -DEXPECT_REGEX=<regex> -P expect_run.cmake -- <command> [args...]
# EXPECT_EXIT is the exact exit code wanted; EXPECT_REGEX must match stdout+stderr.
set(command "")
set(seen_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 0 ${last})
  if(seen_separator)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif("${CMAKE_ARGV${i}}" STREQUAL "--")
    set(seen_separator TRUE)
  endif()
endforeach()
if(NOT command OR NOT DEFINED EXPECT_EXIT OR NOT DEFINED EXPECT_REGEX)
  message(FATAL_ERROR "usage: cmake -DEXPECT_EXIT=N -DEXPECT_REGEX=RE -P expect_run.cmake -- COMMAND...")
endif()
execute_process(COMMAND ${command} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT "${code}" STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "expected exit code ${EXPECT_EXIT}, got '${code}'")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECT_REGEX}")
  message(FATAL_ERROR "the output does not match: ${EXPECT_REGEX}")
endif()
