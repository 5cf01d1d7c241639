package dev.stem.memory;

import dev.stem.contract.WorkerRegistryContractTests;
import dev.stem.control.WorkerRegistry;

class InMemoryWorkerRegistryContractTests extends WorkerRegistryContractTests {

    @Override
    protected WorkerRegistry createWorkerRegistry() {
        return new InMemoryWorkerRegistry();
    }
}
