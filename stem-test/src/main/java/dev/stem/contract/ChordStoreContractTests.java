package dev.stem.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.canvas.ChordArrival;
import dev.stem.canvas.ChordPlan;
import dev.stem.canvas.ChordStore;
import dev.stem.canvas.SlotMessage;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.envelope.MessageIds;

import static org.assertj.core.api.Assertions.assertThat;

/// The promises of [ChordStore], checked against a real adapter and the broker it publishes to:
/// extend this class with both.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class ChordStoreContractTests {

    private static final Duration TTL = Duration.ofMinutes(10);

    private static final String SLOT = "chord-contract-slot";

    private final EnvelopeCodec codec = new EnvelopeCodec();

    private Broker broker;

    private ChordStore store;

    private String queue;

    /// A broker on the store under test.
    protected abstract Broker createBroker();

    /// The chord store under test, publishing to `broker`.
    protected abstract ChordStore createChordStore(Broker broker, EnvelopeCodec codec);

    @BeforeEach
    void createSubjects() {
        this.broker = createBroker();
        this.store = createChordStore(this.broker, this.codec);
        this.queue = RandomNames.of("chords");
    }

    @AfterEach
    void closeSubjects() throws Exception {
        this.broker.purge(this.queue);
        if (this.store instanceof AutoCloseable closeable) {
            closeable.close();
        }
        this.broker.close();
    }

    @Test
    void membersArrivingTwiceCountOnceAndTheLastPublishesTheBodyOnceWithTheResultsInMemberOrder() throws Exception {
        ChordPlan plan = plan(List.of("m1", "m2", "m3"), true);
        this.store.open(plan, TTL);

        assertThat(this.store.succeeded(plan.chordId(), "m2", "20", TTL)).isEqualTo(ChordArrival.COUNTED);
        assertThat(this.store.succeeded(plan.chordId(), "m1", "{\"a\":1}", TTL)).isEqualTo(ChordArrival.COUNTED);
        assertThat(this.store.succeeded(plan.chordId(), "m1", "\"again\"", TTL)).isEqualTo(ChordArrival.COUNTED);
        assertThat(this.store.succeeded(plan.chordId(), "m3", "null", TTL)).isEqualTo(ChordArrival.BODY_PUBLISHED);
        assertThat(this.store.succeeded(plan.chordId(), "m3", "30", TTL)).isEqualTo(ChordArrival.ALREADY_DECIDED);
        assertThat(this.store.failed(plan.chordId(), "m2", "\"m2\",{}", TTL)).isEqualTo(ChordArrival.ALREADY_DECIDED);

        List<Envelope> published = drain(1);
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().id()).isEqualTo(plan.body().messageId());
        assertThat(published.getFirst().args().toString()).isEqualTo("[[{\"a\":1},20,null],\"tail\"]");
    }

    @Test
    void aMemberFailingFirstPublishesTheErrorCallbackOnceAndTheBodyNever() throws Exception {
        ChordPlan plan = plan(List.of("m1", "m2"), true);
        this.store.open(plan, TTL);

        assertThat(this.store.succeeded(plan.chordId(), "m1", "1", TTL)).isEqualTo(ChordArrival.COUNTED);
        assertThat(this.store.failed(plan.chordId(), "m2", "\"m2\",{\"type\":\"X\"}", TTL))
                .isEqualTo(ChordArrival.ERROR_PUBLISHED);
        assertThat(this.store.failed(plan.chordId(), "m2", "\"m2\",{\"type\":\"X\"}", TTL))
                .isEqualTo(ChordArrival.ALREADY_DECIDED);
        assertThat(this.store.succeeded(plan.chordId(), "m2", "2", TTL)).isEqualTo(ChordArrival.ALREADY_DECIDED);

        List<Envelope> published = drain(1);
        assertThat(published).extracting(Envelope::id).containsExactly(plan.onError().messageId());
        assertThat(published.getFirst().args().toString()).isEqualTo("[\"m2\",{\"type\":\"X\"},\"tail\"]");
    }

    @Test
    void aChordWithoutErrorCallbackIsDecidedByAFailureAndPublishesNothing() throws Exception {
        ChordPlan plan = plan(List.of("m1", "m2"), false);
        this.store.open(plan, TTL);

        assertThat(this.store.failed(plan.chordId(), "m1", "\"m1\",{}", TTL)).isEqualTo(ChordArrival.ERROR_PUBLISHED);
        assertThat(this.store.succeeded(plan.chordId(), "m2", "2", TTL)).isEqualTo(ChordArrival.ALREADY_DECIDED);

        assertThat(drain(0)).isEmpty();
    }

    @Test
    void anUnknownChordRecordsNothingAndOpeningAChordAgainChangesNothing() throws Exception {
        assertThat(this.store.succeeded(MessageIds.next(), "m1", "1", TTL)).isEqualTo(ChordArrival.UNKNOWN);
        ChordPlan plan = plan(List.of("m1", "m2"), false);
        this.store.open(plan, TTL);
        assertThat(this.store.succeeded(plan.chordId(), "m1", "1", TTL)).isEqualTo(ChordArrival.COUNTED);

        this.store.open(plan, TTL);

        assertThat(this.store.succeeded(plan.chordId(), "m2", "2", TTL)).isEqualTo(ChordArrival.BODY_PUBLISHED);
        assertThat(drain(1)).hasSize(1);
    }

    @Test
    void manyChordsWhoseMembersArriveTwiceFromManyThreadsPublishEachBodyExactlyOnce() throws Exception {
        int chords = 30;
        int members = 10;
        List<ChordPlan> plans = new ArrayList<>();
        List<Runnable> arrivals = new ArrayList<>();
        for (int c = 0; c < chords; c++) {
            List<String> ids = IntStream.range(0, members).mapToObj(i -> MessageIds.next()).toList();
            ChordPlan plan = plan(ids, true);
            this.store.open(plan, TTL);
            plans.add(plan);
            for (int copy = 0; copy < 2; copy++) {
                for (int i = 0; i < members; i++) {
                    String member = ids.get(i);
                    String result = String.valueOf(i);
                    arrivals.add(() -> this.store.succeeded(plan.chordId(), member, result, TTL));
                }
            }
        }
        Collections.shuffle(arrivals);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            arrivals.forEach(arrival -> done.add(threads.submit(arrival)));
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }

        Map<String, Envelope> published = drain(chords).stream()
                .collect(Collectors.toMap(Envelope::id, Function.identity()));
        assertThat(published).hasSize(chords);
        for (ChordPlan plan : plans) {
            assertThat(published).containsKey(plan.body().messageId());
            assertThat(published.get(plan.body().messageId()).args().get(0).toString())
                    .isEqualTo("[0,1,2,3,4,5,6,7,8,9]");
        }
    }

    /// A chord of `members` whose body and error callback are messages to the test queue with one
    /// argument after the slot.
    private ChordPlan plan(List<String> members, boolean withErrorCallback) {
        String chordId = MessageIds.next();
        return new ChordPlan(chordId, members, slotted("chord.body"),
                withErrorCallback ? slotted("chord.error") : null);
    }

    private SlotMessage slotted(String task) {
        Envelope envelope = Envelope.builder(task).queue(this.queue)
                .args(JsonNodeFactory.instance.arrayNode().add(SLOT).add("tail")).build();
        String payload = this.codec.encode(envelope);
        int at = payload.indexOf('"' + SLOT + '"');
        return new SlotMessage(envelope.id(), envelope.queue(), envelope.priority(), payload.substring(0, at),
                payload.substring(at + SLOT.length() + 2));
    }

    /// Every message on the test queue, fetched (and acked) until `expected` came and a short fetch
    /// found no more, or a fetch came back empty after waiting 5 seconds.
    private List<Envelope> drain(int expected) throws InterruptedException {
        List<Envelope> messages = new ArrayList<>();
        while (true) {
            List<Delivery> deliveries = this.broker.fetch(new FetchRequest("chord-contract", List.of(this.queue), 100,
                    Duration.ofMillis(messages.size() >= expected ? 300 : 5_000), Duration.ofMinutes(1)));
            if (deliveries.isEmpty()) {
                return messages;
            }
            for (Delivery delivery : deliveries) {
                messages.add(delivery.envelope());
                this.broker.ack(delivery);
            }
        }
    }
}
