package dev.stem.test.server;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

class ServerConditionTests {

    @AfterEach
    void restore() {
        System.clearProperty(TestServerPolicy.REQUIRE_SERVICES);
        System.clearProperty("CI");
    }

    @Test
    void aFoundServerEnablesTheClass() {
        assertThat(evaluate(() -> null).isDisabled()).isFalse();
    }

    @Test
    void aMissingServerDisablesTheClassWithTheReasonWhenServicesAreNotRequired() {
        notRequired();

        ConditionEvaluationResult result = evaluate(() -> "No Redis: nothing answers");

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValue("No Redis: nothing answers");
    }

    @Test
    void aMissingServerFailsTheClassWhenServicesAreRequired() {
        System.setProperty(TestServerPolicy.REQUIRE_SERVICES, "true");

        assertThatIllegalStateException().isThrownBy(() -> evaluate(() -> "No Redis: nothing answers"))
                .withMessage("No Redis: nothing answers (STEM_REQUIRE_SERVICES or CI is true, so a missing server "
                        + "fails the test)");
    }

    private static void notRequired() {
        System.setProperty(TestServerPolicy.REQUIRE_SERVICES, "false");
        System.setProperty("CI", "false");
    }

    private static ConditionEvaluationResult evaluate(Supplier<@Nullable String> reason) {
        return new ServerCondition("Redis", reason) {
        }.evaluateExecutionCondition(mock(ExtensionContext.class));
    }
}
