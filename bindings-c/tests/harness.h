/* A tiny test harness for the C suite: counters, file reading, JSON helpers (cJSON). */
#ifndef NCPCERT_TEST_HARNESS_H
#define NCPCERT_TEST_HARNESS_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "ncpcert.h"

/* Where the shared data lives: the repository's tests/ directory (argv[1]). */
extern const char *TESTS_DIR;

/* One named check: counts a pass or prints the failure (printf-style message). */
void check(int ok, const char *id, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int failures(void);
int passes(void);
void note_skip(const char *id, const char *why);
int skips(void);

/* A whole file (NUL-terminated too); *len gets its size. NULL when unreadable. Free it. */
uint8_t *read_file(const char *path, size_t *len);
/* tests/<relative>, as read_file. */
uint8_t *read_tests_file(const char *relative, size_t *len);
/* A JSON file under tests/, parsed. Aborts the run when unreadable. */
cJSON *load_json(const char *relative);
/* Standard base64 decoding; NULL on bad input. Free it. */
uint8_t *base64_decode(const char *text, size_t *len);

/* The JSON in a buffer, parsed (NULL when it is not JSON). */
cJSON *parse_buf(const ncpcert_buf *buf);
/* The string member `key` of `object`, or NULL. */
const char *str_at(const cJSON *object, const char *key);
/* A member of an object (NULL when absent). */
const cJSON *at(const cJSON *object, const char *key);
/* The member is that string / that number. */
int str_is(const cJSON *object, const char *key, const char *want);
int num_is(const cJSON *object, const char *key, double want);
/* The JSON in *out (NULL when it is not JSON), after checking the buffer's shape (NUL-terminated
 * at len, no NUL inside); frees it and checks that ncpcert_buf_free zeroed it. */
cJSON *take(const char *id, ncpcert_buf *out);
/* Does the findings array hold {code, field?, severity?}? NULL field/severity match any. */
int has_finding(const cJSON *findings, const char *code, const char *field, const char *severity);
/* Do two findings arrays hold the same (code, field, severity) triples, counted? */
int same_findings(const cJSON *got, const cJSON *want);
/* Equal JSON values, object key order included. */
int json_equal_ordered(const cJSON *a, const cJSON *b);

/* Is an error's code one of the core's table (ncpcert_error_codes), of that type, returned with
 * that status? A csr error carries a finding code; an api error NCP's own code (any). */
int code_in_table(const char *code, const char *type, int status);
/* Releases the table code_in_table read (once, at the end of the run). */
void free_code_table(void);

/* Seconds from a monotonic clock. */
double now_seconds(void);

/* The suites; each reads its vectors and reports through check(). */
void suite_signatures(void);
void suite_requests(void);
void suite_responses(void);
void suite_csr_corpora(void);
void suite_hostile(const char *cases_dir);
void suite_boundary(void);
void suite_threads(void);
void suite_lifecycle(void);
void suite_order(void);
void suite_keys(void);

#endif
