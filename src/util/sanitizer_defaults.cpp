// Sanitizer defaults of the aisys-search binary in an AISYS_SANITIZE build
// (compiled into it only then; see the top-level CMakeLists.txt). The tests
// start the binary with a clean environment, so ASAN_OPTIONS cannot reach it:
// these make every report fatal and write it to AISYS_SANITIZER_LOG_DIR, where
// .ci/sanitize looks after the tests, whatever exit code a test expected.
// ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS given by hand still override them.

#if !defined(AISYS_SANITIZER_LOG_DIR) || !defined(AISYS_LSAN_SUPPRESSIONS)
#error "AISYS_SANITIZER_LOG_DIR and AISYS_LSAN_SUPPRESSIONS must be defined"
#endif

extern "C" {

// new_delete_type_mismatch=0 for Xapian's Database::check, as in .ci/sanitize.
const char* __asan_default_options() {
    return "halt_on_error=1:detect_leaks=1:print_stacktrace=1:new_delete_type_mismatch=0:log_path=" AISYS_SANITIZER_LOG_DIR
           "/aisys-search";
}

const char* __ubsan_default_options() {
    return "halt_on_error=1:print_stacktrace=1:log_path=" AISYS_SANITIZER_LOG_DIR "/aisys-search";
}

// The same leaks inside Debian's libraries are known as in the tests and the fuzzers.
const char* __lsan_default_options() { return "print_suppressions=0:suppressions=" AISYS_LSAN_SUPPRESSIONS; }

} // extern "C"
