package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.contract.ScheduleStoreContractTests;
import dev.stem.schedule.ScheduleStore;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The schedule store contract kit against [RedisScheduleStore] on a real Redis server.
@RequiresRedis
class RedisScheduleStoreContractTests extends ScheduleStoreContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected ScheduleStore createScheduleStore() {
        return new RedisScheduleStore(RedisTestServer.connectionFactory(), PREFIX);
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
