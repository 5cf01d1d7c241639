package dev.stem.memory;

import dev.stem.contract.ResultBackendContractTests;
import dev.stem.backend.ResultBackend;

class InMemoryResultBackendContractTests extends ResultBackendContractTests {

    @Override
    protected ResultBackend createResultBackend() {
        return new InMemoryResultBackend();
    }
}
