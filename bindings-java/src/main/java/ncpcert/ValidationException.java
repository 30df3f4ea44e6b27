package ncpcert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import ncpcert.model.ErrorDetail;
import ncpcert.model.Finding;

/** The request is invalid: {@link #findings()} holds every finding (errors and warnings). */
public class ValidationException extends NcpException {
    private static final long serialVersionUID = 1L;

    ValidationException(String json, ErrorDetail detail) {
        super(json, detail);
    }

    public List<Finding> findings() {
        List<Finding> findings = detail().findings();
        return findings == null ? Collections.<Finding>emptyList() : Collections.unmodifiableList(findings);
    }

    /** The findings of severity "error". */
    public List<Finding> errors() {
        return bySeverity(findings(), "error");
    }

    /** The findings of severity "warning". */
    public List<Finding> warnings() {
        return bySeverity(findings(), "warning");
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
