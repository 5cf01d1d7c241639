package dev.stem.memory;

import dev.stem.broker.Broker;
import dev.stem.contract.TickPublisherContractTests;

class InMemoryTickPublisherContractTests extends TickPublisherContractTests {

    @Override
    protected Broker createBroker() {
        return new InMemoryBroker();
    }
}
