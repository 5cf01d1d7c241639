package dev.stem.contract;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.stem.control.RevokeStore;
import dev.stem.envelope.InvalidEnvelopeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/// The promises of [RevokeStore], checked against a real adapter: extend this class and return a
/// fresh store from [#createRevokeStore()].
///
/// Every test uses random task ids and only looks for its own ids in `revoked()`, so the store may
/// share a server with other tests.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class RevokeStoreContractTests {

    private RevokeStore store;

    /// Returns a new store to test; it is closed after each test if it is [AutoCloseable].
    protected abstract RevokeStore createRevokeStore();

    @BeforeEach
    void createSubject() {
        this.store = createRevokeStore();
    }

    @AfterEach
    void closeSubject() throws Exception {
        if (this.store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void revokedIdIsVisible() {
        String revoked = RandomNames.of("task");
        String other = RandomNames.of("task");

        this.store.revoke(revoked, Duration.ofMinutes(5));

        assertThat(this.store.isRevoked(revoked)).isTrue();
        assertThat(this.store.isRevoked(other)).isFalse();
        assertThat(this.store.revoked()).contains(revoked).doesNotContain(other);
    }

    @Test
    void revokedAmongPicksTheRevokedIdsInOneCall() {
        String first = RandomNames.of("task");
        String second = RandomNames.of("task");
        String other = RandomNames.of("task");
        this.store.revoke(first, Duration.ofMinutes(5));
        this.store.revoke(second, Duration.ofMinutes(5));

        assertThat(this.store.revokedAmong(List.of(first, other, second))).containsExactlyInAnyOrder(first, second);
        assertThat(this.store.revokedAmong(List.of(other))).isEmpty();
        assertThat(this.store.revokedAmong(List.of())).isEmpty();
    }

    @Test
    void revokeLapsesAfterItsTimeToLive() {
        String revoked = RandomNames.of("task");
        this.store.revoke(revoked, Duration.ofSeconds(1));
        assertThat(this.store.isRevoked(revoked)).isTrue();

        await().atMost(Duration.ofSeconds(15)).until(() -> !this.store.isRevoked(revoked));

        assertThat(this.store.revoked()).doesNotContain(revoked);
    }

    @Test
    void aHostileIdIsRefusedBeforeItReachesTheStore() {
        for (String hostile : HostileNames.ALL) {
            assertThatThrownBy(() -> this.store.revoke(hostile, Duration.ofMinutes(5)))
                    .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("taskId");
        }
    }
}
