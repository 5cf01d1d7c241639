package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.schedule.ScheduleStore;
import dev.stem.contract.ScheduleStoreContractTests;
import dev.stem.test.server.RequiresPostgres;

@RequiresPostgres
class PostgresScheduleStoreContractTests extends ScheduleStoreContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected ScheduleStore createScheduleStore() {
        return new JdbcScheduleStore(postgres.dataSource(), postgres.prefix());
    }
}
