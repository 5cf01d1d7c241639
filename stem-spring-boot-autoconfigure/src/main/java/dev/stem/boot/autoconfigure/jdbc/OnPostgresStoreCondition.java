package dev.stem.boot.autoconfigure.jdbc;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;

import dev.stem.boot.autoconfigure.ConditionalOnStemStore;
import dev.stem.boot.autoconfigure.StemStoreType;

/// Matches when the broker or the result backend (or both) is on PostgreSQL.
final class OnPostgresStoreCondition extends AnyNestedCondition {

    OnPostgresStoreCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnStemStore(value = StemStoreType.POSTGRES, role = ConditionalOnStemStore.Role.BROKER)
    static final class BrokerOnPostgres {
    }

    @ConditionalOnStemStore(value = StemStoreType.POSTGRES, role = ConditionalOnStemStore.Role.BACKEND)
    static final class BackendOnPostgres {
    }
}
