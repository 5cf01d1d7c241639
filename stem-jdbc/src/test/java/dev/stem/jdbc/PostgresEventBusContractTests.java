package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.control.EventBus;
import dev.stem.contract.EventBusContractTests;
import dev.stem.test.server.RequiresPostgres;

@RequiresPostgres
class PostgresEventBusContractTests extends EventBusContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected EventBus createEventBus() {
        return new JdbcEventBus(postgres.dataSource(), postgres.prefix());
    }
}
