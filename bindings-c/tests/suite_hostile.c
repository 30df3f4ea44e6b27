/* The hostile-input catalogue (tests/vectors/hostile.json) through the C ABI, from the plain
 * files hostile_inputs.py writes: every case must give the outcome the catalogue states,
 * with a status and error JSON of the documented shape, within the time limit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* What a call gave: its status and its result or error JSON. */
typedef struct {
  int status;
  cJSON *doc;
} outcome;

static const char *DIR_ = ".";

static uint8_t *input(const cJSON *args, const char *key, size_t *len) {
  const char *name = str_at(args, key);
  char path[4096];
  uint8_t *data;
  if (!name) return NULL;
  snprintf(path, sizeof path, "%s/%s", DIR_, name);
  data = read_file(path, len);
  if (!data) {
    printf("FATAL: cannot read %s\n", path);
    exit(2);
  }
  return data;
}

/* A decimal integer that fits uint64_t, as the C ABI takes timestamps. */
static int parse_u64(const char *text, uint64_t *value) {
  char *end;
  if (!text || *text < '0' || *text > '9') return 0;
  errno = 0;
  *value = strtoull(text, &end, 10);
  return errno == 0 && *end == 0;
}

static const char *STATUS_TYPE[] = {"", "signing", "validation", "csr", "api", "argument", "internal"};

static int call_sign(const cJSON *args, ncpcert_buf *out, cJSON **value) {
  size_t ml, pl, al, sl;
  uint8_t *m = input(args, "method", &ml), *p = input(args, "path", &pl);
  uint8_t *a = input(args, "access_key", &al), *s = input(args, "secret_key", &sl);
  uint8_t signature[44];
  uint64_t ts;
  int status;
  parse_u64(str_at(args, "timestamp"), &ts);
  status = ncpcert_sign(m, ml, p, pl, ts, a, al, s, sl, signature, out);
  if (status == NCPCERT_OK) {
    char text[45];
    memcpy(text, signature, 44);
    text[44] = 0;
    *value = cJSON_CreateString(text);
  } else if (out->data && strstr((const char *)out->data, (const char *)s) && sl > 0) {
    check(0, "sign", "the secret key is in the error JSON");
  }
  free(m), free(p), free(a), free(s);
  return status;
}

static int call_request(const char *call, const cJSON *args, ncpcert_buf *out) {
  size_t rl, cl = 0, sl = 0;
  uint8_t *request = input(args, "request", &rl), *csr = input(args, "csr", &cl);
  uint8_t *site = input(args, "base_url", &sl);
  uint32_t flags = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(args, "strict")) ? NCPCERT_FLAG_STRICT : 0;
  int status;
  if (!site) site = input(args, "site", &sl);
  if (!site) {
    site = (uint8_t *)malloc(7);
    memcpy(site, "public", 7);
    sl = 6;
  }
  if (strcmp(call, "validate") == 0)
    status = csr ? ncpcert_validate_with_csr(request, rl, csr, cl, flags, out)
                 : ncpcert_validate(request, rl, flags, out);
  else
    status = csr ? ncpcert_prepare_with_csr(request, rl, csr, cl, site, sl, flags, out)
                 : ncpcert_prepare(request, rl, site, sl, flags, out);
  free(request), free(csr), free(site);
  return status;
}

static outcome run(const char *id, const char *call, const cJSON *args, cJSON **value) {
  ncpcert_buf out = {0};
  outcome o = {0, NULL};
  size_t len;
  uint8_t *data;
  if (strcmp(call, "sign") == 0) {
    o.status = call_sign(args, &out, value);
  } else if (strcmp(call, "validate") == 0 || strcmp(call, "prepare") == 0) {
    o.status = call_request(call, args, &out);
  } else if (strcmp(call, "inspect_csr") == 0) {
    data = input(args, "input", &len);
    o.status = ncpcert_inspect_csr(data, len, &out);
    free(data);
  } else {
    data = input(args, "body", &len);
    o.status = ncpcert_parse_response(
        (uint16_t)cJSON_GetObjectItemCaseSensitive(args, "status")->valueint, data, len, &out);
    free(data);
  }
  o.doc = parse_buf(&out);
  /* Every error is JSON whose type is the status's. */
  if (o.status != NCPCERT_OK) {
    const char *type = str_at(o.doc, "type");
    check(o.status > 0 && o.status <= 6 && type && strcmp(type, STATUS_TYPE[o.status]) == 0 &&
              str_at(o.doc, "code") && str_at(o.doc, "message"),
          id, "status %d with error %s", o.status, out.data ? (char *)out.data : "(none)");
  }
  ncpcert_buf_free(&out);
  return o;
}

