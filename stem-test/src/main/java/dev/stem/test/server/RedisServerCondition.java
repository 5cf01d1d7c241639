package dev.stem.test.server;

/// The condition behind [RequiresRedis].
final class RedisServerCondition extends ServerCondition {

    RedisServerCondition() {
        super("Redis", RedisTestServer::unavailableReason);
    }
}
