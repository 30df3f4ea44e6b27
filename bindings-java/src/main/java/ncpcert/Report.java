package ncpcert;

import com.google.gson.JsonObject;
import java.util.List;

/** Every finding of a validation. */
public final class Report {
    private final boolean valid;
    private final List<Finding> findings;

    Report(JsonObject doc) {
        valid = doc.get("valid").getAsBoolean();
        findings = Finding.listOf(doc.getAsJsonArray("findings"));
    }

    public boolean valid() {
        return valid;
    }

    public List<Finding> findings() {
        return findings;
    }

    public List<Finding> errors() {
        return Finding.bySeverity(findings, "error");
    }

    public List<Finding> warnings() {
        return Finding.bySeverity(findings, "warning");
    }
}
