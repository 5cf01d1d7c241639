package dev.stem.boot.autoconfigure.canvas;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.canvas.CanvasInterceptor;
import dev.stem.canvas.ChordArrival;
import dev.stem.canvas.ChordPlan;
import dev.stem.canvas.ChordStore;
import dev.stem.canvas.Signature;
import dev.stem.canvas.StemCanvas;
import dev.stem.memory.InMemoryChordStore;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class StemCanvasAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class,
                    StemCanvasAutoConfiguration.class));

    @Test
    void onTheInMemoryDefaultAChordRunsThroughTheCanvasBeanAndTheWorker() {
        this.contextRunner.withBean(TaskRegistry.class, StemCanvasAutoConfigurationTests::tasks).run(context -> {
            assertThat(context).hasSingleBean(CanvasInterceptor.class);
            assertThat(context.getBean(ChordStore.class)).isInstanceOf(InMemoryChordStore.class);
            StemCanvas canvas = context.getBean(StemCanvas.class);

            Object sum = canvas.chord(List.of(Signature.of("t.double", 1), Signature.of("t.double", 2)),
                    Signature.of("t.sum"), null).result(Duration.ofSeconds(30));

            assertThat(sum).isEqualTo(6);
        });
    }

    @Test
    void aChordStoreBeanOfTheApplicationReplacesTheDefaultAndTheTtlIsBound() {
        ChordStore own = new ChordStore() {
            @Override
            public void open(ChordPlan plan, Duration ttl) {
            }

            @Override
            public ChordArrival succeeded(String chordId, String memberId, String resultJson, Duration ttl) {
                return ChordArrival.UNKNOWN;
            }

            @Override
            public ChordArrival failed(String chordId, String memberId, String failureJson, Duration ttl) {
                return ChordArrival.UNKNOWN;
            }
        };
        this.contextRunner.withPropertyValues("stem.worker.enabled=false", "stem.canvas.ttl=2h")
                .withBean(ChordStore.class, () -> own).run(context -> {
                    assertThat(context.getBean(ChordStore.class)).isSameAs(own);
                    assertThat(context.getBean(StemCanvasProperties.class).getTtl()).isEqualTo(Duration.ofHours(2));
                });
    }

    @Test
    void aTtlThatIsNotPositiveFailsTheStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("stem.worker.enabled=false", "stem.canvas.ttl=0s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("stem.canvas.ttl"));
    }

    private static TaskRegistry tasks() {
        TaskRegistry tasks = new TaskRegistry();
        tasks.register(TaskDefinition.of("t.double", context -> context.args().get(0).asInt() * 2));
        tasks.register(TaskDefinition.of("t.sum", context -> {
            int sum = 0;
            for (JsonNode result : context.args().get(0)) {
                sum += result.asInt();
            }
            return sum;
        }));
        return tasks;
    }
}
