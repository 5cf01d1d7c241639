package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.contract.ForeignProducerContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

/// The promises to a foreign producer on PostgreSQL: the envelope is inserted with the example
/// `INSERT` of `docs/postgres.md` (due now, whatever its `eta` says).
@RequiresPostgres
class PostgresForeignProducerContractTests extends ForeignProducerContractTests {

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
    protected void writeAsForeignProducer(String queue, String messageId, String json) {
        String jobs = postgres.prefix().table("jobs");
        postgres.jdbc().queryForList("WITH job AS (INSERT INTO " + jobs + " (message_id, queue, payload)"
                + " VALUES (?, ?, ?) RETURNING queue) SELECT pg_notify(?, queue) FROM job",
                messageId, queue, json, jobs);
    }
}
