package dev.stem.memory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ReceiveInterceptor;
import dev.stem.security.KeyRing;
import dev.stem.security.MessageCipher;
import dev.stem.security.MessageSigner;

/// The canvas contract kit on the in-memory stores with every message encrypted and signed:
/// chains, groups and chords (whose body's first argument the chord store fills in) still work.
class SecuredInMemoryCanvasContractTests extends InMemoryCanvasContractTests {

    private final MessageSigner signer = new MessageSigner(new KeyRing("s1",
            Map.of("s1", "signing-key-signing-key-signing!!".getBytes(StandardCharsets.UTF_8)), 32));

    private final MessageCipher cipher = new MessageCipher(new KeyRing("e1",
            Map.of("e1", "encryption-key-encryption-key-32".getBytes(StandardCharsets.UTF_8)), 16));

    @Override
    protected List<EnqueueInterceptor> enqueueInterceptors() {
        return List.of(this.cipher::encrypt, this.signer::sign);
    }

    @Override
    protected List<ReceiveInterceptor> receiveInterceptors() {
        return List.of(this.signer::verify, this.cipher::decrypt);
    }
}
