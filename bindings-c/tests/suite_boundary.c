/* The boundary itself: NULL pointers, invalid UTF-8, unknown flags, freeing twice, the
 * version, the signer handle's errors, and that no output ever shows a secret key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define U8(s) ((const uint8_t *)(s))
#define LEN(s) (sizeof(s) - 1)

static const char AK[] = "EXAMPLEAK0000000NCP1";
static const char SK[] = "EXAMPLESECRET00000000000000000000NCPSK01";
static const char PATH[] = "/api/v2/certificate/requestPaidCertificateIssuance";

/* An error JSON of that type and code; frees the buffer. */
static void expect_error(const char *id, int status, int want_status, ncpcert_buf *out, const char *type,
                         const char *code) {
  cJSON *doc = parse_buf(out);
  check(status == want_status, id, "status %d, want %d", status, want_status);
  check(str_at(doc, "type") && strcmp(str_at(doc, "type"), type) == 0 && str_at(doc, "code") &&
            (!code || strcmp(str_at(doc, "code"), code) == 0) && str_at(doc, "message"),
        id, "error JSON %s", out->data ? (char *)out->data : "(none)");
  check(out->data == NULL || out->data[out->len] == 0, id, "not NUL-terminated");
  check(code_in_table(str_at(doc, "code"), str_at(doc, "type"), status), id,
        "the code is not the core's table's, of that type and status: %s", out->data ? (char *)out->data : "(none)");
  cJSON_Delete(doc);
  ncpcert_buf_free(out);
}

/* ncpcert_error_codes: the core's table. Every type has the status the header gives it, and
 * the codes the C layer returns of its own accord (a NULL pointer with a length, a caught panic
 * or a poisoned handle, a workflow called out of turn) are in it, with their status. Every
 * error the suites provoke is checked against it too (code_in_table). */
static void error_table(void) {
  static const struct {
    const char *type;
    int status;
  } statuses[] = {{"signing", NCPCERT_ERR_SIGNING},   {"validation", NCPCERT_ERR_VALIDATION},
                  {"csr", NCPCERT_ERR_CSR},           {"argument", NCPCERT_ERR_ARGUMENT},
                  {"internal", NCPCERT_ERR_INTERNAL}, {"order", NCPCERT_ERR_INTERNAL}};
  static const struct {
    const char *code, *type;
    int status;
  } own[] = {{"argument.invalid", "argument", NCPCERT_ERR_ARGUMENT},
             {"internal.panic", "internal", NCPCERT_ERR_INTERNAL},
             {"internal.misuse", "internal", NCPCERT_ERR_INTERNAL}};
  static const char *minted[] = {"signing.freed", "signing.options", "signing.request", "signing.signature",
                                 "internal.trap",  "internal.json",   "internal.request"};
  ncpcert_buf out = {0};
  const cJSON *row;
  cJSON *doc;
  size_t i;
  int errors = 0, findings = 0, s = ncpcert_error_codes(&out);
  doc = take("error_codes", &out);
  check(s == NCPCERT_OK && doc, "error_codes", "status %d", s);
  cJSON_ArrayForEach(row, at(doc, "errors")) {
    const char *code = str_at(row, "code"), *type = str_at(row, "type");
    int want = -1;
    errors++;
    for (i = 0; type && i < sizeof statuses / sizeof statuses[0]; i++) {
      if (strcmp(type, statuses[i].type) == 0) want = statuses[i].status;
    }
    if (want < 0) want = NCPCERT_ERR_INTERNAL; /* transport, output, journal, certificate */
    check(code && strchr(code, '.') && num_is(row, "status", want), "error_codes: status of the type",
          "%s (%s)", code ? code : "?", type ? type : "?");
    check(cJSON_IsNumber(at(row, "exitStatus")) && at(row, "exitStatus")->valueint >= 1 &&
              at(row, "exitStatus")->valueint <= 4,
          "error_codes: exit status 1..4", "%s", code ? code : "?");
  }
  cJSON_ArrayForEach(row, at(doc, "findings")) {
    findings++;
    check(str_is(row, "severity", "error") || str_is(row, "severity", "warning"), "error_codes: severity",
          "%s", str_at(row, "code") ? str_at(row, "code") : "?");
  }
  check(errors >= 20 && findings >= 20, "error_codes: both tables", "%d errors, %d findings", errors, findings);
  check(has_finding(at(doc, "findings"), "csr.malformed", NULL, "error"), "error_codes: finding codes",
        "csr.malformed missing");
  cJSON_Delete(doc);
  for (i = 0; i < sizeof own / sizeof own[0]; i++) {
    check(code_in_table(own[i].code, own[i].type, own[i].status), "error_codes: the C layer's own codes",
          "%s", own[i].code);
  }
  /* Codes bindings once made up are not codes. */
  for (i = 0; i < sizeof minted / sizeof minted[0]; i++) {
    check(!code_in_table(minted[i], "internal", NCPCERT_ERR_INTERNAL) &&
              !code_in_table(minted[i], "signing", NCPCERT_ERR_SIGNING),
          "error_codes: no made-up code", "%s", minted[i]);
  }
  s = ncpcert_error_codes(NULL);
  check(s == NCPCERT_OK, "error_codes: NULL out", "status %d", s);
}

