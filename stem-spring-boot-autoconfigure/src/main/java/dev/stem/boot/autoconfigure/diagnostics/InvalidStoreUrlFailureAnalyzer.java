package dev.stem.boot.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/// Reports an [InvalidStoreUrlException] as Boot's failure report: the property, its value (password
/// masked) and the forms it takes, instead of a stack trace.
class InvalidStoreUrlFailureAnalyzer extends AbstractFailureAnalyzer<InvalidStoreUrlException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidStoreUrlException cause) {
        String description = "Invalid value '" + cause.getMaskedValue() + "' for " + cause.getProperty() + ": "
                + cause.getReason() + ".";
        String action = "Correct " + cause.getProperty() + ": redis://[user:password@]host:6379[/database] "
                + "(rediss:// for TLS), postgresql://user:password@host:5432/database or jdbc:postgresql://...; "
                + "or remove it to use the application's spring.data.redis.* or spring.datasource.* connection.";
        return new FailureAnalysis(description, action, cause);
    }
}
