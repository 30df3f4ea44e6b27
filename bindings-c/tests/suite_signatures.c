/* tests/vectors/signature_v2.json through ncpcert_sign and the signer handle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define U8(s) ((const uint8_t *)(s))

static void sign_one(const cJSON *v) {
  const char *id = str_at(v, "id"), *method = str_at(v, "method"), *url = str_at(v, "url");
  const char *ak = str_at(v, "access_key"), *sk = str_at(v, "secret_key");
  const char *want = str_at(v, "expected_signature");
  uint64_t ts = strtoull(str_at(v, "timestamp"), NULL, 10);
  uint8_t signature[44];
  ncpcert_buf error = {0}, out = {0};
  ncpcert_signer *signer = NULL;
  int status = ncpcert_sign(U8(method), strlen(method), U8(url), strlen(url), ts, U8(ak),
                            strlen(ak), U8(sk), strlen(sk), signature, &error);
  check(status == NCPCERT_OK && memcmp(signature, want, 44) == 0 && strlen(want) == 44, id,
        "ncpcert_sign: status %d, signature %.44s, want %s", status, (const char *)signature, want);
  check(error.data == NULL && error.len == 0, id, "error_out is not zeroed after a success");

  status = ncpcert_signer_new(U8(ak), strlen(ak), U8(sk), strlen(sk), &signer, &error);
  check(status == NCPCERT_OK && signer != NULL, id, "ncpcert_signer_new: status %d", status);
  status = ncpcert_signer_headers(signer, U8(method), strlen(method), U8(url), strlen(url), ts, &out);
  {
    cJSON *doc = parse_buf(&out);
    const cJSON *headers = cJSON_GetObjectItemCaseSensitive(doc, "headers");
    const char *got = str_at(headers, "x-ncp-apigw-signature-v2");
    check(status == NCPCERT_OK && got && strcmp(got, want) == 0, id,
          "ncpcert_signer_headers: status %d, %s", status, out.data ? (char *)out.data : "(none)");
    check(str_at(headers, "x-ncp-apigw-timestamp") &&
              strcmp(str_at(headers, "x-ncp-apigw-timestamp"), str_at(v, "timestamp")) == 0 &&
              str_at(headers, "x-ncp-iam-access-key") &&
              strcmp(str_at(headers, "x-ncp-iam-access-key"), ak) == 0 && str_at(doc, "method") &&
              strcmp(str_at(doc, "method"), method) == 0,
          id, "signer headers: %s", out.data ? (char *)out.data : "(none)");
    check(out.data && strstr((const char *)out.data, sk) == NULL, id, "the secret key is in the headers JSON");
    cJSON_Delete(doc);
  }
  ncpcert_buf_free(&out);
  ncpcert_signer_free(signer);
}

void suite_signatures(void) {
  cJSON *doc = load_json("vectors/signature_v2.json");
  const cJSON *v;
  int n = 0;
  cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(doc, "vectors")) {
    sign_one(v);
    n++;
  }
  check(n >= 8, "signature_v2.json", "only %d vectors", n);
  printf("signature vectors: %d\n", n);
  cJSON_Delete(doc);
}
