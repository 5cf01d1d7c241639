package dev.stem.memory;

import dev.stem.contract.RevokeStoreContractTests;
import dev.stem.control.RevokeStore;

class InMemoryRevokeStoreContractTests extends RevokeStoreContractTests {

    @Override
    protected RevokeStore createRevokeStore() {
        return new InMemoryRevokeStore();
    }
}
