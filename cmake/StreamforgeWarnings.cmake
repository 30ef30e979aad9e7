# Warnings for streamforge's own targets (not for third-party code).
function(streamforge_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter
                         $<$<CXX_COMPILER_ID:GNU>:-Wno-missing-field-initializers>)
  # In a unity build a .cpp file is #included into the combined one, so GCC treats a class it
  # defines as if it came from a header and warns when that class holds a type from the file's
  # anonymous namespace -- which is exactly right for a .cpp file compiled on its own.
  if(CMAKE_UNITY_BUILD)
    target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-Wno-subobject-linkage>)
  endif()
endfunction()
