package dev.stem.samples.canvas;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class CanvasApplicationTests {

    @Test
    @Timeout(120)
    void runsTheThreeWorkflowsOnTheInMemoryDefault(CapturedOutput output) {
        try (ConfigurableApplicationContext context = SpringApplication.run(CanvasApplication.class)) {
            assertThat(context.isActive()).isTrue();
        }

        String printed = output.getOut();
        assertThat(printed).contains("Group of 4 thumbnails, results in member order:");
        assertThat(printed.indexOf("image=cat.png")).isLessThan(printed.indexOf("image=dog.png"));
        assertThat(printed.indexOf("image=owl.png")).isLessThan(printed.indexOf("image=fox.png"));
        assertThat(printed).contains("Chord summary: 4 thumbnails, 10752 bytes");
        assertThat(printed).containsPattern("Chord with a corrupt image, error callback: task \\S+ failed: "
                + "cannot decode corrupt.png");
        assertThat(printed).contains("Its body ran: false");
    }
}
