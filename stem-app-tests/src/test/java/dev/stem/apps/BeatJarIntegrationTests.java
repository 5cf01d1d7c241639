package dev.stem.apps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/// `java -jar stem-beat-app.jar --stem.broker.url=...`: the beat jar as shipped starts, reads its
/// schedule store and serves Actuator health on its management port.
class BeatJarIntegrationTests {

    @ParameterizedTest
    @EnumSource(TestStore.Kind.class)
    void startsReadsItsScheduleStoreAndIsHealthy(TestStore.Kind kind) throws Exception {
        int managementPort = AppJars.freePort();
        try (TestStore store = TestStore.open(kind)) {
            List<String> arguments = new ArrayList<>(store.arguments());
            arguments.add("--management.server.port=" + managementPort);
            try (AppProcess beat = AppProcess.start("beat-" + kind, AppJars.logs(),
                    AppProcess.javaJar(AppJars.beat(), List.of(), arguments))) {
                beat.awaitOutput("Stem beat started: instance", AppProcess.START_TIMEOUT);

                assertThat(ActuatorHealth.awaitUp(managementPort, beat, Duration.ofSeconds(60)))
                        .contains("\"status\":\"UP\"");
                assertThat(beat.stdout() + beat.stderr()).doesNotContain("APPLICATION FAILED TO START");
            }
        }
    }
}
