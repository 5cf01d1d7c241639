package dev.stem.boot.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.stem.broker.BrokerUnavailableException;

/// Reports a [BrokerUnavailableException] that failed the start (an enqueue in an
/// `ApplicationRunner`, say) as Boot's failure report: the adapter's message, which names the
/// server (host and port, never a password) and the call, and where its address is configured.
class BrokerUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<BrokerUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BrokerUnavailableException cause) {
        String action = "Check that the server is running and reachable from this host at that address. Stem "
                + "connects where stem.broker.url and stem.backend.url say, or, without them, through the "
                + "application's spring.data.redis.* or spring.datasource.* connection.";
        return new FailureAnalysis(String.valueOf(cause.getMessage()), action, cause);
    }
}
