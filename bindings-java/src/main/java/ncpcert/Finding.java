package ncpcert;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One finding of a validation or CSR report. */
public final class Finding {
    private final String code, field, severity, message;

    Finding(JsonObject f) {
        code = NcpException.text(f, "code");
        field = NcpException.text(f, "field");
        severity = NcpException.text(f, "severity");
        message = NcpException.text(f, "message");
    }

    /** Stable, e.g. {@code domain.underscore}. */
    public String code() {
        return code;
    }

    /** JSON path: {@code commonName}, {@code dnsName[2]}, {@code csr.san[1]} … */
    public String field() {
        return field;
    }

    /** {@code error} or {@code warning}. */
    public String severity() {
        return severity;
    }

    /** What to do, in English. */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return severity + " " + field + ": " + message + " [" + code + "]";
    }

    static List<Finding> listOf(JsonArray array) {
        List<Finding> out = new ArrayList<Finding>();
        if (array != null) {
            for (JsonElement f : array) {
                out.add(new Finding(f.getAsJsonObject()));
            }
        }
        return Collections.unmodifiableList(out);
    }

    static List<Finding> bySeverity(List<Finding> findings, String severity) {
        List<Finding> out = new ArrayList<Finding>();
        for (Finding f : findings) {
            if (severity.equals(f.severity())) {
                out.add(f);
            }
        }
        return Collections.unmodifiableList(out);
    }
}
