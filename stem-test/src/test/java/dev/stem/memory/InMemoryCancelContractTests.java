package dev.stem.memory;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.contract.CancelContractTests;
import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;

/// The cancel contract kit on the in-memory stores.
class InMemoryCancelContractTests extends CancelContractTests {

    @Override
    protected Broker createBroker() {
        return new InMemoryBroker();
    }

    @Override
    protected ResultBackend createResultBackend() {
        return new InMemoryResultBackend();
    }

    @Override
    protected RevokeStore createRevokeStore() {
        return new InMemoryRevokeStore();
    }

    @Override
    protected EventBus createEventBus() {
        return new InMemoryEventBus();
    }
}
