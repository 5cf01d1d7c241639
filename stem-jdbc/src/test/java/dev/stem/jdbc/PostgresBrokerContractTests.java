package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.contract.BrokerContractTests;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// The broker contract on PostgreSQL; `storeAndAckAll` runs its one-statement path, with a
/// [JdbcResultBackend] on the same tables.
@RequiresPostgres
class PostgresBrokerContractTests extends BrokerContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected Broker createBroker() {
        return new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec());
    }

    @Override
    protected ResultBackend createResultBackend() {
        return new JdbcResultBackend(postgres.dataSource(), postgres.prefix());
    }

    @Test
    void storeAndAckAllWithABackendElsewhereStoresThenAcks() throws Exception {
        String queue = "fallback" + System.nanoTime();
        Envelope sent = Envelope.builder("test.task").queue(queue).build();
        try (Broker broker = createBroker(); InMemoryResultBackend backend = new InMemoryResultBackend()) {
            broker.publish(sent);
            List<Delivery> deliveries = broker.fetch(
                    new FetchRequest("consumer-a", List.of(queue), 10, Duration.ofSeconds(5), Duration.ofMinutes(1)));
            TaskResult result = new TaskResult(sent.id(), sent.task(), TaskState.SUCCESS,
                    JsonNodeFactory.instance.stringNode("done"), null, Map.of(), sent.attempt(), Instant.now());

            assertThat(broker.storeAndAckAll(backend, List.of(result), Duration.ofMinutes(5), deliveries)).isEqualTo(1);

            assertThat(backend.get(sent.id())).hasValueSatisfying(
                    stored -> assertThat(stored.state()).isEqualTo(TaskState.SUCCESS));
            assertThat(broker.stats(queue).inFlight()).isZero();
        }
    }
}
