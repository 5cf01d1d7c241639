package dev.stem.redis.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/// [StreamReceipt] round-trips through its text form and refuses anything else.
class StreamReceiptTests {

    @Test
    void encodesAndParses() {
        StreamReceipt receipt = new StreamReceipt("stem:{q:mail}:stream:0", "1795617181575-3", "host|42|abc");

        assertThat(receipt.encode()).isEqualTo("stem:{q:mail}:stream:0|1795617181575-3|host|42|abc");
        assertThat(StreamReceipt.parse(receipt.encode())).isEqualTo(receipt);
    }

    @Test
    void refusesWhatIsNotAReceipt() {
        assertThatIllegalArgumentException().isThrownBy(() -> StreamReceipt.parse("12:abcdef"))
                .withMessageContaining("'12:abcdef'");
        assertThatIllegalArgumentException().isThrownBy(() -> StreamReceipt.parse("key|not-an-id|w1"));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamReceipt.parse("key|1-0|"));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamReceipt.parse("|1-0|w1"));
    }
}
