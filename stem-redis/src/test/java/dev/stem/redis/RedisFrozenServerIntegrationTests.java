package dev.stem.redis;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.PrivateRedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/// A Redis frozen (SIGSTOP) for longer than the lease, with the holder of the messages and another
/// consumer both alive: when the server comes back, reclaims wait a lease, so the holder extends its
/// leases first and the other consumer takes nothing. The other consumer fetches without waiting,
/// so a fetch of its is queued on the server when the freeze ends, next to the holder's extension.
class RedisFrozenServerIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(2);

    private static final Duration FREEZE = Duration.ofSeconds(5);

    private static final String PREFIX = "stem-frozen";

    @TempDir
    Path folder;

    private PrivateRedisServer server;

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    private final List<Thread> threads = new ArrayList<>();

    private final AtomicBoolean running = new AtomicBoolean(true);

    @AfterEach
    void stop() throws Exception {
        this.running.set(false);
        for (Thread thread : this.threads) {
            thread.join(30_000);
        }
        this.factories.forEach(LettuceConnectionFactory::destroy);
        if (this.server != null) {
            this.server.close();
        }
    }

    @Test
    void aLiveHolderKeepsItsMessagesThroughAFreezeLongerThanTheLease() throws Exception {
        this.server = PrivateRedisServer.start(this.folder);
        RedisStreamsBroker owner = broker();
        RedisStreamsBroker other = broker();
        owner.publishAll(IntStream.range(0, 3).mapToObj(i -> Envelope.builder("test.task").queue("q1").build())
                .toList());
        List<Delivery> held = owner.fetch(new FetchRequest("owner", List.of("q1"), 3, Duration.ZERO, LEASE));
        assertThat(held).hasSize(3);
        AtomicInteger extensions = new AtomicInteger();
        List<Delivery> taken = new CopyOnWriteArrayList<>();
        start("lease-keeper", () -> {
            for (Delivery delivery : held) {
                if (owner.extendLease(delivery, LEASE)) {
                    extensions.incrementAndGet();
                }
            }
            Thread.sleep(LEASE.toMillis() / 3);
        });
        start("other-consumer", () -> {
            taken.addAll(other.fetch(new FetchRequest("other", List.of("q1"), 10, Duration.ZERO, LEASE)));
            Thread.sleep(50);
        });
        Thread.sleep(500);

        this.server.freeze();
        Thread.sleep(FREEZE.toMillis());
        int extensionsBeforeThaw = extensions.get();
        this.server.thaw();
        Thread.sleep(LEASE.multipliedBy(3).toMillis());
        this.running.set(false);
        for (Thread thread : this.threads) {
            thread.join(30_000);
        }

        assertThat(taken).as("messages the other consumer reclaimed from the live holder").isEmpty();
        assertThat(extensions.get()).as("extensions after the freeze").isGreaterThan(extensionsBeforeThaw);
        assertThat(owner.ackAll(held)).isEqualTo(3);
    }

    private RedisStreamsBroker broker() {
        LettuceConnectionFactory factory = PrivateRedisConnections.connect(this.server, Duration.ofSeconds(30));
        this.factories.add(factory);
        return new RedisStreamsBroker(factory, PREFIX, new EnvelopeCodec(), Clock.systemUTC());
    }

    private void start(String name, Step step) {
        this.threads.add(Thread.ofPlatform().name(name).start(() -> {
            while (this.running.get()) {
                try {
                    step.run();
                }
                catch (InterruptedException ex) {
                    return;
                }
                catch (RuntimeException ex) {
                    // the freeze makes calls fail; the loop goes on
                }
            }
        }));
    }

    @FunctionalInterface
    private interface Step {

        void run() throws InterruptedException;
    }
}
