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

import dev.stem.schedule.MissedRunPolicy;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleRecord;
import dev.stem.schedule.ScheduleState;
import dev.stem.schedule.ScheduleStore;
import dev.stem.schedule.ScheduledTaskOptions;
import dev.stem.schedule.TickOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/// The promises of [ScheduleStore], checked against a real adapter: extend this class and return
/// a fresh store from [#createScheduleStore()].
///
/// Every test uses random entry ids and removes its entries afterwards; `list` and `due` results
/// are filtered to the test's own entries, so the store may share a server with other tests.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ScheduleStoreContractTests {

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
    void savedRecordsReadBackExactlyAndCanBeListedReplacedAndRemoved() {
        ScheduleRecord first = save(record("a", true, Instant.parse("2030-01-01T00:00:00Z")));
        ScheduleEntry full = ScheduleEntry.builder(RandomNames.of("b"), "test.report")
                .args(JsonNodeFactory.instance.arrayNode().add(1).add("two"))
                .queue("reports").priority(7).cron("0 0 6 * * *").zone("Europe/Berlin")
                .jitter(Duration.ofSeconds(30)).enabled(false).missedRunPolicy(MissedRunPolicy.CATCH_UP)
                .catchUpLimit(5)
                .options(new ScheduledTaskOptions(2, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofHours(1)))
                .build();
        ScheduleState state = new ScheduleState(null, Instant.parse("2029-12-31T06:00:00Z"), TickOutcome.PUBLISHED,
                "m-1", Duration.ofMillis(42), null);
        ScheduleRecord second = save(new ScheduleRecord(full, state));

        assertThat(this.store.get(first.id())).contains(first);
        assertThat(this.store.get(second.id())).contains(second);
        assertThat(this.store.get(RandomNames.of("missing"))).isEmpty();
        assertThat(own(this.store.list())).containsExactly(first, second);

        ScheduleRecord changed = new ScheduleRecord(first.entry().toBuilder().every(Duration.ofSeconds(5)).build(),
                first.state().withNextRunAt(Instant.parse("2030-01-01T00:01:00Z")));
        this.store.save(changed);
        assertThat(this.store.get(first.id())).contains(changed);
        assertThat(own(this.store.list())).containsExactly(changed, second);

        assertThat(this.store.remove(first.id())).isTrue();
        assertThat(this.store.remove(first.id())).isFalse();
        assertThat(this.store.get(first.id())).isEmpty();
        assertThat(own(this.store.list())).containsExactly(second);
    }

    @Test
    void dueListsEnabledEntriesAtOrBeforeNowEarliestFirst() {
        Instant now = Instant.parse("1990-01-01T00:00:00Z")
                .plusSeconds(ThreadLocalRandom.current().nextLong(1, 300_000_000L));
        ScheduleRecord recent = save(record("recent", true, now.minusSeconds(10)));
        ScheduleRecord oldest = save(record("oldest", true, now.minusSeconds(20)));
        ScheduleRecord exactlyNow = save(record("now", true, now));
        save(record("future", true, now.plusSeconds(1)));
        save(record("disabled", false, now.minusSeconds(30)));
        save(record("finished", true, null));

        assertThat(own(this.store.due(now, 1000))).containsExactly(oldest, recent, exactlyNow);
        assertThat(this.store.due(now, 1)).hasSize(1);
    }

    @Test
    void advanceReplacesTheStateOnlyWhileTheNextRunIsTheExpectedOne() {
        Instant next = Instant.parse("2030-01-01T00:00:00Z");
        ScheduleRecord saved = save(record("advance", true, next));
        ScheduleState moved = new ScheduleState(next.plusSeconds(60), next, TickOutcome.PUBLISHED, "m-2",
                Duration.ofMillis(3), null);

        assertThat(this.store.advance(saved.id(), next.minusSeconds(60), moved)).isFalse();
        assertThat(this.store.get(saved.id())).contains(saved);

        assertThat(this.store.advance(saved.id(), next, moved)).isTrue();
        assertThat(this.store.get(saved.id())).contains(new ScheduleRecord(saved.entry(), moved));
        assertThat(own(this.store.due(next.plusSeconds(59), 1000))).isEmpty();
        assertThat(own(this.store.due(next.plusSeconds(60), 1000))).extracting(ScheduleRecord::state).containsExactly(moved);

        assertThat(this.store.advance(saved.id(), next, moved.withNextRunAt(next.plusSeconds(120)))).isFalse();
        assertThat(this.store.advance(saved.id(), next.plusSeconds(60), moved.withNextRunAt(null))).isTrue();
        assertThat(own(this.store.due(Instant.parse("2100-01-01T00:00:00Z"), 1000))).isEmpty();
    }

    @Test
    void advanceLeavesDisabledAndMissingEntriesAlone() {
        Instant next = Instant.parse("2030-01-01T00:00:00Z");
        ScheduleRecord disabled = save(record("disabled", false, next));
        ScheduleState moved = ScheduleState.first(next.plusSeconds(60));

        assertThat(this.store.advance(disabled.id(), next, moved)).isFalse();
        assertThat(this.store.get(disabled.id())).contains(disabled);
        assertThat(this.store.advance(RandomNames.of("missing"), next, moved)).isFalse();
        assertThat(this.store.get(disabled.id())).contains(disabled);
    }

    @Test
    void ofConcurrentAdvancesExpectingTheSameNextRunExactlyOneWins() throws Exception {
        Instant next = Instant.parse("2030-01-01T00:00:00Z");
        ScheduleRecord saved = save(record("race", true, next));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ScheduleState state = new ScheduleState(next.plusSeconds(60), next, TickOutcome.PUBLISHED, "m-" + i, null,
                    null);
            calls.add(this.executor.submit(() -> {
                start.await();
                return this.store.advance(saved.id(), next, state);
            }));
        }

        start.countDown();

        int won = 0;
        for (Future<Boolean> call : calls) {
            if (call.get(15, TimeUnit.SECONDS)) {
                won++;
            }
        }
        assertThat(won).isEqualTo(1);
    }

    private ScheduleRecord record(String prefix, boolean enabled, @Nullable Instant nextRunAt) {
        ScheduleEntry entry = ScheduleEntry.builder(RandomNames.of(prefix), "test.tick")
                .args(JsonNodeFactory.instance.objectNode().put("source", "contract")).queue("beat")
                .every(Duration.ofMinutes(1)).enabled(enabled).build();
        return new ScheduleRecord(entry, ScheduleState.first(nextRunAt));
    }

    private ScheduleRecord save(ScheduleRecord record) {
        this.store.save(record);
        this.savedIds.add(record.id());
        return record;
    }

    private List<ScheduleRecord> own(List<ScheduleRecord> records) {
        Set<String> ids = Set.copyOf(this.savedIds);
        return records.stream().filter((record) -> ids.contains(record.id())).toList();
    }
}
