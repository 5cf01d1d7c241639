package dev.stem.redis;

import java.time.Clock;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.stem.contract.CrashTestWorker;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;

/// The worker process of [RedisWorkerCrashTests]: the Redis broker and result backend on the
/// server named by `-Dstem.test.redis-url`, under the key prefix `-Dstem.test.prefix`.
final class RedisCrashTestWorker {

    /// The system property holding the Redis URL.
    static final String URL_PROPERTY = "stem.test.redis-url";

    /// The system property holding the key prefix.
    static final String PREFIX_PROPERTY = "stem.test.prefix";

    private RedisCrashTestWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        RedisConnectionFactory redis = RedisTestServer.connect(System.getProperty(URL_PROPERTY));
        String prefix = System.getProperty(PREFIX_PROPERTY);
        CrashTestWorker.run(new RedisStreamsBroker(redis, prefix, new EnvelopeCodec(), Clock.systemUTC()),
                new RedisResultBackend(redis, prefix), args);
    }
}
