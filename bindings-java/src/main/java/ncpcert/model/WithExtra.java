package ncpcert.model;

import java.util.Collections;
import java.util.Map;

/**
 * An answer that keeps the fields ncpcert does not know, as NCP sent them (in the order sent):
 * strings, {@code Long} or {@code Double} numbers, booleans, lists, maps and nulls.
 */
public abstract class WithExtra {
    // Filled by Json's reader with every member no declared field takes; never serialised.
    transient Map<String, Object> extra;

    /** The fields ncpcert does not know, as sent (empty when none). */
    public Map<String, Object> extra() {
        return extra == null ? Collections.<String, Object>emptyMap() : extra;
    }
}
