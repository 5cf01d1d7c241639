package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.canvas.ChordStore;
import dev.stem.contract.CanvasContractTests;
import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

/// The canvas contract kit on a real PostgreSQL server, chords counted by [JdbcChordStore].
@RequiresPostgres
class PostgresCanvasContractTests extends CanvasContractTests {

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

    @Override
    protected ChordStore createChordStore(Broker broker, EnvelopeCodec codec) {
        return new JdbcChordStore(postgres.dataSource(), postgres.prefix());
    }
}
