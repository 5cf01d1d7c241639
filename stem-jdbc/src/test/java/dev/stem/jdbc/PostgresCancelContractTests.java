package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.contract.CancelContractTests;
import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

/// The cancel contract kit on a real PostgreSQL server: revokes in a table, the revoke event over
/// `LISTEN/NOTIFY`.
@RequiresPostgres
class PostgresCancelContractTests extends CancelContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected Broker createBroker() {
        return new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec());
    }

    @Override
    protected ResultBackend createResultBackend() {
        return new JdbcResultBackend(postgres.dataSource(), postgres.prefix());
    }

    @Override
    protected RevokeStore createRevokeStore() {
        return new JdbcRevokeStore(postgres.dataSource(), postgres.prefix());
    }

    @Override
    protected EventBus createEventBus() {
        return new JdbcEventBus(postgres.dataSource(), postgres.prefix());
    }
}
