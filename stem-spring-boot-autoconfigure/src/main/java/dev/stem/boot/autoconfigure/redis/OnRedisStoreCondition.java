package dev.stem.boot.autoconfigure.redis;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;

import dev.stem.boot.autoconfigure.ConditionalOnStemStore;
import dev.stem.boot.autoconfigure.StemStoreType;

/// Matches when the broker or the result backend (or both) is on Redis.
final class OnRedisStoreCondition extends AnyNestedCondition {

    OnRedisStoreCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnStemStore(value = StemStoreType.REDIS, role = ConditionalOnStemStore.Role.BROKER)
    static final class BrokerOnRedis {
    }

    @ConditionalOnStemStore(value = StemStoreType.REDIS, role = ConditionalOnStemStore.Role.BACKEND)
    static final class BackendOnRedis {
    }
}
