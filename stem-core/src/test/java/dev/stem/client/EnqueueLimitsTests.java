package dev.stem.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.task.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The client's one validator refuses every out-of-range time, header and id with an error naming
/// the field and the value, before any I/O, instead of an overflow or a store's constraint error.
class EnqueueLimitsTests {

    private final InMemoryBroker broker = new InMemoryBroker();

    private final DefaultStem stem = new DefaultStem(this.broker, new InMemoryResultBackend(),
            new InMemoryRevokeStore(), new InMemoryEventBus(), new TaskRegistry(), JsonMapper.builder().build(), new EnvelopeCodec(), List.of(),
            DefaultStem.ClientOptions.DEFAULT, Clock.systemUTC());

    @AfterEach
    void close() {
        this.broker.close();
    }

    @Test
    void anEtaBeyondTheMaximumIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> this.stem.enqueue("t", null, EnqueueOptions.builder().eta(Instant.MAX).build()))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("Invalid eta")
                .hasMessageContaining("stem.client.max-eta");
        assertThatThrownBy(() -> this.stem.enqueue("t", null,
                EnqueueOptions.builder().eta(Instant.now().plus(Duration.ofDays(400))).build()))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("stem.client.max-eta");
        assertThatThrownBy(() -> this.stem.enqueue("t", null,
                EnqueueOptions.builder().countdown(Duration.ofSeconds(Long.MAX_VALUE)).build()))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("Invalid countdown");
        assertThatThrownBy(() -> this.stem.enqueue("t", null,
                EnqueueOptions.builder().expires(Duration.ofSeconds(Long.MAX_VALUE)).build()))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("Invalid expires");
        assertThat(this.broker.queues()).isEmpty();

        this.stem.enqueue("t", null, EnqueueOptions.builder().countdown(Duration.ofDays(364)).build());
        assertThat(this.broker.stats("default").delayed()).isEqualTo(1);
    }

    @Test
    void anExpiryBeforeTheEtaIsRefused() {
        EnqueueOptions options = EnqueueOptions.builder().countdown(Duration.ofHours(2)).expires(Duration.ofHours(1))
                .build();

        assertThatThrownBy(() -> this.stem.enqueue("t", null, options)).isInstanceOf(InvalidEnvelopeException.class)
                .hasMessageContaining("Invalid expires").hasMessageContaining("would expire before its eta");
        assertThat(this.broker.queues()).isEmpty();
    }

    @Test
    void aTimeOutsideTheYears1To9999IsNotAValidMessage() {
        assertThatThrownBy(() -> Envelope.builder("t").eta(Instant.MAX).build())
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("Invalid eta")
                .hasMessageContaining("between the years 1 and 9999");
        assertThatThrownBy(() -> Envelope.builder("t").createdAt(Instant.MIN).build())
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("Invalid createdAt");
    }

    @Test
    void aNullHeaderValueIsRefusedNamingTheHeader() {
        Map<String, String> headers = new HashMap<>();
        headers.put("tenant", null);

        assertThatThrownBy(() -> EnqueueOptions.builder().headers(headers).build())
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("headers.tenant")
                .hasMessageContaining("must not be null");
    }

    @Test
    void headerCountNamesAndSizesAreLimited() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= Envelope.MAX_HEADERS; i++) {
            many.put("h" + i, "v");
        }
        assertThatThrownBy(() -> this.stem.enqueue("t", null, EnqueueOptions.builder().headers(many).build()))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("at most 64 headers");
        assertThatThrownBy(() -> this.stem.enqueue("t", null,
                EnqueueOptions.builder().headers(Map.of("bad name", "v")).build()))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("header names");
        assertThatThrownBy(() -> this.stem.enqueue("t", null,
                EnqueueOptions.builder().headers(Map.of("big", "x".repeat(Envelope.MAX_HEADER_VALUE_LENGTH + 1)))
                        .build()))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("headers.big");
        Map<String, String> large = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            large.put("h" + i, "x".repeat(Envelope.MAX_HEADER_VALUE_LENGTH));
        }
        assertThatThrownBy(() -> this.stem.enqueue("t", null, EnqueueOptions.builder().headers(large).build()))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("together are at most");
        assertThat(this.broker.queues()).isEmpty();
    }

    @Test
    void hostileTaskIdsAreRefusedBeforeTheyReachAKey() {
        for (String id : List.of("a*b", "{revoked}", "a\u0000b", "a\u202Eb", "x".repeat(10_000), "a b", "a\nb", "")) {
            assertThatThrownBy(() -> this.stem.handle(id, Object.class)).isInstanceOf(InvalidEnvelopeException.class)
                    .hasMessageContaining("taskId");
            assertThatThrownBy(() -> new InMemoryRevokeStore().revoke(id, Duration.ofMinutes(1)))
                    .isInstanceOf(InvalidEnvelopeException.class);
        }
        assertThatThrownBy(() -> this.stem.handle("a\u202Eb", Object.class)).hasMessageContaining("\\u202E");
        assertThatThrownBy(() -> this.stem.handle("x".repeat(10_000), Object.class))
                .hasMessageContaining("(10000 characters)").message().hasSizeLessThan(300);
    }

    @Test
    void anIdGivenAtEnqueueFollowsTheIdRule() {
        assertThatThrownBy(() -> this.stem.enqueue("t", null, EnqueueOptions.builder().id("a*b").build()))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("Invalid id 'a*b'");
    }
}
