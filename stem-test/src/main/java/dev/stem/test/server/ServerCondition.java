package dev.stem.test.server;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/// Enables a test class when its server is found; otherwise disables it with the reason, which
/// JUnit reports on each of its tests as skipped, or fails it when [TestServerPolicy#servicesRequired()].
abstract class ServerCondition implements ExecutionCondition {

    private final String server;

    private final Supplier<@Nullable String> unavailableReason;

    ServerCondition(String server, Supplier<@Nullable String> unavailableReason) {
        this.server = server;
        this.unavailableReason = unavailableReason;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = this.unavailableReason.get();
        if (reason == null) {
            return ConditionEvaluationResult.enabled(this.server + " found");
        }
        if (TestServerPolicy.servicesRequired()) {
            throw new IllegalStateException(TestServerPolicy.requiredMessage(reason));
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
