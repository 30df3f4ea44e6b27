package ncpcert;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The C library through the FFM API (JDK 22+). Compiled only on JDK 22+ (see pom.xml) and
 * loaded by name, so the rest of the package stays Java 8. Finds libncpcert_ffi in the
 * directory of the {@code ncpcert.library.path} property, else through the system's search.
 */
final class FfmBackend implements Backend {
    private static final Linker LINKER = Linker.nativeLinker();
    /** {@code size_t}, as this platform has it. */
    private static final ValueLayout SIZE_T = (ValueLayout) LINKER.canonicalLayouts().get("size_t");
    private static final MemoryLayout BUF = MemoryLayout.structLayout(ADDRESS.withName("data"), SIZE_T.withName("len"));

    private final MethodHandle version, sign, validate, validateWithCsr, prepare, prepareWithCsr, inspectCsr,
            parseResponse, signerNew, signerHeaders, signerFree, bufFree, validationDomains, errorCodes, transportOutcome,
            orderNew, orderNext, orderFeed, orderFree;
    /** The builders and parsers of the Certificate Manager calls, by C name. */
    private final java.util.Map<String, MethodHandle> lookups = new java.util.HashMap<String, MethodHandle>();

    FfmBackend() {
        SymbolLookup lookup = lookup();
        version = handle(lookup, "ncpcert_version", FunctionDescriptor.of(ADDRESS));
        sign = handle(lookup, "ncpcert_sign", FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, ADDRESS, SIZE_T,
                JAVA_LONG, ADDRESS, SIZE_T, ADDRESS, SIZE_T, ADDRESS, ADDRESS));
        validate = handle(lookup, "ncpcert_validate", FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, JAVA_INT, ADDRESS));
        validateWithCsr = handle(lookup, "ncpcert_validate_with_csr",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, ADDRESS, SIZE_T, JAVA_INT, ADDRESS));
        prepare = handle(lookup, "ncpcert_prepare",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, ADDRESS, SIZE_T, JAVA_INT, ADDRESS));
        prepareWithCsr = handle(lookup, "ncpcert_prepare_with_csr",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, ADDRESS, SIZE_T, ADDRESS, SIZE_T, JAVA_INT, ADDRESS));
        inspectCsr = handle(lookup, "ncpcert_inspect_csr", FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, ADDRESS));
        parseResponse = handle(lookup, "ncpcert_parse_response",
                FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, SIZE_T, ADDRESS));
        signerNew = handle(lookup, "ncpcert_signer_new",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, ADDRESS, SIZE_T, ADDRESS, ADDRESS));
        signerHeaders = handle(lookup, "ncpcert_signer_headers",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, SIZE_T, ADDRESS, SIZE_T, JAVA_LONG, ADDRESS));
        signerFree = handle(lookup, "ncpcert_signer_free", FunctionDescriptor.ofVoid(ADDRESS));
        bufFree = handle(lookup, "ncpcert_buf_free", FunctionDescriptor.ofVoid(ADDRESS));
        for (String name : new String[] {"ncpcert_list_certificates", "ncpcert_list_dcv_statuses",
                "ncpcert_get_certificate_chain", "ncpcert_list_organizations"}) {
            lookups.put(name, handle(lookup, name,
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, ADDRESS, SIZE_T, ADDRESS)));
        }
        for (String name : new String[] {"ncpcert_parse_certificate_list", "ncpcert_parse_dcv_statuses"}) {
            lookups.put(name, handle(lookup, name,
                    FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, SIZE_T, ADDRESS, SIZE_T, ADDRESS)));
        }
        for (String name : new String[] {"ncpcert_parse_certificate_chain", "ncpcert_parse_organizations"}) {
            lookups.put(name, handle(lookup, name, FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, SIZE_T, ADDRESS)));
        }
        validationDomains = handle(lookup, "ncpcert_validation_domains",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, ADDRESS));
        errorCodes = handle(lookup, "ncpcert_error_codes", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        transportOutcome = handle(lookup, "ncpcert_transport_outcome", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        orderNew = handle(lookup, "ncpcert_order_new", FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T, ADDRESS, SIZE_T,
                ADDRESS, SIZE_T, ADDRESS, ADDRESS));
        orderNext = handle(lookup, "ncpcert_order_next", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        orderFeed = handle(lookup, "ncpcert_order_feed", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT, ADDRESS,
                SIZE_T, ADDRESS, SIZE_T, ADDRESS));
        orderFree = handle(lookup, "ncpcert_order_free", FunctionDescriptor.ofVoid(ADDRESS));
    }

    private static SymbolLookup lookup() {
        String name = System.mapLibraryName("ncpcert_ffi");
        String dir = System.getProperty("ncpcert.library.path");
        // The library stays loaded for the life of the process (a global arena).
        return dir != null
                ? SymbolLookup.libraryLookup(Path.of(dir, name), Arena.global())
                : SymbolLookup.libraryLookup(name, Arena.global());
    }

    private static MethodHandle handle(SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(lookup.find(name).orElseThrow(), descriptor);
    }

    /** size_t is 64-bit on the platforms this runs on; kept as a long either way. */
    private static Object size(long n) {
        return SIZE_T.carrier() == long.class ? (Object) n : (Object) (int) n;
    }

    private static MemorySegment bytes(Arena arena, byte[] data) {
        return data == null || data.length == 0 ? MemorySegment.NULL : arena.allocateFrom(ValueLayout.JAVA_BYTE, data);
    }

    private static long length(byte[] data) {
        return data == null ? 0 : data.length;
    }

    /** The buffer's text, then frees it. */
    private String take(MemorySegment buf) throws Throwable {
        MemorySegment data = buf.get(ADDRESS, 0);
        long len = SIZE_T.carrier() == long.class ? buf.get(JAVA_LONG, ADDRESS.byteSize()) : buf.get(JAVA_INT, ADDRESS.byteSize());
        String text = data.equals(MemorySegment.NULL)
                ? ""
                : new String(data.reinterpret(len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        bufFree.invoke(buf);
        return text;
    }

    private interface Call {
        int run(Arena arena, MemorySegment out) throws Throwable;
    }

    private Result call(Call call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(BUF);
            int status = call.run(arena, out);
            return new Result(status, take(out));
        } catch (Throwable t) {
            throw new IllegalStateException("ncpcert FFM call failed", t);
        }
    }

    @Override
    public String name() {
        return "FFM";
    }

    @Override
    public String version() {
        try {
            return ((MemorySegment) version.invoke()).reinterpret(64).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public Result sign(byte[] method, byte[] path, long ts, byte[] ak, byte[] sk) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment signature = arena.allocate(44);
            MemorySegment error = arena.allocate(BUF);
            int status = (int) sign.invoke(bytes(arena, method), size(length(method)), bytes(arena, path),
                    size(length(path)), ts, bytes(arena, ak), size(length(ak)), bytes(arena, sk), size(length(sk)),
                    signature, error);
            String text = take(error);
            return new Result(status, status == 0
                    ? new String(signature.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII)
                    : text);
        } catch (Throwable t) {
            throw new IllegalStateException("ncpcert FFM call failed", t);
        }
    }

    @Override
    public Result validate(byte[] request, byte[] csr, int flags) {
        return call((arena, out) -> csr == null
                ? (int) validate.invoke(bytes(arena, request), size(length(request)), flags, out)
                : (int) validateWithCsr.invoke(bytes(arena, request), size(length(request)), bytes(arena, csr),
                        size(length(csr)), flags, out));
    }

    @Override
    public Result prepare(byte[] request, byte[] csr, byte[] site, int flags) {
        return call((arena, out) -> csr == null
                ? (int) prepare.invoke(bytes(arena, request), size(length(request)), bytes(arena, site),
                        size(length(site)), flags, out)
                : (int) prepareWithCsr.invoke(bytes(arena, request), size(length(request)), bytes(arena, csr),
                        size(length(csr)), bytes(arena, site), size(length(site)), flags, out));
    }

    @Override
    public Result inspectCsr(byte[] input) {
        return call((arena, out) -> (int) inspectCsr.invoke(bytes(arena, input), size(length(input)), out));
    }

    @Override
    public Result parseResponse(int httpStatus, byte[] body) {
        return call((arena, out) -> (int) parseResponse.invoke((short) httpStatus, bytes(arena, body),
                size(length(body)), out));
    }

    private MethodHandle lookupHandle(String function) {
        MethodHandle h = lookups.get(function);
        if (h == null) {
            throw new IllegalArgumentException(function);
        }
        return h;
    }

    @Override
    public Result lookup(String function, byte[] options, byte[] site) {
        MethodHandle h = lookupHandle(function);
        return call((arena, out) -> (int) h.invoke(bytes(arena, options), size(length(options)), bytes(arena, site),
                size(length(site)), out));
    }

    @Override
    public Result parseLookup(String function, int httpStatus, byte[] body, byte[] text) {
        MethodHandle h = lookupHandle(function);
        boolean withText = "ncpcert_parse_certificate_list".equals(function) || "ncpcert_parse_dcv_statuses".equals(function);
        return call((arena, out) -> withText
                ? (int) h.invoke((short) httpStatus, bytes(arena, body), size(length(body)), bytes(arena, text),
                        size(length(text)), out)
                : (int) h.invoke((short) httpStatus, bytes(arena, body), size(length(body)), out));
    }

    @Override
    public Result validationDomains(byte[] names) {
        return call((arena, out) -> (int) validationDomains.invoke(bytes(arena, names), size(length(names)), out));
    }

    @Override
    public Result errorCodes() {
        return call((arena, out) -> (int) errorCodes.invoke(out));
    }

    @Override
    public String transportOutcome(int written) {
        try {
            return ((MemorySegment) transportOutcome.invoke(written)).reinterpret(64).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public Result signerNew(byte[] ak, byte[] sk, long[] handle) {
        return call((arena, out) -> {
            MemorySegment signerOut = arena.allocate(ADDRESS);
            int status = (int) signerNew.invoke(bytes(arena, ak), size(length(ak)), bytes(arena, sk),
                    size(length(sk)), signerOut, out);
            handle[0] = status == 0 ? signerOut.get(ADDRESS, 0).address() : 0;
            return status;
        });
    }

    @Override
    public Result signerHeaders(long handle, byte[] method, byte[] path, long ts) {
        return call((arena, out) -> (int) signerHeaders.invoke(MemorySegment.ofAddress(handle), bytes(arena, method),
                size(length(method)), bytes(arena, path), size(length(path)), ts, out));
    }

    @Override
    public void signerFree(long handle) {
        try {
            signerFree.invoke(MemorySegment.ofAddress(handle));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public Result orderNew(byte[] request, byte[] csr, byte[] options, long[] handle) {
        return call((arena, out) -> {
            MemorySegment orderOut = arena.allocate(ADDRESS);
            int status = (int) orderNew.invoke(bytes(arena, request), size(length(request)), bytes(arena, csr),
                    size(length(csr)), bytes(arena, options), size(length(options)), orderOut, out);
            handle[0] = status == 0 ? orderOut.get(ADDRESS, 0).address() : 0;
            return status;
        });
    }

    @Override
    public Result orderNext(long handle, long nowMs) {
        return call((arena, out) -> (int) orderNext.invoke(MemorySegment.ofAddress(handle), nowMs, out));
    }

    @Override
    public Result orderFeed(long handle, int httpStatus, byte[] body, byte[] meta) {
        return call((arena, out) -> (int) orderFeed.invoke(MemorySegment.ofAddress(handle), (short) httpStatus,
                bytes(arena, body), size(length(body)), bytes(arena, meta), size(length(meta)), out));
    }

    @Override
    public void orderFree(long handle) {
        try {
            orderFree.invoke(MemorySegment.ofAddress(handle));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
