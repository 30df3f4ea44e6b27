package ncpcert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import ncpcert.model.Json;
import ncpcert.model.OrderAction;
import ncpcert.model.PlacedOrder;
import ncpcert.model.PreparedRequest;

/**
 * The driver of the order workflow over {@link HttpURLConnection}: the core's state
 * machine (the C ABI's {@code ncpcert_order_*} handle) makes every decision — send, send
 * again after a backoff, look the name up, accept a found certificate, stop — and this class
 * only performs the actions it asks for and feeds back what happened. It holds no resend or
 * lookup rule of its own; the one thing it decides is whether a failed call wrote anything
 * (see {@link #send}).
 */
final class OrderDriver implements AutoCloseable {
    /** An order error comes inside a {@code done} action, not with a status: its type makes it an OrderException. */
    private static final int ORDER_STATUS = 6;

    private final Backend backend;
    private long handle;

    OrderDriver(Backend backend, byte[] requestJson, byte[] csr, String optionsJson) {
        this.backend = backend;
        long[] out = new long[1];
        Backend.Result r = backend.orderNew(requestJson, csr, Ncpcert.utf8(optionsJson), out);
        if (r.status != 0) {
            throw NcpException.of(r.status, r.text);
        }
        handle = out[0];
    }

    /** Runs the workflow to its end. */
    PlacedOrder run(Signer signer, int timeoutMs) {
        // An interrupt stops the sending, not the workflow: the calls not sent are fed back as
        // failures that wrote nothing, so the workflow still ends with its own verdict (an
        // order whose answer was lost stays order.outcome_unknown). The interrupt is set again
        // before returning.
        boolean interrupted = false;
        try {
            while (true) {
                OrderAction action = next();
                String kind = action.action();
                if ("journal".equals(kind)) {
                    // No journal file in this driver: a resume is the workflow's own lookup within
                    // one call (SPEC §14, rule 2).
                    continue;
                }
                if ("sleep".equals(kind)) {
                    long ms = action.ms() == null ? 0 : action.ms();
                    if (!interrupted && ms > 0) {
                        try {
                            Thread.sleep(ms);
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    continue;
                }
                if ("send".equals(kind)) {
                    if (interrupted || Thread.currentThread().isInterrupted()) {
                        interrupted = true;
                        failed(false, "interrupted before sending");
                    } else {
                        send(action, signer, timeoutMs);
                    }
                    continue;
                }
                if ("done".equals(kind)) {
                    if (Boolean.TRUE.equals(action.ok())) {
                        return action.result();
                    }
                    throw NcpException.of(ORDER_STATUS, Json.write(action.error()));
                }
                throw new IllegalStateException("unknown action " + kind);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private OrderAction next() {
        return Ncpcert.check(backend.orderNext(handle, System.currentTimeMillis()), OrderAction.class);
    }

    private void feed(int httpStatus, byte[] body, Map<String, Object> meta) {
        Backend.Result r = backend.orderFeed(handle, httpStatus, body, Ncpcert.utf8(Json.write(meta)));
        if (r.status != 0) {
            throw NcpException.of(r.status, r.text);
        }
    }

    private void failed(boolean written, String message) {
        Map<String, Object> meta = new LinkedHashMap<String, Object>();
        meta.put("written", written);
        meta.put("message", message);
        feed(0, null, meta);
    }

    private void answered(int httpStatus, byte[] body, String date) {
        Map<String, Object> meta = new LinkedHashMap<String, Object>();
        meta.put("receivedAtMs", System.currentTimeMillis());
        meta.put("date", date);
        feed(httpStatus, body, meta);
    }

    /**
     * Signs and sends one call exactly as asked, and feeds back its answer or its failure.
     *
     * <p>Whether anything was written is told by the phase the failure came in: an exception
     * of {@link HttpURLConnection#connect()} (an unknown host, a refused connection, a connect
     * timeout, a TLS handshake) comes before any byte of the request; any later one (a read
     * timeout, a reset, a connection closed without an answer) may come after NCP acted.
     *
     * <p>A request with a body is sent in fixed-length streaming mode: otherwise
     * HttpURLConnection silently sends a POST again when the connection closes without an
     * answer ({@code sun.net.http.retryPost}), which would order twice. In that mode it
     * answers a 401 with {@link HttpRetryException} and no body; the status (and the Date
     * header) are fed as they are.
     */
    private void send(OrderAction action, Signer signer, int timeoutMs) {
        PreparedRequest request = action.request();
        String method = request.method();
        String path = request.path();
        byte[] body = request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
        long offset = action.clockOffsetMs() == null ? 0 : action.clockOffsetMs();
        long timestamp = Math.max(0, System.currentTimeMillis() + offset);
        Map<String, String> signature = signer.headers(method, path, timestamp);

        HttpURLConnection c;
        try {
            c = (HttpURLConnection) new URL(request.url()).openConnection();
            c.setRequestMethod(method);
        } catch (IOException e) {
            failed(false, describe(e));
            return;
        }
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout(timeoutMs);
        c.setReadTimeout(timeoutMs);
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            c.setRequestProperty(h.getKey(), h.getValue());
        }
        for (Map.Entry<String, String> h : signature.entrySet()) {
            c.setRequestProperty(h.getKey(), h.getValue());
        }
        if (body != null) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
        }
        try {
            try {
                c.connect();
            } catch (IOException e) {
                failed(false, describe(e));
                return;
            }
            int status;
            byte[] answer;
            try {
                if (body != null) {
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body);
                    }
                }
                status = c.getResponseCode();
                answer = readAll(status >= 400 ? c.getErrorStream() : c.getInputStream());
            } catch (HttpRetryException e) {
                status = e.responseCode();
                answer = new byte[0];
            } catch (IOException e) {
                failed(true, describe(e));
                return;
            }
            if (status < 1 || status > 65535) {
                failed(true, "the answer is not HTTP (status line unreadable)");
                return;
            }
            answered(status, answer, c.getHeaderField("Date"));
        } finally {
            c.disconnect();
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getName() + ": " + e.getMessage();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (InputStream input = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = input.read(chunk)) != -1) {
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        }
    }

    @Override
    public void close() {
        if (handle != 0) {
            backend.orderFree(handle);
            handle = 0;
        }
    }
}
