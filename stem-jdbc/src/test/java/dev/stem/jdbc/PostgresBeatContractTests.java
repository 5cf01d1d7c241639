package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.broker.Broker;
import dev.stem.contract.BeatContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.schedule.ScheduleStore;
import dev.stem.test.server.RequiresPostgres;

/// Two running beats on [JdbcScheduleStore] and [PostgresBroker] on a real PostgreSQL server.
@RequiresPostgres
class PostgresBeatContractTests extends BeatContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected ScheduleStore createScheduleStore() {
        return new JdbcScheduleStore(postgres.dataSource(), postgres.prefix());
    }

    @Override
    protected Broker createBroker() {
        return new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec());
    }
}
