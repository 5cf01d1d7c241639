package dev.stem.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;

/// [EnvelopeCodec] encode and decode of a typical message (wire format v1), in ns per call.
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnvelopeCodecBenchmark {

    private EnvelopeCodec codec;

    private Envelope envelope;

    private String json;

    private byte[] bytes;

    @Setup
    public void setUp() {
        this.codec = new EnvelopeCodec();
        this.envelope = SampleEnvelopes.mail("default");
        this.json = this.codec.encode(this.envelope);
        this.bytes = this.codec.encodeToBytes(this.envelope);
    }

    @Benchmark
    public String encode() {
        return this.codec.encode(this.envelope);
    }

    @Benchmark
    public byte[] encodeToBytes() {
        return this.codec.encodeToBytes(this.envelope);
    }

    @Benchmark
    public Envelope decode() {
        return this.codec.decode(this.json);
    }

    @Benchmark
    public Envelope decodeBytes() {
        return this.codec.decode(this.bytes);
    }
}
