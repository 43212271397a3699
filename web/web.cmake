# The dashboard (web/): bundled by esbuild and embedded in the dyad binary, so
# `dyad serve` stays one file with nothing to install beside it
# (docs/architecture.md). Needs web/node_modules (`npm ci` in web/, which
# scripts/setup.sh and scripts/test.sh run); without it dyad is built with no
# dashboard and `/` says how to get one.
set(DYAD_WEB_OUT ${CMAKE_BINARY_DIR}/web)
set(DYAD_WEB_ASSETS ${DYAD_WEB_OUT}/web_assets.cc)
file(MAKE_DIRECTORY ${DYAD_WEB_OUT})
find_program(DYAD_NODE NAMES node nodejs)
if(DYAD_NODE AND EXISTS ${CMAKE_SOURCE_DIR}/web/node_modules/esbuild/package.json)
  file(GLOB_RECURSE DYAD_WEB_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/src/*)
  add_custom_command(
    OUTPUT ${DYAD_WEB_ASSETS}
    COMMAND ${DYAD_NODE} ${CMAKE_SOURCE_DIR}/web/build.mjs --out ${DYAD_WEB_OUT}/dist --embed ${DYAD_WEB_ASSETS}
    DEPENDS ${DYAD_WEB_SOURCES} ${CMAKE_SOURCE_DIR}/web/build.mjs ${CMAKE_SOURCE_DIR}/web/package-lock.json
    COMMENT "Bundling the dashboard (esbuild)"
    VERBATIM)
  set(DYAD_WEB_BUILT ON)
else()
  message(STATUS "dyad: web/node_modules is missing, so dyad serve will have no dashboard (run scripts/setup.sh)")
  file(WRITE ${DYAD_WEB_ASSETS}.tmp
       "// No dashboard: web/node_modules was missing when CMake ran.\n#include \"dyad/dashboard.h\"\n"
       "namespace dyad {\nconst std::vector<WebAsset>& EmbeddedWebAssets() {\n"
       "  static const std::vector<WebAsset> none;\n  return none;\n}\n}  // namespace dyad\n")
  configure_file(${DYAD_WEB_ASSETS}.tmp ${DYAD_WEB_ASSETS} COPYONLY)
  set(DYAD_WEB_BUILT OFF)
endif()
target_sources(dyad PRIVATE ${DYAD_WEB_ASSETS})

# The dashboard's tests: pure functions in node, then every view in headless
# chromium against a real `dyad serve` (skipped, exit 77, without chromium or
# the shared data). Not in sanitizer builds: they test the page, and the
# server's code is covered by dyad_tests there.
if(DYAD_BUILD_TESTS AND DYAD_WEB_BUILT AND NOT DYAD_SANITIZE)
  enable_testing()
  add_test(NAME dashboard_units COMMAND ${DYAD_NODE} ${CMAKE_SOURCE_DIR}/web/test/units.test.mjs)
  add_test(NAME dashboard_browser COMMAND ${DYAD_NODE} ${CMAKE_SOURCE_DIR}/web/test/browser.test.mjs)
  set_tests_properties(dashboard_browser PROPERTIES
    ENVIRONMENT "DYAD_BIN=$<TARGET_FILE:dyad>;DYAD_SCREENSHOTS=${CMAKE_BINARY_DIR}/screenshots;DYAD_SHARED_DIR=${CMAKE_SOURCE_DIR}/../shared"
    SKIP_RETURN_CODE 77 TIMEOUT 300 RUN_SERIAL TRUE)
endif()
