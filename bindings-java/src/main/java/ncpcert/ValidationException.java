package ncpcert;

import com.google.gson.JsonObject;
import java.util.List;

/** The request is invalid: {@link #findings()} holds every finding (errors and warnings). */
public class ValidationException extends NcpException {
    private static final long serialVersionUID = 1L;
    private final List<Finding> findings;

    ValidationException(JsonObject error) {
        super(error);
        this.findings = Finding.listOf(error.getAsJsonArray("findings"));
    }

    public List<Finding> findings() {
        return findings;
    }

    /** The findings of severity "error". */
    public List<Finding> errors() {
        return Finding.bySeverity(findings, "error");
    }

    /** The findings of severity "warning". */
    public List<Finding> warnings() {
        return Finding.bySeverity(findings, "warning");
    }
}
