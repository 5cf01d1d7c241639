package dev.stem.redis;

import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.broker.Broker;
import dev.stem.contract.BeatContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.schedule.ScheduleStore;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// Two running beats on [RedisScheduleStore] and [RedisStreamsBroker] on a real Redis server.
@RequiresRedis
class RedisBeatContractTests extends BeatContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected ScheduleStore createScheduleStore() {
        return new RedisScheduleStore(RedisTestServer.connectionFactory(), PREFIX);
    }

    @Override
    protected Broker createBroker() {
        return new RedisStreamsBroker(RedisTestServer.connectionFactory(), PREFIX, new EnvelopeCodec(),
                Clock.systemUTC());
    }

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.cleanUp(PREFIX);
    }
}
