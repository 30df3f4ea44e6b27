/* Keys and CSRs: ncpcert_generate_key with entropy from /dev/urandom and ncpcert_make_csr,
 * judged by the openssl command (pkey -check, req -verify, the CSR's text); the errors'
 * statuses, codes and findings; no error holds the key. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static int urandom(uint8_t *out, size_t len) {
  FILE *f = fopen("/dev/urandom", "rb");
  size_t got;
  if (!f) return 0;
  got = fread(out, 1, len, f);
  fclose(f);
  return got == len;
}

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

/* What `openssl ARGS -in PATH` prints (stdout and stderr); free it. */
static char *openssl_says(const char *args, const char *path) {
  char out_path[256], command[1024];
  size_t len;
  uint8_t *text;
  snprintf(out_path, sizeof out_path, "%s.out", path);
  snprintf(command, sizeof command, "openssl %s -in '%s' >'%s' 2>&1", args, path, out_path);
  if (system(command) == -1) return NULL;
  text = read_file(out_path, &len);
  remove(out_path);
  return (char *)text;
}

/* A 16-character slice of the key's base64 body (its third line). */
static void key_slice(const char *pem, char *out) {
  const char *line = pem;
  int i;
  for (i = 0; i < 2 && line; i++) {
    line = strchr(line, '\n');
    if (line) line++;
  }
  out[0] = 0;
  if (line && strlen(line) > 16) {
    memcpy(out, line, 16);
    out[16] = 0;
  }
}

static void check_algorithm(const char *algorithm, const char *want_key_text, const char *want_sig) {
  uint8_t entropy[32];
  ncpcert_buf out = {0};
  cJSON *key_doc, *csr_doc, *names;
  char path[256], csr_path[256], id[64], *text, *names_json;
  const char *pem;
  int status;
  snprintf(id, sizeof id, "keys/%s", algorithm);
  check(urandom(entropy, sizeof entropy), id, "cannot read /dev/urandom");
  status = ncpcert_generate_key((const uint8_t *)algorithm, strlen(algorithm), entropy, sizeof entropy, &out);
  check(status == NCPCERT_OK, id, "generate_key status %d", status);
  key_doc = take(id, &out);
  check(key_doc != NULL && cJSON_IsString(key_doc), id, "the key is not a JSON string");
  if (!key_doc || !cJSON_IsString(key_doc)) {
    cJSON_Delete(key_doc);
    return;
  }
  pem = key_doc->valuestring;
  check(strncmp(pem, "-----BEGIN PRIVATE KEY-----\n", 28) == 0, id, "not PKCS#8 PEM");
  snprintf(path, sizeof path, "/tmp/ncpcert-c-key-%ld-%s.pem", (long)getpid(), algorithm);
  write_text(path, pem);
  text = openssl_says("pkey -check -noout -text", path);
  check(text && (strstr(text, "RSA key ok") || strstr(text, "Key is valid")), id, "openssl pkey -check: %s",
        text ? text : "(no output)");
  check(text && strstr(text, want_key_text) != NULL, id, "want %s in: %s", want_key_text, text ? text : "");
  free(text);

  names = cJSON_CreateArray();
  cJSON_AddItemToArray(names, cJSON_CreateString("www.example.com"));
  cJSON_AddItemToArray(names, cJSON_CreateString("example.com"));
  names_json = cJSON_PrintUnformatted(names);
  status = ncpcert_make_csr((const uint8_t *)pem, strlen(pem), (const uint8_t *)names_json, strlen(names_json), &out);
  check(status == NCPCERT_OK, id, "make_csr status %d", status);
  csr_doc = take(id, &out);
  check(csr_doc != NULL && cJSON_IsString(csr_doc), id, "the CSR is not a JSON string");
  if (csr_doc && cJSON_IsString(csr_doc)) {
    snprintf(csr_path, sizeof csr_path, "/tmp/ncpcert-c-csr-%ld-%s.pem", (long)getpid(), algorithm);
    write_text(csr_path, csr_doc->valuestring);
    text = openssl_says("req -verify -noout -text", csr_path);
    check(text && strstr(text, "verify OK") != NULL, id, "openssl req -verify: %s", text ? text : "");
    check(text && strstr(text, "DNS:www.example.com, DNS:example.com") != NULL, id, "names: %s", text ? text : "");
    check(text && strstr(text, "CN = www.example.com") != NULL, id, "subject: %s", text ? text : "");
    check(text && strstr(text, want_sig) != NULL, id, "want %s: %s", want_sig, text ? text : "");
    free(text);
    remove(csr_path);
    /* The core's inspection finds nothing in it. */
    status = ncpcert_inspect_csr((const uint8_t *)csr_doc->valuestring, strlen(csr_doc->valuestring), &out);
    {
      cJSON *report = take(id, &out);
      check(status == NCPCERT_OK && report && cJSON_GetArraySize(at(report, "findings")) == 0, id,
            "inspect_csr finds something");
      cJSON_Delete(report);
    }
  }
  cJSON_Delete(csr_doc);

  /* Names the domain rules refuse: status 2, every finding; a broken key: status 5. Neither
   * error holds any part of the key. */
  {
    const char *bad_names = "[\"www.example.com\", \"a_b.example.com\"]";
    char slice[17];
    char *broken = malloc(strlen(pem) + 1);
    cJSON *error;
    key_slice(pem, slice);
    status = ncpcert_make_csr((const uint8_t *)pem, strlen(pem), (const uint8_t *)bad_names, strlen(bad_names), &out);
    check(status == NCPCERT_ERR_VALIDATION, id, "bad names: status %d", status);
    check(out.data && slice[0] && strstr((const char *)out.data, slice) == NULL, id, "key in the error");
    error = take(id, &out);
    check(str_is(error, "code", "csr.names_invalid") && code_in_table("csr.names_invalid", "validation", status) &&
              has_finding(at(error, "findings"), "domain.underscore", "names[1]", "error"),
          id, "bad names: not csr.names_invalid with domain.underscore");
    cJSON_Delete(error);
    if (broken) {
      strcpy(broken, pem);
      memcpy(broken + 40, "********", 8);
      status = ncpcert_make_csr((const uint8_t *)broken, strlen(broken), (const uint8_t *)names_json,
                                strlen(names_json), &out);
      check(status == NCPCERT_ERR_ARGUMENT, id, "broken key: status %d", status);
      check(out.data && slice[0] && strstr((const char *)out.data, slice) == NULL, id, "key in the error");
      error = take(id, &out);
      check(str_is(error, "code", "key.invalid") && code_in_table("key.invalid", "argument", status), id,
            "broken key: not key.invalid");
      cJSON_Delete(error);
      free(broken);
    }
  }
  remove(path);
  free(names_json);
  cJSON_Delete(names);
  cJSON_Delete(key_doc);
}

