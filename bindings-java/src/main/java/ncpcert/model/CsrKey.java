// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** The public key of a CSR. */
public final class CsrKey {
    private String algorithm;
    private Integer bits;
    private String curve;
    private Long rsaExponent;

    /** {@code RSA}, {@code EC}, … */
    public String algorithm() {
        return algorithm;
    }

    /** The key size, or null. */
    public Integer bits() {
        return bits;
    }

    /** The EC curve, or null. */
    public String curve() {
        return curve;
    }

    /** The RSA public exponent, or null. */
    public Long rsaExponent() {
        return rsaExponent;
    }
}
