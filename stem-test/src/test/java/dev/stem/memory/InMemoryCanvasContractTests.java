package dev.stem.memory;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.canvas.ChordStore;
import dev.stem.contract.CanvasContractTests;
import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;

/// The canvas contract kit on the in-memory stores.
class InMemoryCanvasContractTests extends CanvasContractTests {

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

    @Override
    protected ChordStore createChordStore(Broker broker, EnvelopeCodec codec) {
        return new InMemoryChordStore(broker, codec);
    }
}
