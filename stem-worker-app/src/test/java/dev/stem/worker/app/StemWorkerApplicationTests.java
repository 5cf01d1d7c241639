package dev.stem.worker.app;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

import dev.stem.Stem;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.Worker;

import static org.assertj.core.api.Assertions.assertThat;

/// Starts the worker app on the in-memory default with a task library on its classpath.
@SpringBootTest(properties = { "stem.worker.fetch-wait=100ms", "stem.worker.shutdown-timeout=2s" })
@ExtendWith(OutputCaptureExtension.class)
class StemWorkerApplicationTests {

    @Autowired
    private Worker worker;

    @Autowired
    private TaskRegistry tasks;

    @Autowired
    private Stem stem;

    @Autowired
    private Environment environment;

    @Test
    void startsAWorkerThatRunsTheTasksOfALibraryOnItsClasspath(CapturedOutput output) {
        assertThat(this.worker.isRunning()).isTrue();
        assertThat(this.tasks.find("invoice.total")).isPresent();
        assertThat(output).containsPattern("Stem worker ready: \\d+ tasks \\[.*invoice\\.total.*\\] on queues \\[default\\]");

        Object total = this.stem.enqueue("invoice.total", Map.of("net", 100, "tax", 19)).result(Duration.ofSeconds(10));

        assertThat(total).isEqualTo(119);
    }

    @Test
    void servesOnlyActuatorOnItsManagementPortAndDrainsWithinTheShutdownPhase() {
        assertThat(this.environment.getProperty("server.port", Integer.class)).isEqualTo(-1);
        assertThat(this.environment.getProperty("management.server.port", Integer.class)).isEqualTo(8081);
        assertThat(this.environment.getProperty("spring.main.keep-alive", Boolean.class)).isTrue();
        Duration phase = this.environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class);
        assertThat(this.worker.options().shutdownTimeout()).isLessThan(phase);
    }
}
