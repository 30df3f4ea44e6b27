/* The order workflow through the C ABI (SPEC §14, §12 "Never order twice"): whole orders
 * driven with canned answers of NCP — accepted at once; a 504 then the lookup finds it
 * (recovered, nothing sent twice); a connection refused before anything was written (sent
 * again); the name taken on a first attempt; a lost answer whose lookups fail (outcome
 * unknown) — the handle called out of turn (an error status, and the handle goes on), NULL
 * arguments, bad meta JSON and hostile bodies (never a crash; never a paid request sent again
 * without a lookup that said it was safe). The answers are written here from SPEC §6/§12 and
 * tests/mock_ncp/README.md, never produced by the code under test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define U8(s) ((const uint8_t *)(s))
#define BASE "http://127.0.0.1:9/p"
#define ISSUANCE_URL BASE "/api/v2/certificate/requestPaidCertificateIssuance"
#define LOOKUP_URL BASE "/api/v2/certificate/getPaidCertificates?certificateName=www-example"

static const char OPTIONS[] = "{\"baseUrl\":\"" BASE "\",\"backoffMs\":0}";

/* NCP's answers (SPEC §6, §12; the mock's shapes). */
static const char ACCEPTED[] =
    "{\"returnCode\":\"0\",\"returnMessage\":\"success\",\"totalRows\":1,\"paidCertificate\":{\"certificateNo\":1000,"
    "\"requestSn\":\"0123456789abcdef0123456789abcdef\",\"certificateName\":\"www-example\",\"statusCode\":\"0\","
    "\"statusName\":\"Ongoing\",\"regDate\":\"2026-12-01 17:50:00\",\"validationMethod\":\"D\"}}";
static const char TIMEOUT_504[] = "{\"error\":{\"errorCode\":\"510\",\"message\":\"Endpoint Timeout\"}}";
static const char LISTED[] =
    "{\"returnCode\":\"0\",\"returnMessage\":\"success\",\"totalCount\":1,\"orders\":[{\"orderId\":\"900001\","
    "\"certificates\":[{\"certificateNo\":1000,\"certificateName\":\"www-example\",\"memberNo\":\"3000001\","
    "\"commonName\":\"www.example.com\",\"dnsName\":\"www.example.com,example.com\",\"statusCode\":\"0\","
    "\"statusName\":\"ONGOING\",\"certificateType\":\"NCP_PAID_DV_01\",\"validationMethod\":\"D\","
    "\"regDate\":\"2026-12-01 17:50:00\"}]}]}";
static const char NAME_EXISTS[] =
    "{\"returnCode\":\"2000\",\"returnMessage\":\"The certificate name already exists: www-example\"}";
static const char UNAVAILABLE[] = "{\"error\":{\"errorCode\":\"500\",\"message\":\"Endpoint Error\"}}";

/* One canned outcome of a call: an answer (status, body, meta) or, with status 0, a
 * transport failure (meta says whether anything was written). */
typedef struct {
  uint16_t status;
  const uint8_t *body;
  size_t body_len;
  const char *meta;
} canned;

#define ANSWER(status, text) {status, U8(text), sizeof(text) - 1, NULL}
#define FAILED(written) {0, NULL, 0, written ? "{\"written\":true,\"message\":\"reset\"}" : \
                                              "{\"written\":false,\"message\":\"Connection refused\"}"}

/* What a whole run did. */
typedef struct {
  int paid_sends, lookups, chains, journals, sleeps, actions;
  cJSON *done; /* the done action (free it), NULL when the run did not end */
} run_log;

/* A failed call: `want` status and an error JSON of `type` and `code` (NULL: any) with a
 * message. */
static void expect_error(const char *id, int status, int want, ncpcert_buf *out, const char *type,
                         const char *code) {
  char text[400];
  cJSON *doc;
  snprintf(text, sizeof text, "%.380s", out->data ? (const char *)out->data : "(none)");
  doc = take(id, out);
  check(status == want, id, "status %d, want %d: %s", status, want, text);
  check(str_is(doc, "type", type) && str_at(doc, "code") && (!code || str_is(doc, "code", code)) &&
            str_at(doc, "message") && *str_at(doc, "message"),
        id, "want a %s error %s: %s", type, code ? code : "", text);
  check(code_in_table(str_at(doc, "code"), str_at(doc, "type"), status), id,
        "the code is not the core's table's, of that type and status: %s", text);
  cJSON_Delete(doc);
}