static void null_pointers(void) {
  ncpcert_buf out = {0};
  uint8_t signature[44];
  int s = ncpcert_sign(U8("POST"), 4, NULL, 5, 1700000000000ULL, U8(AK), LEN(AK), U8(SK), LEN(SK), signature, &out);
  expect_error("sign: NULL path with a length", s, NCPCERT_ERR_ARGUMENT, &out, "argument", "argument.invalid");
  s = ncpcert_sign(U8("POST"), 4, NULL, 0, 1700000000000ULL, U8(AK), LEN(AK), U8(SK), LEN(SK), signature, &out);
  expect_error("sign: NULL path of length 0 is an empty path", s, NCPCERT_ERR_SIGNING, &out, "signing", "signing.path");
  s = ncpcert_sign(U8("POST"), 4, U8(PATH), LEN(PATH), 1700000000000ULL, U8(AK), LEN(AK), U8(SK), LEN(SK), NULL, &out);
  expect_error("sign: NULL signature_out", s, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  s = ncpcert_sign(U8("POST"), 4, U8(PATH), LEN(PATH), 1700000000000ULL, U8(AK), LEN(AK), U8(SK), LEN(SK), signature, NULL);
  check(s == NCPCERT_OK && memcmp(signature, "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=", 44) == 0,
        "sign: NULL error_out", "status %d", s);
  s = ncpcert_validate(NULL, 10, 0, &out);
  expect_error("validate: NULL with a length", s, NCPCERT_ERR_ARGUMENT, &out, "argument", "argument.invalid");
  s = ncpcert_validate(NULL, 0, 0, NULL);
  check(s == NCPCERT_OK, "validate: NULL out drops the report", "status %d", s);
  s = ncpcert_prepare(U8("{}"), 2, NULL, 3, 0, &out);
  expect_error("prepare: NULL site with a length", s, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  s = ncpcert_inspect_csr(NULL, 1, &out);
  expect_error("inspect_csr: NULL with a length", s, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  s = ncpcert_inspect_csr(NULL, 0, &out);
  expect_error("inspect_csr: empty input", s, NCPCERT_ERR_CSR, &out, "csr", NULL);
  s = ncpcert_parse_response(200, NULL, 9, &out);
  expect_error("parse_response: NULL with a length", s, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  s = ncpcert_parse_response(403, NULL, 0, &out);
  expect_error("parse_response: empty 403", s, NCPCERT_ERR_API, &out, "api", "403");
  s = ncpcert_signer_headers(NULL, U8("GET"), 3, U8("/"), 1, 1700000000000ULL, &out);
  expect_error("signer_headers: NULL signer", s, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  s = ncpcert_list_certificates(NULL, 4, U8("public"), 6, &out);
  expect_error("list_certificates: NULL with a length", s, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  s = ncpcert_parse_certificate_list(200, NULL, 0, NULL, 7, &out);
  expect_error("parse_certificate_list: NULL name with a length", s, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
}

static void text_and_flags(void) {
  ncpcert_buf out = {0};
  uint8_t signature[44];
  static const uint8_t bad_utf8[] = {'/', 0xff, 0xfe};
  int s = ncpcert_sign(U8("POST"), 4, bad_utf8, sizeof bad_utf8, 1700000000000ULL, U8(AK), LEN(AK), U8(SK),
                       LEN(SK), signature, &out);
  expect_error("sign: a path that is not UTF-8", s, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  s = ncpcert_validate(bad_utf8, sizeof bad_utf8, 0, &out);
  expect_error("validate: JSON that is not UTF-8", s, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  s = ncpcert_validate(U8("{}"), 2, 4, &out);
  expect_error("validate: unknown flags", s, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  s = ncpcert_prepare(U8("{}"), 2, U8("moon"), 4, 0, &out);
  expect_error("prepare: unknown site", s, NCPCERT_ERR_ARGUMENT, &out, "argument", "site.invalid");
  s = ncpcert_prepare(U8("{}"), 2, U8("public"), 6, 0, &out);
  expect_error("prepare: an empty request", s, NCPCERT_ERR_VALIDATION, &out, "validation", "request.invalid");
}

static void buffers_and_version(void) {
  ncpcert_buf out = {0}, zero = {0};
  const char *version = ncpcert_version();
  int s = ncpcert_validate(U8("{}"), 2, 0, &out);
  check(s == NCPCERT_OK && out.data && out.data[out.len] == 0 && strlen((char *)out.data) == out.len,
        "buf: NUL-terminated, len excludes the NUL", "status %d", s);
  ncpcert_buf_free(&out);
  check(out.data == NULL && out.len == 0, "buf: zeroed after free", "not zeroed");
  ncpcert_buf_free(&out);
  ncpcert_buf_free(&zero);
  ncpcert_buf_free(NULL);
  check(version && strcmp(version, "0.1.0") >= 0 && strchr(version, '.'), "version", "%s", version ? version : "(null)");
  check(strcmp(ncpcert_transport_outcome(0), "resendable") == 0 && strcmp(ncpcert_transport_outcome(1), "ambiguous") == 0,
        "transport outcome", "%s / %s", ncpcert_transport_outcome(0), ncpcert_transport_outcome(1));
}

static void lookups(void) {
  ncpcert_buf out = {0};
  static const char body[] =
      "{\"returnCode\":\"0\",\"orders\":[{\"orderId\":\"1\",\"certificates\":[{\"certificateNo\":5,"
      "\"certificateName\":\"n\",\"statusCode\":\"0\"}]}]}";
  cJSON *doc;
  int s = ncpcert_list_certificates(U8("{\"certificateName\":\"a b\",\"page\":2}"), 34, U8("gov"), 3, &out);
  doc = parse_buf(&out);
  check(s == NCPCERT_OK && str_at(doc, "url") &&
            strcmp(str_at(doc, "url"),
                   "https://certificatemanager.apigw.gov-ntruss.com/api/v2/certificate/getPaidCertificates"
                   "?certificateName=a%20b&page=2") == 0,
        "list_certificates", "%s", out.data ? (char *)out.data : "(none)");
  cJSON_Delete(doc);
  ncpcert_buf_free(&out);
  s = ncpcert_parse_certificate_list(200, U8(body), LEN(body), U8("n"), 1, &out);
  doc = parse_buf(&out);
  check(s == NCPCERT_OK && cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "match"), "certificateNo"),
        "parse_certificate_list with a name", "%s", out.data ? (char *)out.data : "(none)");
  cJSON_Delete(doc);
  ncpcert_buf_free(&out);
  s = ncpcert_parse_certificate_list(504, NULL, 0, NULL, 0, &out);
  doc = parse_buf(&out);
  check(s == NCPCERT_ERR_API && str_at(doc, "outcome") && strcmp(str_at(doc, "outcome"), "ambiguous") == 0,
        "parse_certificate_list 504", "%s", out.data ? (char *)out.data : "(none)");
  cJSON_Delete(doc);
  ncpcert_buf_free(&out);
}

/* A secret key that is refused, or used, never comes back in any output. */
static void secrets(void) {
  static const char bad_secret[] = "TOPSECRETVALUE0123456789 with a space";
  ncpcert_buf out = {0};
  ncpcert_signer *signer = (ncpcert_signer *)&out; /* must be reset to NULL on failure */
  uint8_t signature[44];
  int s = ncpcert_sign(U8("POST"), 4, U8(PATH), LEN(PATH), 1700000000000ULL, U8(AK), LEN(AK), U8(bad_secret),
                       LEN(bad_secret), signature, &out);
  check(s == NCPCERT_ERR_SIGNING && out.data && !strstr((char *)out.data, "TOPSECRETVALUE"), "secret: sign error",
        "status %d: %s", s, out.data ? (char *)out.data : "(none)");
  ncpcert_buf_free(&out);
  s = ncpcert_signer_new(U8(AK), LEN(AK), U8(bad_secret), LEN(bad_secret), &signer, &out);
  check(s == NCPCERT_ERR_SIGNING && signer == NULL && out.data && !strstr((char *)out.data, "TOPSECRETVALUE"),
        "secret: signer_new error", "status %d: %s", s, out.data ? (char *)out.data : "(none)");
  ncpcert_buf_free(&out);
  s = ncpcert_signer_new(U8(AK), LEN(AK), U8(SK), LEN(SK), &signer, NULL);
  check(s == NCPCERT_OK, "signer_new", "status %d", s);
  s = ncpcert_signer_headers(signer, U8("post"), 4, U8("/bad path"), 9, 1700000000000ULL, &out);
  check(s == NCPCERT_ERR_SIGNING && out.data && !strstr((char *)out.data, SK), "secret: signer_headers error",
        "status %d: %s", s, out.data ? (char *)out.data : "(none)");
  ncpcert_buf_free(&out);
  s = ncpcert_signer_headers(signer, U8("post"), 4, U8(PATH), LEN(PATH), 1700000000000ULL, &out);
  check(s == NCPCERT_OK && out.data && strstr((char *)out.data, "\"method\":\"POST\"") && !strstr((char *)out.data, SK),
        "signer_headers upper-cases the method", "%s", out.data ? (char *)out.data : "(none)");
  ncpcert_buf_free(&out);
  ncpcert_signer_free(signer);
  ncpcert_signer_free(NULL);
}

void suite_boundary(void) {
  error_table();
  null_pointers();
  text_and_flags();
  buffers_and_version();
  lookups();
  secrets();
}
