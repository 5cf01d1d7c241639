package dev.stem.redis.support;

import org.junit.jupiter.api.Test;

import dev.stem.envelope.InvalidEnvelopeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/// [RedisKeys] and [QueueKeys] name every key from the prefix, with one hash tag per queue.
class RedisKeysTests {

    private final RedisKeys keys = new RedisKeys("app:stem");

    @Test
    void queueKeysShareTheQueueHashTag() {
        QueueKeys queue = this.keys.queue("mail");

        assertThat(queue.streams()).hasSize(10).first().isEqualTo("app:stem:{q:mail}:stream:9");
        assertThat(queue.streams()).last().isEqualTo("app:stem:{q:mail}:stream:0");
        assertThat(queue.delayed()).isEqualTo("app:stem:{q:mail}:delayed");
        assertThat(queue.dead()).isEqualTo("app:stem:{q:mail}:dead");
        assertThat(queue.deadIndex()).isEqualTo("app:stem:{q:mail}:dead-index");
        assertThat(queue.reclaimCursors()).isEqualTo("app:stem:{q:mail}:reclaim");
        assertThat(QueueKeys.scriptIndex(9)).isEqualTo(1);
        assertThat(QueueKeys.scriptIndex(0)).isEqualTo(10);
        assertThat(this.keys.queueRegistry()).isEqualTo("app:stem:queues");
    }

    @Test
    void aStreamKeyIsLocatedBackToItsQueueAndPriority() {
        RedisKeys.StreamLocation location = this.keys.locate("app:stem:{q:mail}:stream:7");

        assertThat(location.queue()).isEqualTo(this.keys.queue("mail"));
        assertThat(location.priority()).isEqualTo(7);
        assertThat(location.streamKey()).isEqualTo("app:stem:{q:mail}:stream:7");
    }

    @Test
    void badInputIsRefusedNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisKeys("stem{x}"))
                .withMessageContaining("'stem{x}'");
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisKeys(""));
        assertThatIllegalArgumentException().isThrownBy(() -> this.keys.locate("other:{q:mail}:stream:7"))
                .withMessageContaining("'other:{q:mail}:stream:7'");
        assertThatIllegalArgumentException().isThrownBy(() -> this.keys.locate("app:stem:{q:mail}:stream:10"))
                .withMessageContaining("no priority");
        assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> this.keys.queue("bad queue"));
    }
}
