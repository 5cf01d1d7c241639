package dev.stem.admin.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import dev.stem.worker.Worker;

import static org.assertj.core.api.Assertions.assertThat;

/// Starts the shell in script mode with one command, as `java -Dspring.shell.interactive.enabled=false
/// -jar stem-admin-shell.jar queues` does.
@SpringBootTest(args = "queues", properties = "spring.shell.interactive.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
class StemAdminShellApplicationTests {

    @Autowired
    private ApplicationContext context;

    @Test
    void runsTheCommandGivenOnTheCommandLineWithoutAWorker(CapturedOutput output) {
        assertThat(this.context.getBeanProvider(Worker.class).getIfAvailable()).isNull();
        assertThat(output).containsPattern("QUEUE +READY +DELAYED +IN-FLIGHT +DEAD")
                .containsPattern("default +0 +0 +0 +0");
    }
}
