/* Every function may be called from any thread: one signer shared by several threads, and
 * the other calls run alongside, each thread checking every answer. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define THREADS 4
#define ROUNDS 200
#define U8(s) ((const uint8_t *)(s))

static const char PATH[] = "/api/v2/certificate/requestPaidCertificateIssuance";
static const char WANT[] = "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=";

typedef struct {
  const ncpcert_signer *signer;
  int wrong;
} work;

static void *sign_many(void *arg) {
  work *w = arg;
  int i;
  for (i = 0; i < ROUNDS; i++) {
    ncpcert_buf out = {0};
    uint8_t signature[44];
    int s = ncpcert_signer_headers(w->signer, U8("POST"), 4, U8(PATH), sizeof PATH - 1, 1700000000000ULL, &out);
    w->wrong += s != NCPCERT_OK || !out.data || !strstr((const char *)out.data, WANT);
    ncpcert_buf_free(&out);
    s = ncpcert_sign(U8("POST"), 4, U8(PATH), sizeof PATH - 1, 1700000000000ULL, U8("EXAMPLEAK0000000NCP1"), 20,
                     U8("EXAMPLESECRET00000000000000000000NCPSK01"), 40, signature, NULL);
    w->wrong += s != NCPCERT_OK || memcmp(signature, WANT, 44) != 0;
    s = ncpcert_validate(U8("{}"), 2, 0, &out);
    w->wrong += s != NCPCERT_OK || !out.data || !strstr((const char *)out.data, "\"valid\":false");
    ncpcert_buf_free(&out);
  }
  return NULL;
}

void suite_threads(void) {
  pthread_t threads[THREADS];
  work jobs[THREADS];
  ncpcert_signer *signer = NULL;
  int i, started = 0, wrong = 0;
  ncpcert_signer_new(U8("EXAMPLEAK0000000NCP1"), 20, U8("EXAMPLESECRET00000000000000000000NCPSK01"), 40, &signer, NULL);
  for (i = 0; i < THREADS; i++) {
    jobs[i].signer = signer;
    jobs[i].wrong = 0;
    started += pthread_create(&threads[i], NULL, sign_many, &jobs[i]) == 0;
  }
  for (i = 0; i < started; i++) {
    pthread_join(threads[i], NULL);
    wrong += jobs[i].wrong;
  }
  check(started == THREADS && wrong == 0, "threads", "%d threads started, %d wrong answers", started, wrong);
  ncpcert_signer_free(signer);
}
