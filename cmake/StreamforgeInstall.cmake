# `cmake --install` produces a prefix that outside projects use through
# find_package(streamforge) (target streamforge::streamforge) or pkg-config streamforge.
include(CMakePackageConfigHelpers)

install(TARGETS streamforge EXPORT streamforgeTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/streamforge DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT streamforgeTargets NAMESPACE streamforge::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/streamforge)

configure_package_config_file(cmake/streamforgeConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/streamforgeConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/streamforge)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/streamforgeConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/streamforgeConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/streamforgeConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/streamforge)

# Relocatable: the prefix is found relative to the .pc file, so `cmake --install --prefix X` works.
file(RELATIVE_PATH STREAMFORGE_PC_TO_PREFIX "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig" "${CMAKE_INSTALL_PREFIX}")
configure_file(cmake/streamforge.pc.in ${CMAKE_CURRENT_BINARY_DIR}/streamforge.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/streamforge.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
