# fs_component(NAME SOURCES ... DEPS ... TESTS ... TEST_DEPS ...)
# Declares the static library fs_<NAME> and, when TESTS are given, the test binary <NAME>_test
# whose cases are registered with CTest (discovered when the tests run, not at build time).
# Heavy headers are compiled once, into two shared precompiled headers: one for libraries, one
# (adding GoogleTest) for test binaries. Every component target reuses them.
set(FS_PCH_HEADERS <algorithm> <chrono> <functional> <map> <memory> <optional> <string>
    <string_view> <vector> <nlohmann/json.hpp> <spdlog/spdlog.h>)
file(WRITE ${CMAKE_BINARY_DIR}/fs_pch.cc "")
add_library(fs_pch OBJECT ${CMAKE_BINARY_DIR}/fs_pch.cc)
target_link_libraries(fs_pch PUBLIC nlohmann_json::nlohmann_json spdlog::spdlog fmt::fmt)
target_precompile_headers(fs_pch PRIVATE ${FS_PCH_HEADERS})
add_library(fs_test_pch OBJECT ${CMAKE_BINARY_DIR}/fs_pch.cc)
target_link_libraries(fs_test_pch PUBLIC nlohmann_json::nlohmann_json spdlog::spdlog fmt::fmt
                      GTest::gtest GTest::gmock)
target_precompile_headers(fs_test_pch PRIVATE ${FS_PCH_HEADERS} <gtest/gtest.h> <gmock/gmock.h>)

function(fs_component name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;TESTS;TEST_DEPS" ${ARGN})
  add_library(fs_${name} STATIC ${ARG_SOURCES})
  target_include_directories(fs_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(fs_${name} PUBLIC ${ARG_DEPS})
  target_precompile_headers(fs_${name} REUSE_FROM fs_pch)
  if(ARG_TESTS)
    add_executable(${name}_test ${ARG_TESTS})
    target_link_libraries(${name}_test PRIVATE fs_${name} ${ARG_TEST_DEPS} GTest::gmock GTest::gtest_main)
    target_precompile_headers(${name}_test REUSE_FROM fs_test_pch)
    gtest_discover_tests(${name}_test
      DISCOVERY_MODE PRE_TEST
      NO_PRETTY_VALUES
      DISCOVERY_TIMEOUT 60
      # One variable per property: gtest_discover_tests splits a list value into separate
      # properties, so ENVIRONMENT "A=…;B=…" would set only A.
      PROPERTIES ENVIRONMENT "FORMSENDER_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
                 ENVIRONMENT_MODIFICATION "FORMSENDER_BINARY=set:$<TARGET_FILE:formsender>"
                 TIMEOUT 300)
  endif()
endfunction()

# fs_embed_files(OUTPUT_CC NAMESPACE SYMBOL FILES ...)
# Generates a .cc that defines `const std::vector<EmbeddedFile>& NAMESPACE::SYMBOL()` holding the
# bytes of each file, keyed by its path relative to the current source dir.
function(fs_embed_files out_cc namespace symbol)
  set(files ${ARGN})
  set(deps)
  foreach(f ${files})
    list(APPEND deps ${CMAKE_CURRENT_SOURCE_DIR}/${f})
  endforeach()
  add_custom_command(
    OUTPUT ${out_cc}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_cc} -DNAMESPACE=${namespace} -DSYMBOL=${symbol}
            -DBASE=${CMAKE_CURRENT_SOURCE_DIR} "-DFILES=${files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${deps} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    VERBATIM)
endfunction()
