package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.broker.Broker;
import dev.stem.contract.BrokerContractTests;
import dev.stem.envelope.EnvelopeCodec;

class PostgresBrokerContractTests extends BrokerContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected Broker createBroker() {
        return new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec());
    }
}
