package dev.stem.memory;

import dev.stem.contract.RateLimiterContractTests;
import dev.stem.control.RateLimiter;

class InMemoryRateLimiterContractTests extends RateLimiterContractTests {

    @Override
    protected RateLimiter createRateLimiter() {
        return new InMemoryRateLimiter();
    }
}
