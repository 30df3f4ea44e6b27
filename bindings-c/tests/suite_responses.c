/* tests/vectors/responses.json through ncpcert_parse_response: the fields of a success, or
 * the api error's kind, code, retryable, outcome, httpStatus, message, details and hint. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *TOP_KNOWN[] = {"returnCode", "returnMessage", "totalRows", "paidCertificate", NULL};
static const char *CERT_KNOWN[] = {"certificateNo", "requestSn",       "certificateName",
                                   "statusCode",    "statusName",      "status",
                                   "regDate",       "validationMethod", "organizationNo", NULL};

static int known(const char *const *names, const char *key) {
  for (; *names; names++)
    if (strcmp(*names, key) == 0) return 1;
  return 0;
}

static int is_top(const char *key) { return known(TOP_KNOWN, key); }

/* The members of `object` whose names are not in `names`. */
static cJSON *unknown_members(const cJSON *object, const char *const *names) {
  cJSON *out = cJSON_CreateObject();
  const cJSON *item;
  cJSON_ArrayForEach(item, object) {
    if (!known(names, item->string)) cJSON_AddItemToObject(out, item->string, cJSON_Duplicate(item, 1));
  }
  return out;
}

static void check_ok(const char *id, const cJSON *doc, const cJSON *expect) {
  const cJSON *cert = cJSON_GetObjectItemCaseSensitive(doc, "paidCertificate");
  const cJSON *want;
  check(cJSON_IsObject(cert), id, "no paidCertificate object");
  cJSON_ArrayForEach(want, expect) {
    const char *key = want->string;
    cJSON *picked = NULL;
    const cJSON *got;
    if (strcmp(key, "ok") == 0) continue;
    if (strcmp(key, "extra") == 0)
      got = picked = unknown_members(doc, TOP_KNOWN);
    else if (strcmp(key, "certificateExtra") == 0)
      got = picked = unknown_members(cert, CERT_KNOWN);
    else if (is_top(key))
      got = cJSON_GetObjectItemCaseSensitive(doc, key);
    else
      got = cJSON_GetObjectItemCaseSensitive(cert, key);
    /* An optional field the core leaves out reads as null. */
    if (!got && cJSON_IsNull(want)) got = picked = cJSON_CreateNull();
    check(got && json_equal_ordered(got, want), id, "%s differs", key);
    cJSON_Delete(picked);
  }
}

static void check_error(const char *id, const cJSON *e, const cJSON *x) {
  const char *message = str_at(e, "message"), *hint = str_at(e, "hint"), *outcome = str_at(x, "outcome");
  const cJSON *item;
  check(str_at(e, "type") && strcmp(str_at(e, "type"), "api") == 0, id, "type is not api");
  check(str_at(e, "kind") && strcmp(str_at(e, "kind"), str_at(x, "kind")) == 0, id, "kind differs");
  check(str_at(e, "code") && strcmp(str_at(e, "code"), str_at(x, "code")) == 0, id, "code differs");
  check(str_at(e, "outcome") && strcmp(str_at(e, "outcome"), outcome) == 0, id, "outcome differs");
  item = cJSON_GetObjectItemCaseSensitive(e, "retryable");
  check(cJSON_IsBool(item) &&
            cJSON_IsTrue(item) == cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "retryable")) &&
            cJSON_IsTrue(item) == (strcmp(outcome, "resendable") == 0),
        id, "retryable differs");
  item = cJSON_GetObjectItemCaseSensitive(e, "httpStatus");
  check(cJSON_IsNumber(item) &&
            item->valuedouble == cJSON_GetObjectItemCaseSensitive(x, "httpStatus")->valuedouble,
        id, "httpStatus differs");
  if (str_at(x, "message")) check(message && strcmp(message, str_at(x, "message")) == 0, id, "message differs: %s", message);
  if ((item = cJSON_GetObjectItemCaseSensitive(x, "details")) != NULL) {
    const cJSON *got = cJSON_GetObjectItemCaseSensitive(e, "details");
    check(cJSON_IsNull(item) ? (!got || cJSON_IsNull(got)) : json_equal_ordered(got, item), id, "details differ");
  }
  if (str_at(x, "messageContains"))
    check(message && strstr(message, str_at(x, "messageContains")) != NULL, id, "message lacks %s", str_at(x, "messageContains"));
  if (str_at(x, "hintContains"))
    check(hint && strstr(hint, str_at(x, "hintContains")) != NULL, id, "hint lacks %s", str_at(x, "hintContains"));
  check(message && *message && hint && *hint, id, "message and hint must be non-empty");
}

static void run_vector(const cJSON *v) {
  const char *id = str_at(v, "id");
  const cJSON *expect = cJSON_GetObjectItemCaseSensitive(v, "expect");
  uint16_t status = (uint16_t)cJSON_GetObjectItemCaseSensitive(v, "http_status")->valueint;
  const char *b64 = str_at(v, "body_base64");
  size_t len = 0;
  uint8_t *body = b64 ? base64_decode(b64, &len) : NULL;
  const uint8_t *bytes = b64 ? body : (const uint8_t *)str_at(v, "body");
  ncpcert_buf out = {0};
  cJSON *doc;
  int rc;
  if (!b64) len = strlen(str_at(v, "body"));
  rc = ncpcert_parse_response(status, bytes, len, &out);
  doc = parse_buf(&out);
  if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(expect, "ok"))) {
    check(rc == NCPCERT_OK, id, "status %d: %s", rc, out.data ? (char *)out.data : "");
    if (rc == NCPCERT_OK) check_ok(id, doc, expect);
  } else {
    check(rc == NCPCERT_ERR_API, id, "status %d, want 4 (api)", rc);
    if (doc) check_error(id, doc, expect);
  }
  cJSON_Delete(doc);
  ncpcert_buf_free(&out);
  free(body);
}

void suite_responses(void) {
  cJSON *doc = load_json("vectors/responses.json");
  const cJSON *v;
  int n = 0;
  cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(doc, "vectors")) {
    run_vector(v);
    n++;
  }
  check(n >= 90, "responses.json", "only %d vectors", n);
  printf("response vectors: %d\n", n);
  cJSON_Delete(doc);
}
