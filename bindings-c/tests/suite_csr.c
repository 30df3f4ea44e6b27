/* Both CSR corpora (tests/data/own, tests/data/pyca-csr) against their manifests: each file
 * gets exactly the codes and the verdict (accept, warning, reject) its manifest states. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static int cmp_text(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted, distinct codes of a findings array (or the one code of an error) as one
 * space-separated string. */
static void codes_text(const cJSON *findings, const char *error_code, char *out, size_t size) {
  const char *codes[256];
  int n = 0, i;
  const cJSON *f;
  if (error_code) codes[n++] = error_code;
  cJSON_ArrayForEach(f, findings) {
    if (n < 256 && str_at(f, "code")) codes[n++] = str_at(f, "code");
  }
  qsort(codes, (size_t)n, sizeof codes[0], cmp_text);
  out[0] = 0;
  for (i = 0; i < n; i++) {
    if (i > 0 && strcmp(codes[i], codes[i - 1]) == 0) continue;
    if (out[0]) strncat(out, " ", size - strlen(out) - 1);
    strncat(out, codes[i], size - strlen(out) - 1);
  }
}

static const char *verdict_of(const cJSON *findings) {
  const cJSON *f;
  if (cJSON_GetArraySize(findings) == 0) return "accept";
  cJSON_ArrayForEach(f, findings) {
    if (strcmp(str_at(f, "severity"), "error") == 0) return "reject";
  }
  return "warning";
}

static void check_file(const char *corpus, const cJSON *entry) {
  const char *file = str_at(entry, "file");
  const cJSON *expect = cJSON_GetObjectItemCaseSensitive(entry, "expect");
  char path[1024], got[2048], want[2048], id[1200];
  size_t len;
  uint8_t *data;
  ncpcert_buf out = {0};
  cJSON *doc;
  const char *verdict;
  int status;
  snprintf(path, sizeof path, "data/%s/%s", corpus, file);
  snprintf(id, sizeof id, "%s/%s", corpus, file);
  data = read_tests_file(path, &len);
  check(data != NULL, id, "unreadable");
  status = ncpcert_inspect_csr(data, len, &out);
  doc = parse_buf(&out);
  if (status == NCPCERT_OK) {
    const cJSON *findings = cJSON_GetObjectItemCaseSensitive(doc, "findings");
    codes_text(findings, NULL, got, sizeof got);
    verdict = verdict_of(findings);
  } else {
    check(status == NCPCERT_ERR_CSR, id, "status %d, want 0 or 3 (csr)", status);
    codes_text(NULL, str_at(doc, "code"), got, sizeof got);
    verdict = "reject";
  }
  {
    /* The manifest's codes, as the same sorted text. */
    cJSON *as_findings = cJSON_CreateArray();
    const cJSON *code;
    cJSON_ArrayForEach(code, cJSON_GetObjectItemCaseSensitive(expect, "codes")) {
      cJSON *f = cJSON_CreateObject();
      cJSON_AddStringToObject(f, "code", code->valuestring);
      cJSON_AddItemToArray(as_findings, f);
    }
    codes_text(as_findings, NULL, want, sizeof want);
    cJSON_Delete(as_findings);
  }
  check(strcmp(got, want) == 0 && strcmp(verdict, str_at(expect, "verdict")) == 0, id,
        "want %s [%s], got %s [%s]", str_at(expect, "verdict"), want, verdict, got);
  cJSON_Delete(doc);
  ncpcert_buf_free(&out);
  free(data);
}

static void check_corpus(const char *corpus) {
  char manifest[256];
  cJSON *doc;
  const cJSON *entry;
  int n = 0;
  snprintf(manifest, sizeof manifest, "data/%s/manifest.json", corpus);
  doc = load_json(manifest);
  cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(doc, "files")) {
    check_file(corpus, entry);
    n++;
  }
  check(n >= 20, corpus, "only %d files in the manifest", n);
  printf("CSR corpus %s: %d files\n", corpus, n);
  cJSON_Delete(doc);
}

void suite_csr_corpora(void) {
  check_corpus("own");
  check_corpus("pyca-csr");
}
