package dev.stem.boot.autoconfigure.diagnostics;

/// Thrown at startup when `stem.broker.url` or `stem.backend.url` is not a URL Stem can connect
/// with. The message names the property and its value with any password masked;
/// [InvalidStoreUrlFailureAnalyzer] turns it into Boot's failure report.
public class InvalidStoreUrlException extends IllegalArgumentException {

    private final String property;

    private final String maskedValue;

    private final String reason;

    /// `maskedValue` is the property's value with any password already replaced by `******`.
    public InvalidStoreUrlException(String property, String maskedValue, String reason) {
        super("Invalid " + property + " '" + maskedValue + "': " + reason);
        this.property = property;
        this.maskedValue = maskedValue;
        this.reason = reason;
    }

    /// The property, such as `stem.broker.url`.
    public String getProperty() {
        return this.property;
    }

    /// The value, its password masked.
    public String getMaskedValue() {
        return this.maskedValue;
    }

    /// What is wrong with it and the expected form.
    public String getReason() {
        return this.reason;
    }
}
