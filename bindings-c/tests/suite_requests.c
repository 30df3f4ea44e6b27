/* tests/vectors/requests.json through ncpcert_validate and ncpcert_prepare: the exact set of
 * findings, the verdict, and the body prepare produces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define U8(s) ((const uint8_t *)(s))
#define ENDPOINT "https://certificatemanager.apigw.ntruss.com/api/v2/certificate/requestPaidCertificateIssuance"

/* The vector's request as JSON text, with `csr` read from csr_file. Free it. */
static char *request_text(const cJSON *v) {
  cJSON *request = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(v, "request"), 1);
  const char *csr_file = str_at(v, "csr_file");
  char *text;
  if (csr_file) {
    char relative[1024];
    size_t len;
    uint8_t *csr;
    snprintf(relative, sizeof relative, "data/%s", csr_file);
    csr = read_tests_file(relative, &len);
    cJSON_DeleteItemFromObjectCaseSensitive(request, "csr");
    cJSON_AddStringToObject(request, "csr", csr ? (const char *)csr : "");
    free(csr);
  }
  text = cJSON_PrintUnformatted(request);
  cJSON_Delete(request);
  return text;
}

/* The warnings among the vector's findings (what a successful prepare reports). */
static cJSON *warnings_of(const cJSON *findings) {
  cJSON *out = cJSON_CreateArray();
  const cJSON *f;
  cJSON_ArrayForEach(f, findings) {
    const char *severity = str_at(f, "severity");
    if (severity && strcmp(severity, "warning") == 0) cJSON_AddItemToArray(out, cJSON_Duplicate(f, 1));
  }
  return out;
}

static void check_prepared(const char *id, const cJSON *prepared, const cJSON *expect) {
  const char *body_text = str_at(prepared, "body"), *url = str_at(prepared, "url");
  cJSON *body = body_text ? cJSON_Parse(body_text) : NULL;
  cJSON *warnings = warnings_of(cJSON_GetObjectItemCaseSensitive(expect, "findings"));
  const cJSON *want_body = cJSON_GetObjectItemCaseSensitive(expect, "body");
  check(str_at(prepared, "method") && strcmp(str_at(prepared, "method"), "POST") == 0 && url &&
            strcmp(url, ENDPOINT) == 0,
        id, "prepared method/url: %s", url ? url : "(none)");
  check(same_findings(cJSON_GetObjectItemCaseSensitive(prepared, "warnings"), warnings), id,
        "prepared warnings differ from the vector's");
  check(cJSON_IsObject(body), id, "the body is not a JSON object");
  if (want_body) check(json_equal_ordered(body, want_body), id, "body differs: %s", body_text);
  check(body_text && strstr(body_text, "PRIVATE KEY") == NULL, id, "the body carries a private key");
  cJSON_Delete(body);
  cJSON_Delete(warnings);
}

static void run_vector(const cJSON *v) {
  const char *id = str_at(v, "id");
  const cJSON *expect = cJSON_GetObjectItemCaseSensitive(v, "expect");
  const cJSON *want_findings = cJSON_GetObjectItemCaseSensitive(expect, "findings");
  int want_valid = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(expect, "valid"));
  uint32_t flags = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "strict")) ? NCPCERT_FLAG_STRICT : 0;
  char *request = request_text(v);
  ncpcert_buf out = {0};
  cJSON *doc;
  int status = ncpcert_validate(U8(request), strlen(request), flags, &out);

  doc = parse_buf(&out);
  check(status == NCPCERT_OK, id, "ncpcert_validate: status %d", status);
  check(same_findings(cJSON_GetObjectItemCaseSensitive(doc, "findings"), want_findings), id,
        "validate findings differ: %s", out.data ? (char *)out.data : "(none)");
  check(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(doc, "valid")) &&
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "valid")) == want_valid,
        id, "valid is not %d", want_valid);
  cJSON_Delete(doc);
  ncpcert_buf_free(&out);

  status = ncpcert_prepare(U8(request), strlen(request), U8("public"), 6, flags, &out);
  doc = parse_buf(&out);
  if (want_valid) {
    check(status == NCPCERT_OK, id, "ncpcert_prepare: status %d: %s", status, out.data ? (char *)out.data : "");
    if (status == NCPCERT_OK) check_prepared(id, doc, expect);
  } else {
    check(status == NCPCERT_ERR_VALIDATION && str_at(doc, "type") &&
              strcmp(str_at(doc, "type"), "validation") == 0,
          id, "ncpcert_prepare of an invalid request: status %d", status);
    check(same_findings(cJSON_GetObjectItemCaseSensitive(doc, "findings"), want_findings), id,
          "the validation error's findings differ: %s", out.data ? (char *)out.data : "(none)");
  }
  cJSON_Delete(doc);
  ncpcert_buf_free(&out);
  free(request);
}

/* 1 when `text` (UTF-8) holds a Hangul syllable (U+AC00..U+D7A3) and no template part left
   unrendered ("[[", "]]"). */
static int korean_text(const char *text) {
  const unsigned char *p = (const unsigned char *)text;
  int hangul = 0;
  if (!text || strstr(text, "[[") || strstr(text, "]]")) return 0;
  for (; p[0]; p++) {
    if (p[0] >= 0xE0 && p[0] <= 0xEF && p[1] && p[2]) {
      unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
      if (cp >= 0xAC00 && cp <= 0xD7A3) hangul = 1;
    }
  }
  return hangul;
}

