package ncpcert;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The C library through JNA (finds libncpcert_ffi on {@code jna.library.path}). */
final class JnaBackend implements Backend {
    /** C {@code size_t}. */
    public static final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(Native.SIZE_T_SIZE, value, true);
        }
    }

    /** {@code struct ncpcert_buf { uint8_t *data; size_t len; }}. */
    public static final class Buf extends Structure {
        public Pointer data;
        public SizeT len;

        @Override
        protected List<String> getFieldOrder() {
            return Arrays.asList("data", "len");
        }
    }

    /** The functions of ncpcert.h, as JNA maps them. */
    public interface Lib extends Library {
        String ncpcert_version();

        int ncpcert_sign(byte[] method, SizeT methodLen, byte[] path, SizeT pathLen, long timestampMs,
                byte[] accessKey, SizeT accessKeyLen, byte[] secretKey, SizeT secretKeyLen,
                byte[] signatureOut, Buf errorOut);

        int ncpcert_validate(byte[] request, SizeT len, int flags, Buf out);

        int ncpcert_validate_with_csr(byte[] request, SizeT len, byte[] csr, SizeT csrLen, int flags, Buf out);

        int ncpcert_prepare(byte[] request, SizeT len, byte[] site, SizeT siteLen, int flags, Buf out);

        int ncpcert_prepare_with_csr(byte[] request, SizeT len, byte[] csr, SizeT csrLen, byte[] site,
                SizeT siteLen, int flags, Buf out);

        int ncpcert_inspect_csr(byte[] input, SizeT len, Buf out);

        int ncpcert_parse_response(short httpStatus, byte[] body, SizeT len, Buf out);

        int ncpcert_signer_new(byte[] accessKey, SizeT accessKeyLen, byte[] secretKey, SizeT secretKeyLen,
                PointerByReference signerOut, Buf errorOut);

        int ncpcert_signer_headers(Pointer signer, byte[] method, SizeT methodLen, byte[] path, SizeT pathLen,
                long timestampMs, Buf out);

        void ncpcert_signer_free(Pointer signer);

        int ncpcert_list_certificates(byte[] options, SizeT len, byte[] site, SizeT siteLen, Buf out);

        int ncpcert_list_dcv_statuses(byte[] options, SizeT len, byte[] site, SizeT siteLen, Buf out);

        int ncpcert_get_certificate_chain(byte[] options, SizeT len, byte[] site, SizeT siteLen, Buf out);

        int ncpcert_list_organizations(byte[] options, SizeT len, byte[] site, SizeT siteLen, Buf out);

        int ncpcert_parse_certificate_list(short httpStatus, byte[] body, SizeT len, byte[] name, SizeT nameLen,
                Buf out);

        int ncpcert_parse_dcv_statuses(short httpStatus, byte[] body, SizeT len, byte[] domain, SizeT domainLen,
                Buf out);

        int ncpcert_parse_certificate_chain(short httpStatus, byte[] body, SizeT len, Buf out);

        int ncpcert_parse_organizations(short httpStatus, byte[] body, SizeT len, Buf out);

        int ncpcert_validation_domains(byte[] names, SizeT len, Buf out);

        int ncpcert_error_codes(Buf out);

        String ncpcert_transport_outcome(int written);

        void ncpcert_buf_free(Buf buf);

        int ncpcert_order_new(byte[] request, SizeT requestLen, byte[] csr, SizeT csrLen, byte[] options,
                SizeT optionsLen, PointerByReference orderOut, Buf errorOut);

        int ncpcert_order_next(Pointer order, long nowMs, Buf actionOut);

        int ncpcert_order_feed(Pointer order, short httpStatus, byte[] body, SizeT bodyLen, byte[] meta, SizeT metaLen,
                Buf errorOut);

        void ncpcert_order_free(Pointer order);
    }

    private final Lib lib = Native.load("ncpcert_ffi", Lib.class);

    private static SizeT len(byte[] bytes) {
        return new SizeT(bytes == null ? 0 : bytes.length);
    }

    /** The buffer's text, then frees it. */
    private String take(Buf buf) {
        buf.read();
        String text = buf.data == null
                ? ""
                : new String(buf.data.getByteArray(0, (int) buf.len.longValue()), StandardCharsets.UTF_8);
        lib.ncpcert_buf_free(buf);
        return text;
    }

    @Override
    public String name() {
        return "JNA";
    }

    @Override
    public String version() {
        return lib.ncpcert_version();
    }

    @Override
    public Result sign(byte[] method, byte[] path, long ts, byte[] ak, byte[] sk) {
        byte[] signature = new byte[44];
        Buf error = new Buf();
        int status = lib.ncpcert_sign(method, len(method), path, len(path), ts, ak, len(ak), sk, len(sk),
                signature, error);
        String text = take(error);
        return new Result(status, status == 0 ? new String(signature, StandardCharsets.US_ASCII) : text);
    }

    @Override
    public Result validate(byte[] request, byte[] csr, int flags) {
        Buf out = new Buf();
        int status = csr == null
                ? lib.ncpcert_validate(request, len(request), flags, out)
                : lib.ncpcert_validate_with_csr(request, len(request), csr, len(csr), flags, out);
        return new Result(status, take(out));
    }

    @Override
    public Result prepare(byte[] request, byte[] csr, byte[] site, int flags) {
        Buf out = new Buf();
        int status = csr == null
                ? lib.ncpcert_prepare(request, len(request), site, len(site), flags, out)
                : lib.ncpcert_prepare_with_csr(request, len(request), csr, len(csr), site, len(site), flags, out);
        return new Result(status, take(out));
    }

    @Override
    public Result inspectCsr(byte[] input) {
        Buf out = new Buf();
        int status = lib.ncpcert_inspect_csr(input, len(input), out);
        return new Result(status, take(out));
    }

    @Override
    public Result parseResponse(int httpStatus, byte[] body) {
        Buf out = new Buf();
        int status = lib.ncpcert_parse_response((short) httpStatus, body, len(body), out);
        return new Result(status, take(out));
    }

    @Override
    public Result lookup(String function, byte[] options, byte[] site) {
        Buf out = new Buf();
        int status;
        if ("ncpcert_list_certificates".equals(function)) {
            status = lib.ncpcert_list_certificates(options, len(options), site, len(site), out);
        } else if ("ncpcert_list_dcv_statuses".equals(function)) {
            status = lib.ncpcert_list_dcv_statuses(options, len(options), site, len(site), out);
        } else if ("ncpcert_get_certificate_chain".equals(function)) {
            status = lib.ncpcert_get_certificate_chain(options, len(options), site, len(site), out);
        } else if ("ncpcert_list_organizations".equals(function)) {
            status = lib.ncpcert_list_organizations(options, len(options), site, len(site), out);
        } else {
            throw new IllegalArgumentException(function);
        }
        return new Result(status, take(out));
    }

    @Override
    public Result parseLookup(String function, int httpStatus, byte[] body, byte[] text) {
        Buf out = new Buf();
        short s = (short) httpStatus;
        int status;
        if ("ncpcert_parse_certificate_list".equals(function)) {
            status = lib.ncpcert_parse_certificate_list(s, body, len(body), text, len(text), out);
        } else if ("ncpcert_parse_dcv_statuses".equals(function)) {
            status = lib.ncpcert_parse_dcv_statuses(s, body, len(body), text, len(text), out);
        } else if ("ncpcert_parse_certificate_chain".equals(function)) {
            status = lib.ncpcert_parse_certificate_chain(s, body, len(body), out);
        } else if ("ncpcert_parse_organizations".equals(function)) {
            status = lib.ncpcert_parse_organizations(s, body, len(body), out);
        } else {
            throw new IllegalArgumentException(function);
        }
        return new Result(status, take(out));
    }

    @Override
    public Result validationDomains(byte[] names) {
        Buf out = new Buf();
        int status = lib.ncpcert_validation_domains(names, len(names), out);
        return new Result(status, take(out));
    }

    @Override
    public Result errorCodes() {
        Buf out = new Buf();
        int status = lib.ncpcert_error_codes(out);
        return new Result(status, take(out));
    }

    @Override
    public String transportOutcome(int written) {
        return lib.ncpcert_transport_outcome(written);
    }

    @Override
    public Result signerNew(byte[] ak, byte[] sk, long[] handle) {
        PointerByReference signer = new PointerByReference();
        Buf error = new Buf();
        int status = lib.ncpcert_signer_new(ak, len(ak), sk, len(sk), signer, error);
        String text = take(error);
        handle[0] = status == 0 ? Pointer.nativeValue(signer.getValue()) : 0;
        return new Result(status, text);
    }

    @Override
    public Result signerHeaders(long handle, byte[] method, byte[] path, long ts) {
        Buf out = new Buf();
        int status = lib.ncpcert_signer_headers(new Pointer(handle), method, len(method), path, len(path), ts, out);
        return new Result(status, take(out));
    }

    @Override
    public void signerFree(long handle) {
        lib.ncpcert_signer_free(new Pointer(handle));
    }

    @Override
    public Result orderNew(byte[] request, byte[] csr, byte[] options, long[] handle) {
        PointerByReference order = new PointerByReference();
        Buf error = new Buf();
        int status = lib.ncpcert_order_new(request, len(request), csr, len(csr), options, len(options), order, error);
        String text = take(error);
        handle[0] = status == 0 ? Pointer.nativeValue(order.getValue()) : 0;
        return new Result(status, text);
    }

    @Override
    public Result orderNext(long handle, long nowMs) {
        Buf out = new Buf();
        int status = lib.ncpcert_order_next(new Pointer(handle), nowMs, out);
        return new Result(status, take(out));
    }

    @Override
    public Result orderFeed(long handle, int httpStatus, byte[] body, byte[] meta) {
        Buf error = new Buf();
        int status = lib.ncpcert_order_feed(new Pointer(handle), (short) httpStatus, body, len(body), meta, len(meta),
                error);
        return new Result(status, take(error));
    }

    @Override
    public void orderFree(long handle) {
        lib.ncpcert_order_free(new Pointer(handle));
    }
}
