/* The shared helpers of the C suite (see harness.h). */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *TESTS_DIR = "tests";

static int passed_count, failed_count, skipped_count;

void check(int ok, const char *id, const char *fmt, ...) {
  va_list args;
  if (ok) {
    passed_count++;
    return;
  }
  failed_count++;
  printf("FAIL %s: ", id);
  va_start(args, fmt);
  vprintf(fmt, args);
  va_end(args);
  printf("\n");
}

int failures(void) { return failed_count; }
int passes(void) { return passed_count; }
int skips(void) { return skipped_count; }

void note_skip(const char *id, const char *why) {
  skipped_count++;
  printf("skip %s: %s\n", id, why);
}

uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  uint8_t *data = NULL;
  long size;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    data = malloc((size_t)size + 1);
    if (data && fread(data, 1, (size_t)size, f) == (size_t)size) {
      data[size] = 0;
      *len = (size_t)size;
    } else {
      free(data);
      data = NULL;
    }
  }
  fclose(f);
  return data;
}

uint8_t *read_tests_file(const char *relative, size_t *len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", TESTS_DIR, relative);
  return read_file(path, len);
}

cJSON *load_json(const char *relative) {
  size_t len;
  uint8_t *text = read_tests_file(relative, &len);
  cJSON *doc = text ? cJSON_ParseWithLength((const char *)text, len) : NULL;
  free(text);
  if (!doc) {
    printf("FATAL: cannot read %s/%s as JSON\n", TESTS_DIR, relative);
    exit(2);
  }
  return doc;
}

static int b64_value(int c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

uint8_t *base64_decode(const char *text, size_t *len) {
  size_t n = strlen(text), out_len = 0, i;
  uint8_t *out = malloc(n / 4 * 3 + 3);
  unsigned acc = 0;
  int bits = 0;
  if (!out) return NULL;
  for (i = 0; i < n && text[i] != '='; i++) {
    int v = b64_value((unsigned char)text[i]);
    if (v < 0) {
      free(out);
      return NULL;
    }
    acc = (acc << 6) | (unsigned)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[out_len++] = (uint8_t)(acc >> bits);
    }
  }
  *len = out_len;
  return out;
}

cJSON *parse_buf(const ncpcert_buf *buf) {
  if (!buf->data) return NULL;
  return cJSON_ParseWithLength((const char *)buf->data, buf->len);
}

const char *str_at(const cJSON *object, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
  return cJSON_IsString(item) ? item->valuestring : NULL;
}

const cJSON *at(const cJSON *object, const char *key) { return cJSON_GetObjectItemCaseSensitive(object, key); }

int str_is(const cJSON *object, const char *key, const char *want) {
  const char *got = str_at(object, key);
  return got && strcmp(got, want) == 0;
}

int num_is(const cJSON *object, const char *key, double want) {
  const cJSON *item = at(object, key);
  return cJSON_IsNumber(item) && item->valuedouble == want;
}

cJSON *take(const char *id, ncpcert_buf *out) {
  cJSON *doc = parse_buf(out);
  check(out->data == NULL || (out->data[out->len] == 0 && strlen((const char *)out->data) == out->len), id,
        "the buffer is not NUL-terminated at len, or holds a NUL");
  ncpcert_buf_free(out);
  check(out->data == NULL && out->len == 0, id, "the buffer is not zeroed after ncpcert_buf_free");
  return doc;
}

static int same_text(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

int has_finding(const cJSON *findings, const char *code, const char *field, const char *severity) {
  const cJSON *f;
  cJSON_ArrayForEach(f, findings) {
    if (same_text(str_at(f, "code"), code) && (!field || same_text(str_at(f, "field"), field)) &&
        (!severity || same_text(str_at(f, "severity"), severity)))
      return 1;
  }
  return 0;
}

static int count_finding(const cJSON *findings, const cJSON *like) {
  int n = 0;
  const cJSON *f;
  cJSON_ArrayForEach(f, findings) {
    n += same_text(str_at(f, "code"), str_at(like, "code")) &&
         same_text(str_at(f, "field"), str_at(like, "field")) &&
         same_text(str_at(f, "severity"), str_at(like, "severity"));
  }
  return n;
}

int same_findings(const cJSON *got, const cJSON *want) {
  const cJSON *f;
  if (!cJSON_IsArray(got) || !cJSON_IsArray(want)) return 0;
  if (cJSON_GetArraySize(got) != cJSON_GetArraySize(want)) return 0;
  cJSON_ArrayForEach(f, want) {
    if (count_finding(got, f) != count_finding(want, f)) return 0;
  }
  return 1;
}

int json_equal_ordered(const cJSON *a, const cJSON *b) {
  char *ta = cJSON_PrintUnformatted(a), *tb = cJSON_PrintUnformatted(b);
  int same = ta && tb && strcmp(ta, tb) == 0;
  free(ta);
  free(tb);
  return same;
}

double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The table of ncpcert_error_codes, read on first use (the suites that check errors run on the
 * main thread only). */
static cJSON *code_table;

int code_in_table(const char *code, const char *type, int status) {
  const cJSON *row;
  if (!code || !type) return 0;
  if (!code_table) {
    ncpcert_buf out = {0};
    if (ncpcert_error_codes(&out) != NCPCERT_OK) {
      ncpcert_buf_free(&out);
      return 0;
    }
    code_table = parse_buf(&out);
    ncpcert_buf_free(&out);
    if (!code_table) return 0;
  }
  if (strcmp(type, "api") == 0) return status == NCPCERT_ERR_API;
  if (strcmp(type, "csr") == 0) {
    cJSON_ArrayForEach(row, at(code_table, "findings")) {
      if (str_is(row, "code", code)) return status == NCPCERT_ERR_CSR;
    }
    return 0;
  }
  cJSON_ArrayForEach(row, at(code_table, "errors")) {
    if (str_is(row, "code", code)) return str_is(row, "type", type) && num_is(row, "status", status);
  }
  return 0;
}

void free_code_table(void) {
  cJSON_Delete(code_table);
  code_table = NULL;
}