static char *sample_csr(void) {
  size_t len;
  char *csr = (char *)read_tests_file("data/sample.csr.pem", &len);
  if (!csr) {
    fprintf(stderr, "cannot read %s/data/sample.csr.pem\n", TESTS_DIR);
    exit(2);
  }
  return csr;
}

/* The request of tests/e2e (SPEC §8's sample), with or without its CSR; `common_name`
 * changes the names. Free it. */
static char *request_json(const char *csr, const char *common_name) {
  cJSON *r = cJSON_CreateObject();
  cJSON *names = cJSON_AddArrayToObject(r, "dnsName");
  char *text;
  if (csr) cJSON_AddStringToObject(r, "csr", csr);
  cJSON_AddStringToObject(r, "certificateType", "DV");
  cJSON_AddStringToObject(r, "certificateName", "www-example");
  cJSON_AddStringToObject(r, "commonName", common_name);
  cJSON_AddItemToArray(names, cJSON_CreateString(common_name));
  cJSON_AddItemToArray(names, cJSON_CreateString("example.com"));
  cJSON_AddStringToObject(r, "validationMethod", "D");
  text = cJSON_PrintUnformatted(r);
  cJSON_Delete(r);
  return text;
}

/* A new workflow of the sample request (status 0 checked), or NULL. */
static ncpcert_order *new_order(const char *id, const char *options) {
  char *csr = sample_csr();
  char *request = request_json(csr, "www.example.com");
  ncpcert_order *order = NULL;
  ncpcert_buf error = {0};
  int status = ncpcert_order_new(U8(request), strlen(request), NULL, 0, U8(options), strlen(options), &order, &error);
  check(status == NCPCERT_OK && order != NULL && error.data == NULL, id, "order_new: status %d: %s", status,
        error.data ? (const char *)error.data : "");
  ncpcert_buf_free(&error);
  free(request);
  free(csr);
  return order;
}

/* The next action (status 0 checked), parsed; NULL on failure. */
static cJSON *next_action(const char *id, ncpcert_order *order) {
  ncpcert_buf out = {0};
  int status = ncpcert_order_next(order, 1700000000000ULL, &out);
  char text[300];
  cJSON *doc;
  snprintf(text, sizeof text, "%.280s", out.data ? (const char *)out.data : "(none)");
  doc = take(id, &out);
  check(status == NCPCERT_OK && str_at(doc, "action"), id, "order_next: status %d: %s", status, text);
  if (status != NCPCERT_OK) {
    cJSON_Delete(doc);
    return NULL;
  }
  return doc;
}

static int feed(ncpcert_order *order, const canned *c, ncpcert_buf *error) {
  return ncpcert_order_feed(order, c->status, c->body, c->body_len, c->meta ? U8(c->meta) : NULL,
                            c->meta ? strlen(c->meta) : 0, error);
}

/* Checks what a send action asks for, by purpose. */
static void check_send(const char *id, const cJSON *action) {
  const cJSON *request = at(action, "request");
  const cJSON *headers = at(request, "headers");
  const char *purpose = str_at(action, "purpose");
  check(purpose != NULL, id, "a send without a purpose");
  if (!purpose) return;
  check(str_is(headers, "Content-Type", "application/json") && str_is(headers, "Accept", "application/json"), id,
        "the request lacks Content-Type / Accept: application/json");
  check(cJSON_IsNumber(at(action, "clockOffsetMs")) && cJSON_IsNumber(at(action, "attempt")), id,
        "a send without clockOffsetMs or attempt");
  if (strcmp(purpose, "order") == 0) {
    const char *body = str_at(request, "body");
    check(cJSON_IsTrue(at(action, "paid")) && str_is(request, "method", "POST") && str_is(request, "url", ISSUANCE_URL) &&
              str_is(request, "path", "/p/api/v2/certificate/requestPaidCertificateIssuance") && body &&
              strstr(body, "\"certificateName\":\"www-example\"") && strstr(body, "BEGIN CERTIFICATE REQUEST"),
          id, "the paid request is not the issuance POST of the sample");
  } else if (strcmp(purpose, "lookup") == 0) {
    const char *url = str_at(request, "url");
    check(cJSON_IsFalse(at(action, "paid")) && str_is(request, "method", "GET") && url &&
              strncmp(url, LOOKUP_URL, strlen(LOOKUP_URL)) == 0 && cJSON_IsNull(at(request, "body")),
          id, "the lookup is not ListAdvancedCertificates by the name, a GET without a body");
  }
}

