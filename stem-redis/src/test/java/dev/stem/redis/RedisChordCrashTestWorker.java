package dev.stem.redis;

import java.time.Clock;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.stem.contract.ChordCrashTestWorker;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;

/// The worker process of [RedisChordCrashTests], on the Redis and prefix given as system properties.
final class RedisChordCrashTestWorker {

    private RedisChordCrashTestWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        RedisConnectionFactory redis = RedisTestServer.connect(System.getProperty(RedisCrashTestWorker.URL_PROPERTY));
        String prefix = System.getProperty(RedisCrashTestWorker.PREFIX_PROPERTY);
        ChordCrashTestWorker.run(new RedisStreamsBroker(redis, prefix, new EnvelopeCodec(), Clock.systemUTC()),
                new RedisResultBackend(redis, prefix), new RedisChordStore(redis, prefix), args);
    }
}
