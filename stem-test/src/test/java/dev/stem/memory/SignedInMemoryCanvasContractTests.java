package dev.stem.memory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ReceiveInterceptor;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.security.KeyRing;
import dev.stem.security.MessageSigner;

/// The canvas contract kit on the in-memory stores with every message signed (not encrypted): the
/// chord store's filling of a callback's slot in the clear keeps its signature valid.
class SignedInMemoryCanvasContractTests extends InMemoryCanvasContractTests {

    private final MessageSigner signer = new MessageSigner(new KeyRing("s1",
            Map.of("s1", "signing-key-signing-key-signing!!".getBytes(StandardCharsets.UTF_8)), 32));

    @Override
    protected List<EnqueueInterceptor> enqueueInterceptors() {
        return List.of(this.signer::sign);
    }

    @Override
    protected List<ReceiveInterceptor> receiveInterceptors() {
        return List.of(this.signer::verify);
    }

    @Override
    protected List<RepublishInterceptor> republishInterceptors() {
        return List.of(this.signer::resign);
    }
}