/* Drives a workflow to its end: each send takes the next canned outcome. Stops (and fails)
 * after 64 actions, or when a send finds no canned outcome left. `exact`: every canned
 * outcome must have been used by the end. */
static run_log drive_script(const char *id, ncpcert_order *order, const canned *script, size_t n, int exact) {
  run_log log = {0};
  size_t used = 0;
  while (log.actions < 64) {
    cJSON *action = next_action(id, order);
    const char *kind = str_at(action, "action");
    log.actions++;
    if (!kind) {
      cJSON_Delete(action);
      break;
    }
    if (strcmp(kind, "done") == 0) {
      log.done = action;
      break;
    }
    if (strcmp(kind, "journal") == 0) {
      const char *line = str_at(action, "line");
      cJSON *parsed = line ? cJSON_Parse(line) : NULL;
      log.journals++;
      check(parsed && cJSON_Compare(parsed, at(action, "entry"), 1) && !strchr(line, '\n'), id,
            "the journal line is not one line of the entry's JSON");
      cJSON_Delete(parsed);
    } else if (strcmp(kind, "sleep") == 0) {
      log.sleeps++;
      check(cJSON_IsNumber(at(action, "ms")), id, "a sleep without ms");
    } else if (strcmp(kind, "send") == 0) {
      ncpcert_buf error = {0};
      int status;
      const char *purpose = str_at(action, "purpose");
      check_send(id, action);
      if (purpose && strcmp(purpose, "order") == 0) log.paid_sends++;
      if (purpose && strcmp(purpose, "lookup") == 0) log.lookups++;
      if (purpose && strcmp(purpose, "chain") == 0) log.chains++;
      if (used == n) {
        check(0, id, "a send (%s) after the last canned answer", purpose ? purpose : "?");
        cJSON_Delete(action);
        break;
      }
      status = feed(order, &script[used++], &error);
      check(status == NCPCERT_OK && error.data == NULL, id, "order_feed: status %d: %s", status,
            error.data ? (const char *)error.data : "");
      ncpcert_buf_free(&error);
    } else {
      check(0, id, "an unknown action %s", kind);
    }
    cJSON_Delete(action);
  }
  check(log.done != NULL, id, "the workflow did not end within 64 actions");
  check(!exact || used == n || !log.done, id, "%zu of %zu canned answers used", used, n);
  return log;
}

static run_log drive(const char *id, ncpcert_order *order, const canned *script, size_t n) {
  return drive_script(id, order, script, n, 1);
}

static const cJSON *result_of(const run_log *log) { return at(log->done, "result"); }
static const cJSON *error_of(const run_log *log) { return at(log->done, "error"); }

