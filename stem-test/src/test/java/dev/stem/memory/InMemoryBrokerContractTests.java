package dev.stem.memory;

import dev.stem.broker.Broker;
import dev.stem.contract.BrokerContractTests;

class InMemoryBrokerContractTests extends BrokerContractTests {

    @Override
    protected Broker createBroker() {
        return new InMemoryBroker();
    }
}
