package dev.stem.memory;

import dev.stem.contract.DistributedLockContractTests;
import dev.stem.control.DistributedLock;

class InMemoryDistributedLockContractTests extends DistributedLockContractTests {

    @Override
    protected DistributedLock createLock() {
        return new InMemoryDistributedLock();
    }
}
