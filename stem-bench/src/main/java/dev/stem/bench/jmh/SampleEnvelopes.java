package dev.stem.bench.jmh;

import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.envelope.Envelope;

/// The message the micro-benchmarks use: a mail task with three arguments, one header and the
/// usual fields a client sets, about 300 bytes of JSON.
final class SampleEnvelopes {

    static final String TASK = "bench.mail";

    private SampleEnvelopes() {
    }

    static ObjectNode args() {
        return JsonNodeFactory.instance.objectNode().put("to", "ada@example.com").put("subject", "Welcome")
                .put("count", 3);
    }

    static Envelope mail(String queue) {
        return Envelope.builder(TASK).queue(queue).args(args()).headers(Map.of("tenant", "acme"))
                .createdAt(Instant.parse("2026-01-31T12:00:00.123456Z")).build();
    }
}