/* NCPCERT_FLAG_LANG_KO: the same codes and fields as in English, every message Korean. */
static void korean_messages(void) {
  static const char request[] =
      "{\"certificateType\":\"XV\",\"certificateName\":\"1 bad name\",\"commonName\":\"printer.local\","
      "\"dnsName\":[\"a_b.example.com\",\"-x.example.com\",\"10.0.0.1\",\"*.co.kr\",\"co.kr\",\"x.arpa\","
      "\"www.example.com\",\"www.example.com\"],\"validationMethod\":\"E\",\"organizationNo\":-3,\"dns_name\":[]}";
  ncpcert_buf en = {0}, ko = {0};
  cJSON *en_doc, *ko_doc;
  const cJSON *e, *k;
  int n = 0;
  int s1 = ncpcert_validate(U8(request), strlen(request), 0, &en);
  int s2 = ncpcert_validate(U8(request), strlen(request), NCPCERT_FLAG_LANG_KO | NCPCERT_FLAG_STRICT, &ko);
  check(s1 == NCPCERT_OK && s2 == NCPCERT_OK, "lang", "validate: status %d, %d", s1, s2);
  en_doc = parse_buf(&en);
  ko_doc = parse_buf(&ko);
  k = cJSON_GetObjectItemCaseSensitive(ko_doc, "findings")->child;
  cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(en_doc, "findings")) {
    check(k != NULL, "lang", "fewer findings in Korean");
    if (!k) break;
    check(strcmp(str_at(e, "code"), str_at(k, "code")) == 0 && strcmp(str_at(e, "field"), str_at(k, "field")) == 0,
          "lang", "finding %d: %s@%s in English, %s@%s in Korean", n, str_at(e, "code"), str_at(e, "field"),
          str_at(k, "code"), str_at(k, "field"));
    check(korean_text(str_at(k, "message")), "lang", "not Korean: %s", str_at(k, "message"));
    check(!korean_text(str_at(e, "message")), "lang", "English has Hangul: %s", str_at(e, "message"));
    k = k->next;
    n++;
  }
  check(n >= 10 && k == NULL, "lang", "%d findings", n);
  cJSON_Delete(en_doc);
  cJSON_Delete(ko_doc);
  ncpcert_buf_free(&en);
  ncpcert_buf_free(&ko);

  /* prepare: the validation error and an unknown site, in Korean. */
  s1 = ncpcert_prepare(U8(request), strlen(request), U8("public"), 6, NCPCERT_FLAG_LANG_KO, &ko);
  ko_doc = parse_buf(&ko);
  check(s1 == NCPCERT_ERR_VALIDATION && strcmp(str_at(ko_doc, "code"), "request.invalid") == 0, "lang",
        "prepare: status %d", s1);
  check(korean_text(str_at(ko_doc, "message")), "lang", "prepare: %s", str_at(ko_doc, "message"));
  cJSON_Delete(ko_doc);
  ncpcert_buf_free(&ko);
  s1 = ncpcert_prepare(U8("{}"), 2, U8("mars"), 4, NCPCERT_FLAG_LANG_KO, &ko);
  ko_doc = parse_buf(&ko);
  check(s1 == NCPCERT_ERR_ARGUMENT && strcmp(str_at(ko_doc, "code"), "site.invalid") == 0, "lang",
        "prepare mars: status %d", s1);
  check(korean_text(str_at(ko_doc, "message")), "lang", "site: %s", str_at(ko_doc, "message"));
  cJSON_Delete(ko_doc);
  ncpcert_buf_free(&ko);

  /* inspect: a CSR that cannot be read, in both languages; an unknown flag refused. */
  s1 = ncpcert_inspect_csr_flags(U8("not a csr"), 9, 0, &en);
  s2 = ncpcert_inspect_csr_flags(U8("not a csr"), 9, NCPCERT_FLAG_LANG_KO, &ko);
  en_doc = parse_buf(&en);
  ko_doc = parse_buf(&ko);
  check(s1 == NCPCERT_ERR_CSR && s2 == s1 && strcmp(str_at(en_doc, "code"), str_at(ko_doc, "code")) == 0,
        "lang", "inspect: status %d, %d", s1, s2);
  check(korean_text(str_at(ko_doc, "message")), "lang", "inspect: %s", str_at(ko_doc, "message"));
  cJSON_Delete(en_doc);
  cJSON_Delete(ko_doc);
  ncpcert_buf_free(&en);
  ncpcert_buf_free(&ko);
  s1 = ncpcert_inspect_csr_flags(U8("not a csr"), 9, NCPCERT_FLAG_STRICT, &ko);
  check(s1 == NCPCERT_ERR_ARGUMENT, "lang", "inspect with the strict flag: status %d", s1);
  ncpcert_buf_free(&ko);
  printf("Korean messages: %d findings\n", n);
}

void suite_requests(void) {
  korean_messages();
  cJSON *doc = load_json("vectors/requests.json");
  const cJSON *v;
  int n = 0;
  cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(doc, "vectors")) {
    run_vector(v);
    n++;
  }
  check(n >= 70, "requests.json", "only %d vectors", n);
  printf("request vectors: %d\n", n);
  cJSON_Delete(doc);
}
