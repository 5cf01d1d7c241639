package dev.stem.beat.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

import dev.stem.Stem;
import dev.stem.schedule.Beat;
import dev.stem.schedule.ScheduleStore;
import dev.stem.worker.Worker;

import static org.assertj.core.api.Assertions.assertThat;

/// Starts the beat app on the in-memory default.
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class StemBeatApplicationTests {

    @Autowired
    private ApplicationContext context;

    @Test
    void runsBeatWithoutAWorker(CapturedOutput output) {
        assertThat(this.context.getBeanProvider(Worker.class).getIfAvailable()).isNull();
        assertThat(this.context.getBean(Stem.class)).isNotNull();
        assertThat(this.context.getBean(ScheduleStore.class).list()).isEmpty();
        assertThat(this.context.getBean(Beat.class).isRunning()).isTrue();
        assertThat(output).contains("Stem beat started: instance");
    }

    @Test
    void servesOnlyActuatorOnItsManagementPortAndStaysUp() {
        Environment environment = this.context.getEnvironment();
        assertThat(environment.getProperty("server.port", Integer.class)).isEqualTo(-1);
        assertThat(environment.getProperty("management.server.port", Integer.class)).isEqualTo(8082);
        assertThat(environment.getProperty("spring.main.keep-alive", Boolean.class)).isTrue();
        assertThat(environment.getProperty("management.endpoint.health.probes.enabled", Boolean.class)).isTrue();
    }
}
