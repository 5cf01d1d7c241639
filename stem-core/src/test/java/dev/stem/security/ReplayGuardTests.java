package dev.stem.security;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.stem.broker.ReplayRefusedException;
import dev.stem.envelope.Envelope;
import dev.stem.middleware.RepublishInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayGuardTests {

    private final MessageSigner signer = new MessageSigner(new KeyRing("k1",
            Map.of("k1", "guard-key-guard-key-guard-key-gu".getBytes(StandardCharsets.UTF_8)), 32));

    private final Envelope unsigned = Envelope.builder("report.build").id("m-1").queue("reports").build();

    private final Envelope signed = this.signer.sign(this.unsigned);

    @Test
    void anUnsignedDeadLetterIsReplayedAsItsInterceptorsReturnIt() {
        Envelope next = this.unsigned.replayed();

        assertThat(ReplayGuard.around(List.of()).beforeRepublish(this.unsigned, next)).isSameAs(next);
    }

    @Test
    void aSignedDeadLetterLeftWithItsOldSignatureIsRefused() {
        RepublishInterceptor other = (stored, next) -> next.toBuilder().priority(5).build();

        assertThatThrownBy(() -> ReplayGuard.around(List.of(other)).beforeRepublish(this.signed,
                this.signed.replayed())).isInstanceOf(ReplayRefusedException.class)
                .hasMessageContaining("Dead letter m-1 of queue 'reports' (task 'report.build') is signed")
                .hasMessageContaining("stays in the dead letters")
                .hasMessageContaining("stem.security.signing.active-key");
    }

    @Test
    void aSignedDeadLetterSignedAgainIsReplayedAndVerifies() {
        Envelope replayed = ReplayGuard.around(List.of(this.signer::resign)).beforeRepublish(this.signed,
                this.signed.replayed());

        assertThat(replayed.attempt()).isEqualTo(1);
        assertThat(this.signer.verify(replayed)).isSameAs(replayed);
    }

    @Test
    void interceptorsRunInTheirOrder() {
        RepublishInterceptor first = (stored, next) -> next.toBuilder().priority(3).build();
        RepublishInterceptor second = (stored, next) -> next.toBuilder().priority(next.priority() + 1).build();

        assertThat(RepublishInterceptor.chain(List.of(first, second)).beforeRepublish(this.unsigned,
                this.unsigned.replayed()).priority()).isEqualTo(4);
    }
}
