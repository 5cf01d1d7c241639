package dev.stem.memory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.stem.backend.TaskResult;
import dev.stem.broker.Broker;
import dev.stem.canvas.ChordArrival;
import dev.stem.canvas.ChordHandle;
import dev.stem.canvas.ChordPlan;
import dev.stem.canvas.ChordStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ReceiveInterceptor;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.middleware.ResultSealer;
import dev.stem.security.KeyRing;
import dev.stem.security.MessageCipher;
import dev.stem.security.MessageSigner;

import static org.assertj.core.api.Assertions.assertThat;

/// The canvas contract kit on the in-memory stores with every message encrypted and signed and
/// every result encrypted: chains, groups and chords (whose body's first argument the chord store
/// fills in with the members' encrypted results) still work.
class SecuredInMemoryCanvasContractTests extends InMemoryCanvasContractTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final MessageSigner signer = new MessageSigner(new KeyRing("s1",
            Map.of("s1", "signing-key-signing-key-signing!!".getBytes(StandardCharsets.UTF_8)), 32));

    private final MessageCipher cipher = new MessageCipher(new KeyRing("e1",
            Map.of("e1", "encryption-key-encryption-key-32".getBytes(StandardCharsets.UTF_8)), 16));

    private final List<String> chordResults = new CopyOnWriteArrayList<>();

    @Override
    protected List<EnqueueInterceptor> enqueueInterceptors() {
        return List.of(this.cipher::encrypt, this.signer::sign);
    }

    @Override
    protected List<ReceiveInterceptor> receiveInterceptors() {
        return List.of(this.signer::verify, this.cipher::decrypt);
    }

    @Override
    protected List<RepublishInterceptor> republishInterceptors() {
        return List.of(this.signer::resign);
    }

    @Override
    protected ResultSealer resultSealer() {
        return this.cipher;
    }

    @Override
    protected ChordStore createChordStore(Broker broker, EnvelopeCodec codec) {
        ChordStore store = super.createChordStore(broker, codec);
        return new ChordStore() {

            @Override
            public void open(ChordPlan plan, Duration ttl) {
                store.open(plan, ttl);
            }

            @Override
            public ChordArrival succeeded(String chordId, String memberId, String resultJson, Duration ttl) {
                SecuredInMemoryCanvasContractTests.this.chordResults.add(resultJson);
                return store.succeeded(chordId, memberId, resultJson, ttl);
            }

            @Override
            public ChordArrival failed(String chordId, String memberId, String failureJson, Duration ttl) {
                return store.failed(chordId, memberId, failureJson, ttl);
            }
        };
    }

    @Test
    void membersResultsAreStoredAndCountedAtTheChordEncryptedAndReadDecrypted() {
        ChordHandle chord = this.canvas.chord(members(3, 0), body(), null);

        assertThat(chord.result(WAIT)).isEqualTo(30);
        assertThat(chord.members().results(WAIT)).containsExactly(0, 10, 20);
        assertThat(this.chordResults).hasSize(3)
                .allSatisfy(json -> assertThat(json).matches("\\{\"stem-encrypted\":\"e1:[^\"]+\"}"));
        for (String id : chord.members().ids()) {
            TaskResult stored = backend().get(id).orElseThrow();
            JsonNode value = stored.result();
            assertThat(value.propertyNames()).containsExactly(MessageCipher.ENCRYPTED_PROPERTY);
            assertThat(value.get(MessageCipher.ENCRYPTED_PROPERTY).asString()).startsWith("e1:");
        }
    }
}
