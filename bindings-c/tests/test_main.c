/* The C suite of the ncpcert C ABI. Usage: test_ncpcert TESTS_DIR HOSTILE_CASES_DIR
 * (the repository's tests/ and the output of hostile_inputs.py). */
#include <stdio.h>

#include "harness.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s TESTS_DIR HOSTILE_CASES_DIR\n", argv[0]);
    return 2;
  }
  TESTS_DIR = argv[1];
  printf("ncpcert %s\n", ncpcert_version());
  suite_boundary();
  suite_threads();
  suite_signatures();
  suite_requests();
  suite_responses();
  suite_lifecycle();
  suite_order();
  suite_csr_corpora();
  suite_keys();
  suite_hostile(argv[2]);
  free_code_table();
  if (skips()) printf("%d checks skipped (listed above)\n", skips());
  printf("%d passed, %d failed\n", passes(), failures());
  return failures() == 0 ? 0 : 1;
}
