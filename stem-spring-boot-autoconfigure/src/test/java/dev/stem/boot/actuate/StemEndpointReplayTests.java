package dev.stem.boot.actuate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueMonitor;
import dev.stem.client.DeadLetterReplay;
import dev.stem.envelope.Envelope;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.security.KeyRing;
import dev.stem.security.MessageSigner;

import static org.assertj.core.api.Assertions.assertThat;

/// A signed dead letter replayed through the endpoint: signed again where the keys are, refused with
/// 409 (and left in the dead letters) where they are not.
class StemEndpointReplayTests {

    private final InMemoryBroker broker = new InMemoryBroker();

    private final MessageSigner signer = new MessageSigner(new KeyRing("k1",
            Map.of("k1", "endpoint-key-endpoint-key-endpoi".getBytes(StandardCharsets.UTF_8)), 32));

    @AfterEach
    void close() {
        this.broker.close();
    }

    @Test
    void aSignedDeadLetterIsRefusedWithoutTheKeysAndReplayedSignedWithThem() throws Exception {
        Envelope signed = this.signer.sign(Envelope.builder("report.build").queue("reports").build());
        this.broker.publish(signed);
        Delivery delivery = this.broker.fetch(new FetchRequest("c", List.of("reports"), 1, Duration.ofSeconds(5),
                Duration.ofMinutes(1))).get(0);
        this.broker.deadLetter(delivery, DeadLetterReason.of(DeadLetterReason.NOT_RETRYABLE, "boom"));

        WebEndpointResponse<Object> refused = endpoint(List.of()).write("deadletters", "reports",
                signed.id(), null);

        assertThat(refused.getStatus()).isEqualTo(409);
        Map<?, ?> body = (Map<?, ?>) refused.getBody();
        assertThat(body.get("messageId")).isEqualTo(signed.id());
        assertThat(body.get("replayed")).isEqualTo(0L);
        assertThat(String.valueOf(body.get("error"))).contains(signed.id()).contains("stem.security.signing.active-key");
        assertThat(this.broker.deadLetter("reports", signed.id())).isPresent();

        WebEndpointResponse<Object> replayed = endpoint(List.of(this.signer::resign))
                .write("deadletters", "reports", null, null);

        assertThat(replayed.getStatus()).isEqualTo(200);
        assertThat(((Map<?, ?>) replayed.getBody()).get("replayed")).isEqualTo(1L);
        Envelope republished = this.broker.fetch(new FetchRequest("c", List.of("reports"), 1, Duration.ofSeconds(5),
                Duration.ofMinutes(1))).get(0).envelope();
        assertThat(republished.attempt()).isEqualTo(1);
        assertThat(this.signer.verify(republished)).isSameAs(republished);
    }

    private StemEndpoint endpoint(List<RepublishInterceptor> republishers) {
        return new StemEndpoint(this.broker, new InMemoryWorkerRegistry(), new QueueMonitor(this.broker,
                Duration.ofSeconds(10), List.of("reports"), Clock.systemUTC()), null, false, Clock.systemUTC(),
                new DeadLetterReplay(this.broker, new InMemoryResultBackend(), () -> republishers));
    }
}
