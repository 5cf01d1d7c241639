package dev.stem.jdbc;

import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.canvas.ChordStore;
import dev.stem.contract.ChordCrashContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

/// Chords across killed worker processes on a real PostgreSQL server.
@RequiresPostgres
class PostgresChordCrashTests extends ChordCrashContractTests {

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
    protected ChordStore createChordStore(Broker broker, EnvelopeCodec codec) {
        return new JdbcChordStore(postgres.dataSource(), postgres.prefix());
    }

    @Override
    protected Class<?> workerMainClass() {
        return PostgresChordCrashTestWorker.class;
    }

    @Override
    protected List<String> workerJvmArguments() {
        return List.of("-Dstem.test.prefix=" + postgres.prefix().value());
    }
}
