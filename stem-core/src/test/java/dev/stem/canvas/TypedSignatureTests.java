package dev.stem.canvas;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.annotation.StemTask;
import dev.stem.client.DefaultStem;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryChordStore;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.task.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class TypedSignatureTests {

    private final InMemoryBroker broker = new InMemoryBroker();

    private final DefaultStem stem = new DefaultStem(this.broker, new InMemoryResultBackend(), new InMemoryRevokeStore(),
            new InMemoryEventBus(), new TaskRegistry(), JsonMapper.builder().build(), new EnvelopeCodec(), List.of(),
            DefaultStem.ClientOptions.DEFAULT, Clock.systemUTC());

    private final StemCanvas canvas = new StemCanvas(this.stem, this.broker,
            new InMemoryChordStore(this.broker, new EnvelopeCodec()), new EnvelopeCodec(), JsonMapper.builder().build(),
            Duration.ofHours(1));

    @AfterEach
    void close() {
        this.broker.close();
    }

    @Test
    void aTypedCallBecomesASignatureOfItsTaskWithPositionalArgumentsAndTheAnnotationsOptions() {
        Signature resize = this.canvas.call(Thumbs.class, thumbs -> thumbs.resize(null, 200));

        assertThat(resize.task()).isEqualTo("thumbs.resize");
        assertThat(resize.queue()).isEqualTo("images");
        assertThat(resize.maxRetries()).isEqualTo(7);
        assertThat(resize.args().toString()).isEqualTo("[null,200]");
        assertThat(resize.argsAfter(JsonNodeFactory.instance.stringNode("cat.jpg")).toString())
                .as("a chained result replaces the placeholder").isEqualTo("[\"cat.jpg\",200]");
        assertThat(Signature.of("thumbs.resize", 200).argsAfter(JsonNodeFactory.instance.stringNode("cat.jpg"))
                .toString()).as("a named signature gets the result inserted first").isEqualTo("[\"cat.jpg\",200]");
    }

    /// Task beans as seen by a producer that does not register them.
    static class Thumbs {

        @StemTask(name = "thumbs.resize", queue = "images", maxRetries = 7)
        public String resize(String image, int width) {
            return image + "@" + width;
        }
    }
}
