package dev.stem.bench.jmh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.memory.InMemoryBroker;

/// [InMemoryBroker] round trip: publish `batch` messages, fetch them, ack them; ns per round trip
/// (divide by `batch` for a message). `batch` 1 uses `publish` and `ack`, larger batches
/// `publishAll` and `ackAll`.
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InMemoryBrokerBenchmark {

    private static final String QUEUE = "bench";

    @Param({ "1", "100" })
    public int batch;

    private InMemoryBroker broker;

    private List<Envelope> envelopes;

    private FetchRequest request;

    @Setup
    public void setUp() {
        this.broker = new InMemoryBroker();
        this.envelopes = new ArrayList<>();
        for (int i = 0; i < this.batch; i++) {
            this.envelopes.add(SampleEnvelopes.mail(QUEUE));
        }
        this.request = new FetchRequest("bench-consumer", List.of(QUEUE), this.batch, Duration.ZERO,
                Duration.ofSeconds(30));
    }

    @TearDown
    public void tearDown() {
        this.broker.close();
    }

    @Benchmark
    public int publishFetchAck() throws InterruptedException {
        if (this.batch == 1) {
            this.broker.publish(this.envelopes.get(0));
            List<Delivery> deliveries = this.broker.fetch(this.request);
            return this.broker.ack(deliveries.get(0)) ? 1 : 0;
        }
        this.broker.publishAll(this.envelopes);
        List<Delivery> deliveries = this.broker.fetch(this.request);
        return this.broker.ackAll(deliveries);
    }
}
