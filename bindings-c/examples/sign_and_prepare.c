/* Prepares an Advanced DV issuance request for a CSR and signs it: prints what to send.
 *
 *   cc sign_and_prepare.c $(pkg-config --cflags --libs ncpcert) -o sign_and_prepare
 *   NCP_ACCESS_KEY=... NCP_SECRET_KEY=... ./sign_and_prepare www.csr.pem [TIMESTAMP_MS]
 *
 * Without the variables it uses the documentation's example keys; without a timestamp the
 * current time. The HTTP call itself is up to you (libcurl, …): send exactly the method,
 * URL, headers and body printed here. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ncpcert.h"

#define U8(s) ((const uint8_t *)(s))

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *data = NULL;
  size_t cap = 0, n = 0, got;
  if (!f) return NULL;
  do {
    if (n + 4096 > cap) {
      char *grown = realloc(data, cap = (n + 4096) * 2);
      if (!grown) break;
      data = grown;
    }
    got = fread(data + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  fclose(f);
  *len = n;
  return data;
}

static const char *env_or(const char *name, const char *fallback) {
  const char *value = getenv(name);
  return value && *value ? value : fallback;
}

static int fail(const char *what, int status, ncpcert_buf *error) {
  fprintf(stderr, "%s failed (status %d): %s\n", what, status, error->data ? (const char *)error->data : "");
  ncpcert_buf_free(error);
  return 1;
}

int main(int argc, char **argv) {
  static const char request[] =
      "{\"certificateType\":\"DV\",\"certificateName\":\"www-example\",\"commonName\":\"www.example.com\","
      "\"dnsName\":[\"www.example.com\",\"example.com\"],\"validationMethod\":\"D\"}";
  const char *ak = env_or("NCP_ACCESS_KEY", "EXAMPLEAK0000000NCP1");
  const char *sk = env_or("NCP_SECRET_KEY", "EXAMPLESECRET00000000000000000000NCPSK01");
  uint64_t ts;
  size_t csr_len = 0;
  char *csr;
  ncpcert_buf prepared = {0}, headers = {0}, error = {0};
  ncpcert_signer *signer = NULL;
  int status;

  if (argc < 2 || !(csr = read_all(argv[1], &csr_len))) {
    fprintf(stderr, "usage: %s CSR_FILE [TIMESTAMP_MS]\n", argv[0]);
    return 2;
  }
  if (argc > 2) {
    ts = strtoull(argv[2], NULL, 10);
  } else {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    ts = (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
  }

  /* 1. Validate and serialise: a report of every finding on failure (status 2). */
  status = ncpcert_prepare_with_csr(U8(request), strlen(request), U8(csr), csr_len, U8("public"), 6, 0, &prepared);
  free(csr);
  if (status != NCPCERT_OK) return fail("prepare", status, &prepared);

  /* 2. Sign: a keyed signer serves every request (and retry: re-sign each attempt). */
  status = ncpcert_signer_new(U8(ak), strlen(ak), U8(sk), strlen(sk), &signer, &error);
  if (status != NCPCERT_OK) return fail("signer", status, &error);
  status = ncpcert_signer_headers(signer, U8("POST"), 4, U8("/api/v2/certificate/requestPaidCertificateIssuance"),
                                  strlen("/api/v2/certificate/requestPaidCertificateIssuance"), ts, &headers);
  ncpcert_signer_free(signer);
  if (status != NCPCERT_OK) return fail("sign", status, &headers);

  printf("prepared: %s\n", (const char *)prepared.data);
  printf("signature headers: %s\n", (const char *)headers.data);
  ncpcert_buf_free(&prepared);
  ncpcert_buf_free(&headers);
  return 0;
}
