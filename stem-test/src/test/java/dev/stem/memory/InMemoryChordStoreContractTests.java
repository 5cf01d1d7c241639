package dev.stem.memory;

import dev.stem.broker.Broker;
import dev.stem.canvas.ChordStore;
import dev.stem.contract.ChordStoreContractTests;
import dev.stem.envelope.EnvelopeCodec;

/// The chord store contract kit on [InMemoryChordStore] and [InMemoryBroker].
class InMemoryChordStoreContractTests extends ChordStoreContractTests {

    @Override
    protected Broker createBroker() {
        return new InMemoryBroker();
    }

    @Override
    protected ChordStore createChordStore(Broker broker, EnvelopeCodec codec) {
        return new InMemoryChordStore(broker, codec);
    }
}
