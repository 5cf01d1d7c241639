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
        assertThatIllegalArgumentException().isThrownBy(() -> StreamReceipt.parse("key|-0|w1"));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamReceipt.parse("key|1-|w1"));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamReceipt.parse("key|1-2-3|w1"));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamReceipt.parse("key|1-0x|w1"));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamReceipt.parse("key|123456789012345678901-0|w1"));
    }

    @Test
    void takesEntryIdsOfUpToTwentyDigitsEachPart() {
        assertThat(StreamReceipt.parse("key|18446744073709551615-18446744073709551615|w1").entryId())
                .isEqualTo("18446744073709551615-18446744073709551615");
        assertThat(StreamReceipt.parse("key|0-0|w1").entryId()).isEqualTo("0-0");
    }
}