void suite_keys(void) {
  uint8_t entropy[32] = {0};
  ncpcert_buf out = {0};
  cJSON *error;
  int status;
  check_algorithm("rsa2048", "Private-Key: (2048 bit, 2 primes)", "sha256WithRSAEncryption");
  check_algorithm("p256", "NIST CURVE: P-256", "ecdsa-with-SHA256");
  check_algorithm("p384", "NIST CURVE: P-384", "ecdsa-with-SHA384");

  /* Too little entropy, an unknown algorithm, NULL with a length, names that are no list. */
  status = ncpcert_generate_key((const uint8_t *)"p256", 4, entropy, 31, &out);
  error = take("keys/entropy", &out);
  check(status == NCPCERT_ERR_ARGUMENT && str_is(error, "code", "key.entropy"), "keys/entropy", "status %d", status);
  cJSON_Delete(error);
  status = ncpcert_generate_key((const uint8_t *)"dsa", 3, entropy, 32, &out);
  error = take("keys/algorithm", &out);
  check(status == NCPCERT_ERR_ARGUMENT && str_is(error, "code", "key.algorithm"), "keys/algorithm", "status %d",
        status);
  cJSON_Delete(error);
  status = ncpcert_generate_key(NULL, 0, NULL, 32, &out);
  error = take("keys/null", &out);
  check(status == NCPCERT_ERR_ARGUMENT && str_is(error, "code", "argument.invalid"), "keys/null", "status %d",
        status);
  cJSON_Delete(error);
  status = ncpcert_make_csr((const uint8_t *)"x", 1, (const uint8_t *)"\"www.example.com\"", 17, &out);
  error = take("keys/names-not-a-list", &out);
  check(status == NCPCERT_ERR_ARGUMENT && str_is(error, "code", "argument.invalid"), "keys/names-not-a-list",
        "status %d", status);
  cJSON_Delete(error);
  /* A NULL out drops the key; nothing leaks (valgrind and ASan watch). */
  status = ncpcert_generate_key(NULL, 0, (const uint8_t *)"0123456789abcdef0123456789abcdef", 32, NULL);
  check(status == NCPCERT_OK, "keys/null-out", "status %d", status);
}
