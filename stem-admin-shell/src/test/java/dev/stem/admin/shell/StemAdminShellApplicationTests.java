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

/// Starts the shell with a command and a Spring Boot setting on its command line, as
/// `java -jar stem-admin-shell.jar queues --stem.worker.queues=default,mail` does.
@SpringBootTest(args = { "queues", "--stem.worker.queues=default,mail" })
@ExtendWith(OutputCaptureExtension.class)
class StemAdminShellApplicationTests {

    @Autowired
    private ApplicationContext context;

    @Test
    void runsTheCommandGivenOnTheCommandLineWithoutAWorkerAndExitsWithItsStatus(CapturedOutput output) {
        assertThat(this.context.getBeanProvider(Worker.class).getIfAvailable()).isNull();
        assertThat(output.getOut()).containsPattern("QUEUE +READY +DELAYED +IN-FLIGHT +DEAD +OLDEST-READY-SECONDS")
                .containsPattern("default +0 +0 +0 +0")
                .containsPattern("mail +0 +0 +0 +0");
        assertThat(this.context.getBean(StemShellRunner.class).getExitCode()).isZero();
    }
}
