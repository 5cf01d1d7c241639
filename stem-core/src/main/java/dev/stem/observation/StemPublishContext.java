package dev.stem.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;

import dev.stem.envelope.Envelope;

/// The context of a [StemObservation#PUBLISH] observation. Its carrier is a copy of the message's
/// headers: a tracing handler writes the trace context (`traceparent`) into it when the observation
/// starts, and [ObservationEnqueueInterceptor] publishes the message with those headers.
public final class StemPublishContext extends SenderContext<Map<String, String>> {

    private final Envelope envelope;

    /// A context for publishing `envelope`.
    public StemPublishContext(Envelope envelope) {
        super((carrier, key, value) -> carrier.put(key, value));
        this.envelope = envelope;
        setCarrier(new LinkedHashMap<>(envelope.headers()));
        setRemoteServiceName("stem");
    }

    /// The message being published (as it was before the trace context was added).
    public Envelope envelope() {
        return this.envelope;
    }

    /// The headers to publish the message with: its own plus what the handlers wrote.
    public Map<String, String> headers() {
        Map<String, String> carrier = getCarrier();
        return carrier != null ? carrier : this.envelope.headers();
    }
}