static void accepted_at_once(void) {
  const char *id = "order: accepted at once";
  ncpcert_order *order = new_order(id, OPTIONS);
  canned script[] = {ANSWER(200, ACCEPTED)};
  run_log log = drive(id, order, script, 1);
  const cJSON *r = result_of(&log);
  check(cJSON_IsTrue(at(log.done, "ok")) && str_is(r, "path", "accepted") && num_is(r, "certificateNo", 1000) &&
            str_is(r, "certificateName", "www-example") && num_is(r, "attempts", 1) && cJSON_IsArray(at(r, "steps")),
        id, "not the accepted order 1000");
  check(log.paid_sends == 1 && log.lookups == 0 && log.journals == 2, id,
        "%d paid sends, %d lookups, %d journal entries (want 1, 0, 2: before and after the paid call)",
        log.paid_sends, log.lookups, log.journals);
  cJSON_Delete(log.done);
  /* Done is final: asking again gives the same outcome. */
  log.done = next_action(id, order);
  check(str_is(log.done, "action", "done") && str_is(at(log.done, "result"), "path", "accepted"), id,
        "asking again after done does not give done");
  cJSON_Delete(log.done);
  ncpcert_order_free(order);
}

static void lost_answer_then_found(void) {
  const char *id = "order: 504, then the lookup finds it";
  ncpcert_order *order = new_order(id, OPTIONS);
  /* The 504 carries the answer's Date and the host's clock: both optional meta. */
  canned script[] = {{504, U8(TIMEOUT_504), sizeof TIMEOUT_504 - 1,
                      "{\"date\":\"Tue, 14 Nov 2023 22:13:20 GMT\",\"receivedAtMs\":1700000000000}"},
                     ANSWER(200, LISTED)};
  run_log log = drive(id, order, script, 2);
  const cJSON *r = result_of(&log);
  check(cJSON_IsTrue(at(log.done, "ok")) && str_is(r, "path", "recovered") && num_is(r, "certificateNo", 1000) &&
            str_is(r, "certificateName", "www-example") && num_is(r, "attempts", 1),
        id, "not recovered as order 1000");
  check(log.paid_sends == 1 && log.lookups == 1, id, "%d paid sends and %d lookups, want 1 and 1", log.paid_sends,
        log.lookups);
  cJSON_Delete(log.done);
  ncpcert_order_free(order);
}

static void refused_connection_is_sent_again(void) {
  const char *id = "order: nothing written, sent again";
  ncpcert_order *order = new_order(id, OPTIONS);
  canned script[] = {FAILED(0), ANSWER(200, ACCEPTED)};
  run_log log = drive(id, order, script, 2);
  const cJSON *r = result_of(&log);
  check(str_is(r, "path", "accepted") && num_is(r, "attempts", 2), id, "not accepted on the second attempt");
  check(log.paid_sends == 2 && log.lookups == 0, id, "%d paid sends and %d lookups, want 2 and 0", log.paid_sends,
        log.lookups);
  cJSON_Delete(log.done);
  ncpcert_order_free(order);
}

static void name_taken_on_a_first_attempt(void) {
  const char *id = "order: name taken on the first attempt";
  ncpcert_order *order = new_order(id, OPTIONS);
  canned script[] = {ANSWER(400, NAME_EXISTS)};
  run_log log = drive(id, order, script, 1);
  const cJSON *e = error_of(&log);
  check(cJSON_IsFalse(at(log.done, "ok")) && str_is(e, "type", "order") && str_is(e, "code", "order.name_taken") &&
            str_at(e, "message") && str_at(e, "hint") && str_is(e, "certificateName", "www-example"),
        id, "not order.name_taken");
  check(log.paid_sends == 1, id, "%d paid sends, want 1", log.paid_sends);
  cJSON_Delete(log.done);
  ncpcert_order_free(order);
}

static void lookups_fail_outcome_unknown(void) {
  const char *id = "order: lost answer, lookups fail";
  ncpcert_order *order = new_order(id, OPTIONS);
  /* The core reads a lookup up to three times (core/src/order/machine.rs READ_ATTEMPTS). */
  canned script[] = {FAILED(1), ANSWER(503, UNAVAILABLE), ANSWER(503, UNAVAILABLE), ANSWER(503, UNAVAILABLE)};
  run_log log = drive(id, order, script, 4);
  const cJSON *e = error_of(&log);
  check(str_is(e, "type", "order") && str_is(e, "code", "order.outcome_unknown") && str_at(e, "hint"), id,
        "not order.outcome_unknown");
  check(log.paid_sends == 1 && log.lookups == 3, id, "%d paid sends and %d lookups, want 1 and 3", log.paid_sends,
        log.lookups);
  cJSON_Delete(log.done);
  ncpcert_order_free(order);
}

