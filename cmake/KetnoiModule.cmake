# Helpers that declare KetNoi's libraries, programs and tests with explicit
# source lists, in the manner of Abseil's absl_cc_library.

# ketnoi_add_module(NAME <name> SRCS <files...> [DEPS <targets...>] [PUBLIC_DEPS <targets...>])
# Declares the static library ketnoi_<name>, aliased ketnoi::<name>. Includes start at src/.
function(ketnoi_add_module)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;PUBLIC_DEPS" ${ARGN})
  add_library(ketnoi_${ARG_NAME} STATIC ${ARG_SRCS})
  add_library(ketnoi::${ARG_NAME} ALIAS ketnoi_${ARG_NAME})
  target_include_directories(ketnoi_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(ketnoi_${ARG_NAME} PRIVATE ${KETNOI_WARNINGS})
  target_link_libraries(ketnoi_${ARG_NAME} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_DEPS})
endfunction()

# ketnoi_add_test(NAME <name> SRCS <files...> DEPS <targets...> LABELS <labels...>)
# Declares a GoogleTest program and registers it with CTest under the given labels.
function(ketnoi_add_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_compile_options(${ARG_NAME} PRIVATE ${KETNOI_WARNINGS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}"
    ENVIRONMENT "KETNOI_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
