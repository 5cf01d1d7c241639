package dev.stem.boot.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.stem.Stem;
import dev.stem.broker.Broker;
import dev.stem.client.PayloadTooLargeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StemClientTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class))
            .withPropertyValues("stem.worker.enabled=false");

    @Test
    void payloadOverTheConfiguredLimitIsRefusedAndNothingIsPublished() {
        this.contextRunner.withPropertyValues("stem.client.max-payload-size=1KB").run(context -> {
            Stem stem = context.getBean(Stem.class);
            Map<String, String> args = Map.of("body", "x".repeat(2048));

            assertThatExceptionOfType(PayloadTooLargeException.class)
                    .isThrownBy(() -> stem.enqueue("mail.send", args))
                    .withMessageContaining("mail.send")
                    .withMessageContaining("limit of 1024 bytes");
            assertThat(context.getBean(Broker.class).stats("default").ready()).isZero();
        });
    }

    @Test
    void payloadUnderTheLimitIsPublished() {
        this.contextRunner.withPropertyValues("stem.client.max-payload-size=1KB").run(context -> {
            context.getBean(Stem.class).enqueue("mail.send", Map.of("body", "hello"));

            assertThat(context.getBean(Broker.class).stats("default").ready()).isEqualTo(1);
        });
    }
}
