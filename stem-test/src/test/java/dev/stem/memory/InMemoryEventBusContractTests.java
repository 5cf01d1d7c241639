package dev.stem.memory;

import dev.stem.contract.EventBusContractTests;
import dev.stem.control.EventBus;

class InMemoryEventBusContractTests extends EventBusContractTests {

    @Override
    protected EventBus createEventBus() {
        return new InMemoryEventBus();
    }
}
