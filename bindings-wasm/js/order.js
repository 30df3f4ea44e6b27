// placeOrder: the order workflow (never ordering twice) over `fetch`, shared by every entry of
// `ncpcert/order` (and through them by the main entry's `placeOrder`, which loads them on its
// first call). Every decision (send, resend after backoff, look the name up, accept a found
// certificate as this request's, stop) is the core's: the full module validates and prepares
// the request, the order module's `WasmOrder` runs the workflow over what was prepared; this
// loop only signs and sends what it asks for and tells it what came back. JavaScript hosts
// keep no journal: its entries are skipped.
//
// ES module source; the package build also emits a CommonJS copy (order.cjs).

import { NcpError, NcpOrderError, call, describe, optionalString, options } from "./errors.js";

/**
 * `placeOrder` over `prepare(request, {site, baseUrl, strict})` (the full API's, or a promise
 * of its result) and `loadOrder()`, which returns the order module's wasm-bindgen glue (or a
 * promise of it), loading it on first use.
 */
export function createPlaceOrder(prepare, loadOrder) {
  return async function placeOrder(request, opts) {
    const {
      signer,
      fetch: fetchFn = globalThis.fetch,
      timeoutMs = 30_000,
      site,
      baseUrl,
      strict,
      lang,
      ...rest
    } = options(opts, "options");
    if (signer === null || typeof signer !== "object" || typeof signer.signRequest !== "function") {
      throw new NcpError(`signer must be a Signer (new Signer({accessKey, secretKey})), not ${describe(signer)}`, "argument.invalid");
    }
    if (typeof fetchFn !== "function") {
      throw new NcpError(`fetch must be a fetch function, not ${describe(fetchFn)}`, "argument.invalid");
    }
    // setTimeout takes at most 2^31 - 1 ms (about 24 days); more would fire at once.
    if (typeof timeoutMs !== "number" || !(timeoutMs >= 1 && timeoutMs <= 2_147_483_647)) {
      throw new NcpError(`timeoutMs must be a number of milliseconds from 1 to 2147483647, not ${typeof timeoutMs === "number" ? timeoutMs : describe(timeoutMs)}`, "argument.invalid");
    }
    if (strict !== undefined && strict !== null && typeof strict !== "boolean") {
      throw new NcpError(`strict must be true or false, not ${describe(strict)}`, "argument.invalid");
    }
    // retries, backoffMs and any other option are the core's to check; it refuses unknown
    // ones (and `journal`: this build reads none). fetch may send a request again by itself
    // (Chromium resends a POST whose reused connection closed before the answer), so the
    // core is told that "the name exists" after an attempt may be that attempt's own order.
    const settings = { ...rest, transportMayReplay: true };
    const where = { site: optionalString(site, "site"), baseUrl: optionalString(baseUrl, "baseUrl"), strict: strict ?? false, lang };
    // Validated and prepared by the full module (NcpValidationError, site.invalid): nothing of
    // the order module is loaded for a request that cannot be sent.
    const prepared = await prepare(request, where);
    const n = await loadOrder();
    const order = call(() => new n.WasmOrder(prepared, settings, lang ?? undefined));
    // The signer's clock (its `now` plus its own offset), so that the core's correction from
    // NCP's Date header adds to it rather than replacing it.
    const clock = typeof signer._clock === "function" ? () => signer._clock() : Date.now;
    try {
      for (;;) {
        const action = call(() => order.next(Date.now()));
        switch (action.action) {
          case "journal":
            continue;
          case "sleep":
            await new Promise((resolve) => setTimeout(resolve, action.ms));
            continue;
          case "send":
            await send(order, action, signer, clock, fetchFn, timeoutMs);
            continue;
          case "done":
            if (action.ok) return action.result;
            throw new NcpOrderError(action.error);
          default:
            throw new NcpError(`ncpcert failed unexpectedly: unknown action ${String(action.action)}`, "internal.engine");
        }
      }
    } finally {
      order.free();
    }
  };
}

/** Sends one call exactly as the core built it, freshly signed, and feeds back what happened. */
async function send(order, action, signer, clock, fetchFn, timeoutMs) {
  let signed;
  try {
    signed = signer.signRequest(action.request, clock() + action.clockOffsetMs);
  } catch (e) {
    // Nothing was sent; the core decides what that means for the workflow.
    call(() => order.transportFailed(false, `the request could not be signed: ${failureText(e)}`));
    return;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status;
  let body;
  let date;
  try {
    const res = await fetchFn(signed.url, {
      method: signed.method,
      headers: signed.headers,
      body: signed.body ?? undefined,
      signal: controller.signal,
    });
    status = res.status;
    date = res.headers.get("date") ?? undefined;
    body = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    const message = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : failureText(e);
    call(() => order.transportFailed(!nothingWritten(e, controller.signal.aborted), message));
    return;
  } finally {
    clearTimeout(timer);
  }
  let receivedAt;
  try {
    receivedAt = clock();
  } catch {
    // Without the time of arrival the core does not read NCP's clock from this answer.
  }
  call(() => order.receive(status, body, date, Number.isSafeInteger(receivedAt) && receivedAt >= 0 ? receivedAt : undefined));
}

// Connection errors of Node's fetch (undici's `cause.code`) that prove no byte of the request
// was written: the name did not resolve, or the connection was refused, unreachable or not
// made in time. A reset, a closed connection, an abort or anything unknown (a browser's
// opaque TypeError) may come after the request was written.
const NOT_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function nothingWritten(e, aborted) {
  if (aborted) return false;
  const cause = e?.cause;
  if (NOT_CONNECTED.has(cause?.code)) return true;
  // Several addresses tried in turn (Happy Eyeballs): every one of them failed to connect.
  const each = cause?.errors;
  return Array.isArray(each) && each.length > 0 && each.every((x) => NOT_CONNECTED.has(x?.code));
}

/** What fetch said, with the cause undici keeps apart ("fetch failed: connect ECONNREFUSED …"). */
function failureText(e) {
  const text = (x) => (x instanceof Error ? x.message || x.name : String(x));
  const cause = e?.cause;
  return cause === undefined || cause === null ? text(e) : `${text(e)}: ${text(cause)}`;
}
