package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.broker.Broker;
import dev.stem.canvas.ChordStore;
import dev.stem.contract.ChordStoreContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

/// The chord store contract kit on [JdbcChordStore] and [PostgresBroker] on a real PostgreSQL server.
@RequiresPostgres
class PostgresChordStoreContractTests extends ChordStoreContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected Broker createBroker() {
        return new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec());
    }

    @Override
    protected ChordStore createChordStore(Broker broker, EnvelopeCodec codec) {
        return new JdbcChordStore(postgres.dataSource(), postgres.prefix());
    }
}