static const cJSON *findings_of(const char *call, const outcome *o) {
  if (o->status == NCPCERT_OK && strcmp(call, "prepare") == 0)
    return cJSON_GetObjectItemCaseSensitive(o->doc, "warnings");
  return cJSON_GetObjectItemCaseSensitive(o->doc, "findings");
}

static int has_error(const cJSON *findings) {
  const cJSON *f;
  cJSON_ArrayForEach(f, findings) {
    const char *severity = str_at(f, "severity");
    if (severity && strcmp(severity, "error") == 0) return 1;
  }
  return 0;
}

static int matches(const char *call, const cJSON *expect, const outcome *o, const cJSON *value) {
  const char *kind = str_at(expect, "kind");
  const cJSON *findings = findings_of(call, o);
  if (strcmp(kind, "ok") == 0) {
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(expect, "value");
    return o->status == NCPCERT_OK && !has_error(findings) &&
           (!want || (value && strcmp(want->valuestring, value->valuestring) == 0));
  }
  if (strcmp(kind, "finding") == 0)
    return (o->status == NCPCERT_OK || o->status == NCPCERT_ERR_VALIDATION) &&
           has_finding(findings, str_at(expect, "code"), str_at(expect, "field"), str_at(expect, "severity"));
  if (strcmp(kind, "error") == 0) {
    const char *api_kind = str_at(expect, "api_kind");
    return o->status != NCPCERT_OK && str_at(o->doc, "type") &&
           strcmp(str_at(o->doc, "type"), str_at(expect, "class")) == 0 && str_at(o->doc, "code") &&
           strcmp(str_at(o->doc, "code"), str_at(expect, "code")) == 0 &&
           (!api_kind || (str_at(o->doc, "kind") && strcmp(str_at(o->doc, "kind"), api_kind) == 0));
  }
  return 0;
}

void suite_hostile(const char *cases_dir) {
  char path[4096];
  size_t len;
  uint8_t *text;
  cJSON *doc;
  const cJSON *c;
  double limit, scale = getenv("NCPCERT_TIME_SCALE") ? atof(getenv("NCPCERT_TIME_SCALE")) : 1.0;
  int n = 0;
  DIR_ = cases_dir;
  snprintf(path, sizeof path, "%s/cases.json", cases_dir);
  text = read_file(path, &len);
  doc = text ? cJSON_ParseWithLength((const char *)text, len) : NULL;
  free(text);
  if (!doc) {
    printf("FATAL: no %s (run hostile_inputs.py first)\n", path);
    exit(2);
  }
  limit = cJSON_GetObjectItemCaseSensitive(doc, "time_limit_ms")->valuedouble / 1000.0 * scale;
  cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "cases")) {
    const char *id = str_at(c, "id"), *call = str_at(c, "call");
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(c, "args");
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
    cJSON *value = NULL;
    outcome o;
    double start, took;
    uint64_t ts;
    n++;
    if (strcmp(call, "sign") == 0 && !parse_u64(str_at(args, "timestamp"), &ts)) {
      /* -1, NaN, 1e400, 2^64 …: the C ABI takes a uint64_t, so such a value cannot be given. */
      note_skip(id, "the timestamp is not a uint64_t");
      continue;
    }
    if (strcmp(call, "parse_response") == 0) {
      double status = cJSON_GetObjectItemCaseSensitive(args, "status")->valuedouble;
      if (status < 0 || status > 65535) {
        /* A uint16_t cannot hold it: counted, as in the Rust runner, as argument.invalid. */
        check(strcmp(str_at(expect, "code"), "argument.invalid") == 0, id, "expected %s", str_at(expect, "code"));
        continue;
      }
    }
    start = now_seconds();
    o = run(id, call, args, &value);
    took = now_seconds() - start;
    {
      char *want = cJSON_PrintUnformatted(expect);
      check(matches(call, expect, &o, value), id, "expected %s, got status %d: %.300s", want, o.status,
            o.doc ? str_at(o.doc, "message") ? str_at(o.doc, "message") : "(a result)" : "(no JSON)");
      free(want);
    }
    check(took <= limit, id, "took %.2f s, over the %.1f s limit", took, limit);
    cJSON_Delete(o.doc);
    cJSON_Delete(value);
  }
  printf("hostile cases: %d\n", n);
  cJSON_Delete(doc);
}
