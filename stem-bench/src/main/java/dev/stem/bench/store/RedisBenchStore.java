package dev.stem.bench.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.lettuce.core.RedisURI;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.redis.RedisResultBackend;
import dev.stem.redis.RedisRevokeStore;
import dev.stem.redis.RedisStreamsBroker;

/// [RedisStreamsBroker], [RedisResultBackend] and [RedisRevokeStore] on one Lettuce connection factory (Spring Data
/// Redis defaults: one shared native connection), under one key prefix. Closing an owning store
/// deletes every key under `<prefix>:` (SCAN and UNLINK), never anything else.
final class RedisBenchStore implements BenchStore {

    private final LettuceConnectionFactory factory;

    private final String prefix;

    private final boolean owner;

    private final RedisStreamsBroker broker;

    private final RedisResultBackend backend;

    private final RedisRevokeStore revokes;

    private RedisBenchStore(LettuceConnectionFactory factory, String prefix, boolean owner) {
        this.factory = factory;
        this.prefix = prefix;
        this.owner = owner;
        this.broker = new RedisStreamsBroker(factory, prefix, new EnvelopeCodec(), Clock.systemUTC());
        this.backend = new RedisResultBackend(factory, prefix);
        this.revokes = new RedisRevokeStore(factory, prefix);
    }

    static RedisBenchStore open(String url, String prefix, boolean owner) {
        RedisURI uri = RedisURI.create(url);
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
        if (uri.isSsl()) {
            client.useSsl();
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(uri), client.build());
        factory.afterPropertiesSet();
        factory.start();
        return new RedisBenchStore(factory, prefix, owner);
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public String prefix() {
        return this.prefix;
    }

    @Override
    public Broker broker() {
        return this.broker;
    }

    @Override
    public ResultBackend backend() {
        return this.backend;
    }

    @Override
    public RevokeStore revokes() {
        return this.revokes;
    }

    @Override
    public OptionalLong serverCpuNanos() {
        Properties cpu = new StringRedisTemplate(this.factory).execute(
                (RedisCallback<Properties>) connection -> connection.serverCommands().info("cpu"));
        if (cpu == null || cpu.getProperty("used_cpu_user") == null) {
            return OptionalLong.empty();
        }
        double seconds = Double.parseDouble(cpu.getProperty("used_cpu_user"))
                + Double.parseDouble(cpu.getProperty("used_cpu_sys"));
        return OptionalLong.of((long) (seconds * 1e9));
    }

    @Override
    public void close() {
        try {
            this.broker.close();
            this.backend.close();
            if (this.owner) {
                deleteKeys();
            }
        }
        finally {
            this.factory.destroy();
        }
    }

    private void deleteKeys() {
        StringRedisTemplate redis = new StringRedisTemplate(this.factory);
        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(this.prefix + ":*").count(1_000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        for (int from = 0; from < keys.size(); from += 500) {
            redis.unlink(keys.subList(from, Math.min(keys.size(), from + 500)));
        }
    }
}
