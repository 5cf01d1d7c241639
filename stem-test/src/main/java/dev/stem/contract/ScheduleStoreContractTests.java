package dev.stem.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleStore;

import static org.assertj.core.api.Assertions.assertThat;

/// The promises of [ScheduleStore], checked against a real adapter: extend this class and return
/// a fresh store from [#createScheduleStore()].
///
/// Every test uses random entry ids and removes its entries afterwards; `list` and `due` results
/// are filtered to the test's own entries, so the store may share a server with other tests.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ScheduleStoreContractTests {

    private static final Duration HOLD = Duration.ofMinutes(5);

    private final List<String> savedIds = new ArrayList<>();

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private ScheduleStore store;

    /// Returns a new store to test; it is closed after each test if it is [AutoCloseable].
    protected abstract ScheduleStore createScheduleStore();

    @BeforeEach
    void createSubject() {
        this.store = createScheduleStore();
    }

    @AfterEach
    void closeSubject() throws Exception {
        this.executor.shutdownNow();
        try {
            this.savedIds.forEach(this.store::remove);
        }
        finally {
            if (this.store instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void savedEntriesCanBeReadListedReplacedAndRemoved() {
        ScheduleEntry first = save(entry("a", true, Instant.parse("2030-01-01T00:00:00Z")));
        ScheduleEntry second = save(new ScheduleEntry(RandomNames.of("b"), "test.report",
                JsonNodeFactory.instance.arrayNode().add(1).add("two"), "reports", "cron:0 0 6 * * *",
                "Europe/Berlin", Duration.ofSeconds(30), false, null, Instant.parse("2029-12-31T06:00:00Z")));

        assertThat(this.store.get(first.id())).contains(first);
        assertThat(this.store.get(second.id())).contains(second);
        assertThat(this.store.get(RandomNames.of("missing"))).isEmpty();
        assertThat(own(this.store.list())).containsExactly(first, second);

        ScheduleEntry fired = first.fired(Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:01:00Z"));
        this.store.save(fired);
        assertThat(this.store.get(first.id())).contains(fired);
        assertThat(own(this.store.list())).containsExactly(fired, second);

        assertThat(this.store.remove(first.id())).isTrue();
        assertThat(this.store.remove(first.id())).isFalse();
        assertThat(this.store.get(first.id())).isEmpty();
        assertThat(own(this.store.list())).containsExactly(second);
    }

    @Test
    void dueListsEnabledEntriesAtOrBeforeNowEarliestFirst() {
        Instant now = Instant.parse("1990-01-01T00:00:00Z")
                .plusSeconds(ThreadLocalRandom.current().nextLong(1, 300_000_000L));
        ScheduleEntry recent = save(entry("recent", true, now.minusSeconds(10)));
        ScheduleEntry oldest = save(entry("oldest", true, now.minusSeconds(20)));
        ScheduleEntry exactlyNow = save(entry("now", true, now));
        save(entry("future", true, now.plusSeconds(1)));
        save(entry("disabled", false, now.minusSeconds(30)));
        save(entry("finished", true, null));

        assertThat(own(this.store.due(now, 1000))).containsExactly(oldest, recent, exactlyNow);
        assertThat(this.store.due(now, 1)).hasSize(1);
    }

    @Test
    void aTickIsClaimedExactlyOnceAcrossThreads() throws Exception {
        ScheduleEntry entry = save(entry("tick", true, Instant.parse("2030-01-01T00:00:00Z")));
        Instant tick = Instant.parse("2030-01-01T00:00:00Z");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claims.add(this.executor.submit(() -> {
                start.await();
                return this.store.claimTick(entry.id(), tick, HOLD);
            }));
        }

        start.countDown();

        int granted = 0;
        for (Future<Boolean> claim : claims) {
            if (claim.get(15, TimeUnit.SECONDS)) {
                granted++;
            }
        }
        assertThat(granted).isEqualTo(1);
        assertThat(this.store.claimTick(entry.id(), tick, HOLD)).isFalse();
    }

    @Test
    void anotherTickOrEntryCanBeClaimed() {
        ScheduleEntry entry = save(entry("tick", true, Instant.parse("2030-01-01T00:00:00Z")));
        ScheduleEntry other = save(entry("other", true, Instant.parse("2030-01-01T00:00:00Z")));
        Instant tick = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(this.store.claimTick(entry.id(), tick, HOLD)).isTrue();

        assertThat(this.store.claimTick(entry.id(), tick.plusSeconds(60), HOLD)).isTrue();
        assertThat(this.store.claimTick(other.id(), tick, HOLD)).isTrue();
        assertThat(this.store.claimTick(entry.id(), tick, HOLD)).isFalse();
    }

    private ScheduleEntry entry(String prefix, boolean enabled, @Nullable Instant nextRunAt) {
        return new ScheduleEntry(RandomNames.of(prefix), "test.tick",
                JsonNodeFactory.instance.objectNode().put("source", "contract"), "beat", "every:PT1M", "UTC", null,
                enabled, nextRunAt, null);
    }

    private ScheduleEntry save(ScheduleEntry entry) {
        this.store.save(entry);
        this.savedIds.add(entry.id());
        return entry;
    }

    private List<ScheduleEntry> own(List<ScheduleEntry> entries) {
        Set<String> ids = Set.copyOf(this.savedIds);
        return entries.stream().filter((entry) -> ids.contains(entry.id())).toList();
    }
}
