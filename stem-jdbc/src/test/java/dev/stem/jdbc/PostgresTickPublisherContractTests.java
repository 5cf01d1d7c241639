package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.broker.Broker;
import dev.stem.contract.TickPublisherContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

/// The tick publisher contract kit against [PostgresBroker]: the claim row and the job row in one transaction.
@RequiresPostgres
class PostgresTickPublisherContractTests extends TickPublisherContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected Broker createBroker() {
        return new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec());
    }
}
