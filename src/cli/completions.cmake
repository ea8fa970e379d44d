# Writes the three completion scripts of the built binary BIN into OUT_DIR
# (run by the aisys_completions target at build time).
file(MAKE_DIRECTORY "${OUT_DIR}")
foreach(pair "bash;aisys-search" "zsh;_aisys-search" "fish;aisys-search.fish")
  list(GET pair 0 shell)
  list(GET pair 1 name)
  execute_process(COMMAND "${BIN}" completion ${shell} --no-config OUTPUT_FILE "${OUT_DIR}/${name}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "aisys-search completion ${shell} failed")
  endif()
endforeach()
