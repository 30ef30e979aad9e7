# Third-party dependencies, all from Debian 12 packages (see setup.sh).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
  libavformat>=59 libavcodec>=59 libavfilter>=8 libavutil>=57 libswscale>=6 libswresample>=4)
# zimg (libzimg-dev): the ladder's 4:2:0 resizes (less CPU than swscale for most rung sizes).
pkg_check_modules(ZIMG REQUIRED IMPORTED_TARGET zimg>=3)
find_package(OpenSSL REQUIRED)  # libcrypto: AES for src/crypto (PRIVATE to the shared library)
# Boost 1.81 (Debian's libboost1.81-dev, beside the default 1.74): header-only Beast/Asio for
# src/net and the example servers (message_generator needs 1.80+). No compiled Boost library.
find_package(Boost 1.81 REQUIRED CONFIG)
# src/metadata: SQLite (embedded default) and libpq (PostgreSQL; optional), both PRIVATE.
find_package(SQLite3 REQUIRED)
pkg_check_modules(LIBPQ QUIET IMPORTED_TARGET libpq)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 QUIET)
if(NOT CLI11_FOUND)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()
