# The one support library of the tests, the fuzzers and the benchmarks:
# temporary folders, running the built binary, the loopback HTTP server,
# invented papers and indexes of them (fixtures.hpp), and the real and
# generated corpora of the soak tests (corpora.hpp). No Catch2 in it.
# Included from the top CMakeLists.txt when any of the three is built.
add_library(aisys_test_support STATIC
  ${CMAKE_CURRENT_LIST_DIR}/support.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_server.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fixtures.cpp
  ${CMAKE_CURRENT_LIST_DIR}/corpora.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tcpsrv.cpp)
target_include_directories(aisys_test_support PUBLIC ${CMAKE_CURRENT_LIST_DIR} PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_include_directories(aisys_test_support SYSTEM PRIVATE ${XAPIAN_INCLUDE_DIR})
target_link_libraries(aisys_test_support PUBLIC aisys_core ZLIB::ZLIB Threads::Threads PRIVATE ${XAPIAN_LIBRARIES})
# Public: the tests use them too (AISYS_BINARY in a skip message, say).
target_compile_definitions(aisys_test_support PUBLIC
  AISYS_BINARY="$<TARGET_FILE:aisys-search>"
  AISYS_FIXTURES_DIR="${CMAKE_CURRENT_LIST_DIR}/fixtures"
  AISYS_INDEX_DIR="${PROJECT_SOURCE_DIR}/index"
  AISYS_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
add_dependencies(aisys_test_support aisys-search)
