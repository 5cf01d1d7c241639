package dev.stem.admin.shell;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTests {

    @Test
    void leavesSpringBootPropertiesOutOfTheCommandWhereverTheyStand() {
        CommandLine commandLine = CommandLine.of("--stem.broker.url=redis://localhost:6379", "queues",
                "--logging.level.root=INFO", "--limit", "5", "--stem.redis.key-prefix=a=b");

        assertThat(commandLine.words()).containsExactly("queues", "--limit", "5");
        assertThat(commandLine.text()).isEqualTo("queues --limit 5");
    }

    @Test
    void keepsCommandOptionsWithoutADotInTheirName() {
        assertThat(CommandLine.of("dead", "list", "--queue=mail", "-q", "mail").words())
                .containsExactly("dead", "list", "--queue=mail", "-q", "mail");
    }

    @Test
    void isEmptyWhenOnlySettingsAreGiven() {
        assertThat(CommandLine.of("--stem.broker.url=redis://localhost:6379").isEmpty()).isTrue();
        assertThat(CommandLine.of().isEmpty()).isTrue();
    }

    @Test
    void quotesAWordWithASpaceOrAQuoteSoItStaysOneWord() {
        assertThat(new CommandLine(List.of("echo", "two words", "say \"hi\"")).text())
                .isEqualTo("echo \"two words\" \"say \\\"hi\\\"\"");
    }
}
