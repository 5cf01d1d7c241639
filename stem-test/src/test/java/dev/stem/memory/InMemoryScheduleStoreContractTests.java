package dev.stem.memory;

import dev.stem.contract.ScheduleStoreContractTests;
import dev.stem.schedule.ScheduleStore;

class InMemoryScheduleStoreContractTests extends ScheduleStoreContractTests {

    @Override
    protected ScheduleStore createScheduleStore() {
        return new InMemoryScheduleStore();
    }
}
