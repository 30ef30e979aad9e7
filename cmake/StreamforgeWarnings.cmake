# Warnings for streamforge's own targets (not for third-party code).
function(streamforge_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter
                         $<$<CXX_COMPILER_ID:GNU>:-Wno-missing-field-initializers>)
endfunction()
