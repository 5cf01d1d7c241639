package dev.stem.jdbc;

import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.broker.Broker;
import dev.stem.contract.WorkerCrashContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

@RequiresPostgres
class PostgresWorkerCrashTests extends WorkerCrashContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected Broker createBroker() {
        return new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec());
    }

    @Override
    protected Class<?> workerMainClass() {
        return PostgresCrashTestWorker.class;
    }

    @Override
    protected List<String> workerJvmArguments() {
        return List.of("-Dstem.test.prefix=" + postgres.prefix().value());
    }
}
