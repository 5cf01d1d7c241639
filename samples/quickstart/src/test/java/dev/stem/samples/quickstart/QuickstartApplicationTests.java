package dev.stem.samples.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/// Runs the quickstart as its README command does (minus the exit) and checks that its output
/// shows a success, a retry and dead-lettered tasks, with a results table of one line per task
/// and no log line on standard output.
@ExtendWith(OutputCaptureExtension.class)
class QuickstartApplicationTests {

    @Test
    @Timeout(120)
    void runsTheDemoWorkloadToTheEnd(CapturedOutput output) {
        try (ConfigurableApplicationContext context = SpringApplication.run(QuickstartApplication.class)) {
            assertThat(context.isActive()).isTrue();
        }

        assertThat(output.getOut()).contains("add 2 + 3", "SUCCESS -> 5", "SUCCESS -> thumbnail-of-cat.png")
                .contains("attempt 0 failed", "SUCCESS -> fetched api.example.com on attempt 2")
                .contains("Dead letter queue 'default' (2)", "max-retries-exceeded", "unknown-task");
        String table = output.getOut().substring(output.getOut().indexOf("Results:"));
        assertThat(table.lines().skip(1).takeWhile(line -> !line.isBlank()))
                .hasSize(6).allMatch(line -> line.matches("  \\S.* (SUCCESS|FAILURE) -> .*"));
        assertThat(output.getOut()).doesNotContain("INFO", "WARN", "ERROR");
    }
}