/* The CSR as its own bytes (DER too would do); the JSON has none. */
static void csr_given_apart(void) {
  const char *id = "order: the CSR given apart";
  char *csr = sample_csr();
  char *request = request_json(NULL, "www.example.com");
  ncpcert_order *order = NULL;
  ncpcert_buf error = {0};
  int status = ncpcert_order_new(U8(request), strlen(request), U8(csr), strlen(csr), U8(OPTIONS), strlen(OPTIONS),
                                 &order, &error);
  check(status == NCPCERT_OK && order, id, "status %d: %s", status, error.data ? (const char *)error.data : "");
  ncpcert_buf_free(&error);
  if (order) {
    canned script[] = {ANSWER(200, ACCEPTED)};
    run_log log = drive(id, order, script, 1);
    check(str_is(result_of(&log), "path", "accepted"), id, "not accepted");
    cJSON_Delete(log.done);
    ncpcert_order_free(order);
  }
  /* Without it anywhere: a validation error, every finding. */
  {
    static char somewhere;
    order = (ncpcert_order *)(void *)&somewhere; /* must be reset to NULL */
  }
  status = ncpcert_order_new(U8(request), strlen(request), NULL, 0, NULL, 0, &order, &error);
  check(order == NULL, id, "order_out is not NULL after a failure");
  expect_error("order: no CSR at all", status, NCPCERT_ERR_VALIDATION, &error, "validation", "request.invalid");
  free(request);
  free(csr);
}

static void bad_requests_and_options(void) {
  char *csr = sample_csr();
  char *bad = request_json(csr, "a_b.example.com");
  char *good = request_json(csr, "www.example.com");
  static const struct {
    const char *id, *options, *code;
  } options[] = {
      {"order_new: unknown site", "{\"site\":\"moon\"}", "site.invalid"},
      {"order_new: negative retries", "{\"retries\":-1}", "argument.invalid"},
      {"order_new: too many retries", "{\"retries\":21}", "argument.invalid"},
      {"order_new: strict not a bool", "{\"strict\":\"yes\"}", "argument.invalid"},
      {"order_new: unknown option", "{\"retry\":1}", "argument.invalid"},
      {"order_new: options not an object", "[]", "argument.invalid"},
      {"order_new: options not JSON", "{", "argument.invalid"},
      {"order_new: journal not text", "{\"journal\":7}", "argument.invalid"},
  };
  static const uint8_t not_utf8[] = {'{', 0xff, '}'};
  ncpcert_buf error = {0};
  ncpcert_order *order = NULL;
  size_t i;
  int status = ncpcert_order_new(U8(bad), strlen(bad), NULL, 0, NULL, 0, &order, &error);
  {
    cJSON *doc = parse_buf(&error);
    check(has_finding(at(doc, "findings"), "domain.underscore", NULL, "error"), "order_new: invalid request",
          "no domain.underscore finding");
    cJSON_Delete(doc);
  }
  expect_error("order_new: invalid request", status, NCPCERT_ERR_VALIDATION, &error, "validation", "request.invalid");
  for (i = 0; i < sizeof options / sizeof options[0]; i++) {
    status = ncpcert_order_new(U8(good), strlen(good), NULL, 0, U8(options[i].options), strlen(options[i].options),
                               &order, &error);
    check(order == NULL, options[i].id, "a handle came back");
    expect_error(options[i].id, status, NCPCERT_ERR_ARGUMENT, &error, "argument", options[i].code);
  }
  status = ncpcert_order_new(U8(good), strlen(good), NULL, 0, not_utf8, sizeof not_utf8, &order, &error);
  expect_error("order_new: options not UTF-8", status, NCPCERT_ERR_ARGUMENT, &error, "argument", "argument.invalid");
  status = ncpcert_order_new(not_utf8, sizeof not_utf8, NULL, 0, NULL, 0, &order, &error);
  expect_error("order_new: request not UTF-8", status, NCPCERT_ERR_ARGUMENT, &error, "argument", "argument.invalid");
  /* error_out may be NULL: the status still tells. */
  status = ncpcert_order_new(U8(bad), strlen(bad), NULL, 0, NULL, 0, &order, NULL);
  check(status == NCPCERT_ERR_VALIDATION && order == NULL, "order_new: NULL error_out", "status %d", status);
  free(bad);
  free(good);
  free(csr);
}

