package dev.stem.redis;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.broker.Broker;
import dev.stem.contract.WorkerCrashContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The SIGKILL crash test of the contract kit on Redis: a worker JVM ([RedisCrashTestWorker]) is
/// killed while it holds tasks; a second one finishes all 2,000 after their leases lapse, reclaimed
/// from the consumer group's pending entries list. The worker processes reach the same server
/// through `-Dstem.test.redis-url` and use this class's key prefix.
@RequiresRedis
class RedisWorkerCrashTests extends WorkerCrashContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.cleanUp(PREFIX);
    }

    @Override
    protected Broker createBroker() {
        return new RedisStreamsBroker(RedisTestServer.connectionFactory(), PREFIX, new EnvelopeCodec(),
                Clock.systemUTC());
    }

    @Override
    protected Class<?> workerMainClass() {
        return RedisCrashTestWorker.class;
    }

    @Override
    protected List<String> workerJvmArguments() {
        return List.of("-D" + RedisCrashTestWorker.URL_PROPERTY + "=" + RedisTestServer.url(),
                "-D" + RedisCrashTestWorker.PREFIX_PROPERTY + "=" + PREFIX);
    }
}
