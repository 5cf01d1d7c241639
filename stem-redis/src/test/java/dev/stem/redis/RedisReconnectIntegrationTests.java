package dev.stem.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.RedisClientInfo;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The broker's connections are cut by the server (`CLIENT KILL` of exactly this test's connections,
/// found by their client name): a blocked fetch ends, and the broker keeps working on the
/// connections Lettuce re-establishes by itself, blocking reads included.
@RequiresRedis
class RedisReconnectIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final String clientName = "stem-reconnect-" + UUID.randomUUID().toString().substring(0, 8);

    private RedisConnectionFactory sharedFactory;

    private LettuceConnectionFactory ownFactory;

    private String prefix;

    private RedisStreamsBroker broker;

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @BeforeEach
    void setUp() {
        this.sharedFactory = RedisTestServer.connectionFactory();
        LettuceConnectionFactory shared = (LettuceConnectionFactory) this.sharedFactory;
        this.ownFactory = new LettuceConnectionFactory(shared.getStandaloneConfiguration(),
                LettuceClientConfiguration.builder().clientName(this.clientName).build());
        this.ownFactory.afterPropertiesSet();
        this.ownFactory.start();
        this.prefix = RedisTestServer.randomPrefix();
        this.broker = new RedisStreamsBroker(this.ownFactory, this.prefix, new EnvelopeCodec(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        this.broker.close();
        this.ownFactory.destroy();
        RedisTestServer.deleteKeys(this.sharedFactory, this.prefix);
    }

    @Test
    void theBrokerWorksAgainAfterItsConnectionsAreKilled() throws Exception {
        this.broker.publish(Envelope.builder("test.task").queue("q1").build());
        assertThat(this.broker.ackAll(fetch(Duration.ZERO))).isEqualTo(1);
        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return fetch(Duration.ofSeconds(3));
            }
            catch (InterruptedException | RuntimeException ex) {
                return ex;
            }
        });
        Thread.sleep(300);

        assertThat(killOwnConnections()).isGreaterThanOrEqualTo(2);

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isNotNull();
        Envelope after = Envelope.builder("test.task").queue("q1").build();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> this.broker.publish(after));
        CompletableFuture<List<Delivery>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return fetch(Duration.ofSeconds(5));
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertThat(waiting.get(10, TimeUnit.SECONDS)).extracting(Delivery::id).contains(after.id());
    }

    private List<Delivery> fetch(Duration wait) throws InterruptedException {
        return this.broker.fetch(new FetchRequest("w1", List.of("q1"), 10, wait, LEASE));
    }

    private int killOwnConnections() {
        StringRedisTemplate admin = new StringRedisTemplate(this.sharedFactory);
        List<RedisClientInfo> clients = admin.execute((RedisCallback<List<RedisClientInfo>>) connection ->
                connection.serverCommands().getClientList());
        int killed = 0;
        for (RedisClientInfo client : clients) {
            if (this.clientName.equals(client.getName())) {
                String[] address = client.getAddressPort().split(":");
                admin.killClient(address[0], Integer.parseInt(address[1]));
                killed++;
            }
        }
        return killed;
    }
}
