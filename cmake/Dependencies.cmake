# Every dependency comes from Debian 12 packages (tools/packages.txt).
# Nothing is downloaded at configure or build time.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SDL2 REQUIRED)
find_package(OpenGL REQUIRED)
find_package(Freetype REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)

pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(FONTCONFIG REQUIRED IMPORTED_TARGET fontconfig)
pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)
pkg_check_modules(TESSERACT REQUIRED IMPORTED_TARGET tesseract lept)
pkg_check_modules(SANE REQUIRED IMPORTED_TARGET sane-backends)

# Data and sync (offline-cache/, central/): SQLite, libcurl, libsodium, cpp-httplib.
# Debian's cpp-httplib is a compiled library built with OpenSSL (its .pc adds
# -DCPPHTTPLIB_OPENSSL_SUPPORT), so the reference server can serve TLS.
find_package(SQLite3 REQUIRED)
find_package(CURL REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# kiosk-central's production store (central/sql_postgres.cpp).
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)

# Codes and receipts (drivers/codes, drivers/printer): ZXing-cpp 1.4, libturbojpeg
# for MJPEG camera frames, stb (stb_image, stb_image_write, compiled in libstb).
find_package(ZXing REQUIRED)
pkg_check_modules(TURBOJPEG REQUIRED IMPORTED_TARGET libturbojpeg)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
# libpng: screenshots and the tour (its fast mode; stb's PNG writer is slow).
find_package(PNG REQUIRED)

# libimgui.a is static and already holds the SDL2/OpenGL3 backends: its own
# dependencies must follow it on the link line, so attach them to the target.
target_link_libraries(PkgConfig::IMGUI INTERFACE SDL2::SDL2 OpenGL::GL Freetype::Freetype ${CMAKE_DL_LIBS})
target_include_directories(PkgConfig::IMGUI INTERFACE /usr/include/imgui/backends)

# tests/bench/central_bench uses the test support too (also in the release build).
if(KIOSK_BUILD_TESTS OR KIOSK_BUILD_BENCH)
  find_package(GTest REQUIRED)
endif()