static void null_arguments(void) {
  char *csr = sample_csr();
  char *request = request_json(csr, "www.example.com");
  ncpcert_buf out = {0};
  ncpcert_order *order = NULL;
  int status = ncpcert_order_new(U8(request), strlen(request), NULL, 0, NULL, 0, NULL, &out);
  expect_error("order_new: NULL order_out", status, NCPCERT_ERR_ARGUMENT, &out, "argument", "argument.invalid");
  status = ncpcert_order_new(NULL, 5, NULL, 0, NULL, 0, &order, &out);
  expect_error("order_new: NULL request with a length", status, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  status = ncpcert_order_new(U8(request), strlen(request), NULL, 9, NULL, 0, &order, &out);
  expect_error("order_new: NULL csr with a length", status, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  status = ncpcert_order_new(U8(request), strlen(request), NULL, 0, NULL, 2, &order, &out);
  expect_error("order_new: NULL options with a length", status, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  status = ncpcert_order_next(NULL, 0, &out);
  expect_error("order_next: NULL order", status, NCPCERT_ERR_ARGUMENT, &out, "argument", "argument.invalid");
  status = ncpcert_order_feed(NULL, 200, U8("{}"), 2, NULL, 0, &out);
  expect_error("order_feed: NULL order", status, NCPCERT_ERR_ARGUMENT, &out, "argument", "argument.invalid");
  status = ncpcert_order_feed(NULL, 200, NULL, 0, NULL, 0, NULL);
  check(status == NCPCERT_ERR_ARGUMENT, "order_feed: NULL order and error_out", "status %d", status);
  ncpcert_order_free(NULL);

  /* A NULL action_out: a status, and the workflow does not move (the first action is still
   * the journal entry before the paid call). */
  order = new_order("order_next: NULL action_out", OPTIONS);
  status = ncpcert_order_next(order, 0, NULL);
  check(status == NCPCERT_ERR_ARGUMENT, "order_next: NULL action_out", "status %d", status);
  {
    cJSON *first = next_action("order_next: NULL action_out", order);
    check(str_is(first, "action", "journal"), "order_next: NULL action_out",
          "the workflow moved: the first action is not the journal entry");
    cJSON_Delete(first);
  }
  /* Pointers inside the ranges of feed, checked before the workflow is touched. */
  cJSON_Delete(next_action("order_feed: NULL body", order)); /* the send */
  status = ncpcert_order_feed(order, 200, NULL, 4, NULL, 0, &out);
  expect_error("order_feed: NULL body with a length", status, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  status = ncpcert_order_feed(order, 200, U8("{}"), 2, NULL, 3, &out);
  expect_error("order_feed: NULL meta with a length", status, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  {
    canned ok = ANSWER(200, ACCEPTED);
    status = feed(order, &ok, NULL);
    check(status == NCPCERT_OK, "order_feed: the answer after bad calls", "status %d", status);
  }
  ncpcert_order_free(order);
  free(request);
  free(csr);
}

static void out_of_turn(void) {
  const char *id = "order: out of turn";
  ncpcert_order *order = new_order(id, OPTIONS);
  ncpcert_buf out = {0};
  canned accepted = ANSWER(200, ACCEPTED);
  int status;
  cJSON *action;
  /* An answer before anything was sent. */
  status = feed(order, &accepted, &out);
  expect_error("order_feed: nothing sent yet", status, NCPCERT_ERR_INTERNAL, &out, "internal", "internal.misuse");
  cJSON_Delete(next_action(id, order)); /* journal */
  action = next_action(id, order);
  check(str_is(action, "action", "send"), id, "the second action is not the send");
  cJSON_Delete(action);
  /* Asking again while the call waits for its answer, twice: the same error each time. */
  status = ncpcert_order_next(order, 0, &out);
  expect_error("order_next: the call waits for its answer", status, NCPCERT_ERR_INTERNAL, &out, "internal",
               "internal.misuse");
  status = ncpcert_order_next(order, 0, &out);
  expect_error("order_next: still waiting", status, NCPCERT_ERR_INTERNAL, &out, "internal", "internal.misuse");
  /* The handle goes on: the answer is taken, the order completes. */
  status = feed(order, &accepted, &out);
  check(status == NCPCERT_OK && out.data == NULL, id, "feed after misuse: status %d", status);
  {
    run_log log = drive(id, order, NULL, 0);
    check(str_is(result_of(&log), "path", "accepted"), id, "not accepted after the misuse");
    cJSON_Delete(log.done);
  }
  /* Fed twice: the second has nothing to answer. */
  status = feed(order, &accepted, &out);
  expect_error("order_feed: after done", status, NCPCERT_ERR_INTERNAL, &out, "internal", "internal.misuse");
  ncpcert_order_free(order);
  /* A handle abandoned while a call waits is freed all the same (valgrind/ASan: no leak). */
  order = new_order(id, OPTIONS);
  cJSON_Delete(next_action(id, order));
  cJSON_Delete(next_action(id, order));
  ncpcert_order_free(order);
}

static void bad_meta(void) {
  static const struct {
    const char *id;
    uint16_t status;
    const char *body, *meta;
  } cases[] = {
      {"meta: failure without written", 0, "", "{}"},
      {"meta: failure with no meta", 0, "", NULL},
      {"meta: written not a bool", 0, "", "{\"written\":1}"},
      {"meta: message not text", 0, "", "{\"written\":true,\"message\":[]}"},
      {"meta: failure with a date", 0, "", "{\"written\":true,\"date\":\"x\"}"},
      {"meta: failure with a body", 0, "x", "{\"written\":true}"},
      {"meta: answer with written", 504, "", "{\"written\":true}"},
      {"meta: receivedAtMs negative", 504, "", "{\"receivedAtMs\":-5}"},
      {"meta: receivedAtMs a fraction", 504, "", "{\"receivedAtMs\":1.5}"},
      {"meta: date not text", 504, "", "{\"date\":17}"},
      {"meta: not an object", 504, "", "[1]"},
      {"meta: not JSON", 504, "", "{\"date\":"},
  };
  const char *id = "order: bad meta";
  ncpcert_order *order = new_order(id, OPTIONS);
  ncpcert_buf out = {0};
  size_t i;
  int status;
  char *deep = malloc(200001);
  static const uint8_t not_utf8[] = {'{', 0xc3, '}'};
  cJSON_Delete(next_action(id, order));
  cJSON_Delete(next_action(id, order)); /* the paid send: waits for its answer */
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    status = ncpcert_order_feed(order, cases[i].status, U8(cases[i].body), strlen(cases[i].body),
                                cases[i].meta ? U8(cases[i].meta) : NULL, cases[i].meta ? strlen(cases[i].meta) : 0,
                                &out);
    expect_error(cases[i].id, status, NCPCERT_ERR_ARGUMENT, &out, "argument", "argument.invalid");
  }
  status = ncpcert_order_feed(order, 504, NULL, 0, not_utf8, sizeof not_utf8, &out);
  expect_error("meta: not UTF-8", status, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  /* 100 000 levels of nesting: refused, no stack overflow. */
  memset(deep, '[', 100000);
  memset(deep + 100000, ']', 100000);
  deep[200000] = 0;
  status = ncpcert_order_feed(order, 504, NULL, 0, U8(deep), 200000, &out);
  expect_error("meta: deeply nested", status, NCPCERT_ERR_ARGUMENT, &out, "argument", NULL);
  free(deep);
  /* None of that moved the workflow: the 504 is taken now, and the lookup follows. */
  {
    canned script[] = {ANSWER(200, LISTED)};
    canned lost = ANSWER(504, TIMEOUT_504);
    run_log log;
    status = feed(order, &lost, &out);
    check(status == NCPCERT_OK, id, "the 504 after bad meta: status %d", status);
    ncpcert_buf_free(&out);
    log = drive(id, order, script, 1);
    check(str_is(result_of(&log), "path", "recovered") && log.paid_sends == 0 && log.lookups == 1, id,
          "not recovered with one lookup after the bad meta");
    cJSON_Delete(log.done);
  }
  ncpcert_order_free(order);
}

/* Hostile bodies for the paid call and for every lookup: never a crash, always an end, and
 * the paid request is never sent again (no lookup could say the name is free). */
static void hostile_bodies(void) {
  static const uint16_t statuses[] = {200, 504, 400};
  uint8_t *bodies[6];
  size_t lengths[6], i, j, k;
  /* 1 MiB of 0xff; 100 000 levels of nesting; NUL bytes inside JSON; a truncated success; a
   * success of the wrong types; a huge number. */
  lengths[0] = 1 << 20;
  bodies[0] = malloc(lengths[0]);
  memset(bodies[0], 0xff, lengths[0]);
  lengths[1] = 200000;
  bodies[1] = malloc(lengths[1]);
  memset(bodies[1], '[', 100000);
  memset(bodies[1] + 100000, ']', 100000);
  {
    static const char nul[] = "{\"returnCode\":\"0\0\",\"paidCertificate\":{\"certificateNo\":1000}}";
    static const char truncated[] = "{\"returnCode\":\"0\",\"paidCertificate\":{\"certificateNo\":";
    static const char types[] = "{\"returnCode\":0,\"paidCertificate\":[],\"orders\":{\"x\":1},\"certificateNo\":\"a\"}";
    static const char big[] = "{\"returnCode\":\"0\",\"paidCertificate\":{\"certificateNo\":1e999999}}";
    const char *texts[] = {nul, truncated, types, big};
    const size_t sizes[] = {sizeof nul - 1, sizeof truncated - 1, sizeof types - 1, sizeof big - 1};
    for (i = 0; i < 4; i++) {
      lengths[2 + i] = sizes[i];
      bodies[2 + i] = malloc(sizes[i]);
      memcpy(bodies[2 + i], texts[i], sizes[i]);
    }
  }
  for (i = 0; i < 6; i++) {
    for (j = 0; j < sizeof statuses / sizeof statuses[0]; j++) {
      char id[80];
      ncpcert_order *order;
      canned script[5];
      run_log log;
      const char *code;
      snprintf(id, sizeof id, "order: hostile body %zu with HTTP %u", i, statuses[j]);
      order = new_order(id, OPTIONS);
      if (!order) continue;
      for (k = 0; k < 5; k++) {
        script[k].status = k == 0 ? statuses[j] : 200;
        script[k].body = bodies[i];
        script[k].body_len = lengths[i];
        script[k].meta = NULL;
      }
      /* One paid call and at most three lookups: the script has room to spare. */
      log = drive_script(id, order, script, 5, 0);
      code = str_at(error_of(&log), "code");
      check(log.done && log.paid_sends == 1, id, "%d paid sends, want 1", log.paid_sends);
      check(cJSON_IsFalse(at(log.done, "ok")) && code &&
                (strcmp(code, "order.outcome_unknown") == 0 || strcmp(code, "order.refused") == 0),
            id, "ended with %s, want order.outcome_unknown or order.refused", code ? code : "(no error)");
      cJSON_Delete(log.done);
      ncpcert_order_free(order);
    }
  }
  for (i = 0; i < 6; i++) free(bodies[i]);
}

void suite_order(void) {
  int before = passes() + failures();
  accepted_at_once();
  lost_answer_then_found();
  refused_connection_is_sent_again();
  name_taken_on_a_first_attempt();
  lookups_fail_outcome_unknown();
  csr_given_apart();
  bad_requests_and_options();
  null_arguments();
  out_of_turn();
  bad_meta();
  hostile_bodies();
  printf("order checks: %d\n", passes() + failures() - before);
}
