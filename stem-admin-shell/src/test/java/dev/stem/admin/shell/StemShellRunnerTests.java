package dev.stem.admin.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.DefaultCommandParser;

import static org.assertj.core.api.Assertions.assertThat;

/// The one-shot and interactive paths of [StemShellRunner], with commands of its own.
class StemShellRunnerTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private final List<String[]> interactiveRuns = new ArrayList<>();

    private final CommandRegistry registry = new CommandRegistry(Set.of(
            command("greet", context -> context.outputWriter().println("hello "
                    + context.getArgumentByIndex(0).value())),
            command("explode", context -> {
                throw new IllegalStateException("Unable to connect to Redis",
                        new IllegalStateException("Unable to connect to 127.0.0.1:6379\n\tat somewhere",
                                new ConnectException("Connection refused")));
            })));

    private final StemShellRunner runner = new StemShellRunner(new DefaultCommandParser(this.registry), this.registry,
            this.interactiveRuns::add, new PrintStream(this.out, true, StandardCharsets.UTF_8),
            new PrintStream(this.err, true, StandardCharsets.UTF_8));

    @Test
    void runsTheCommandOnceWithoutTheSpringBootSettingsAndExitsZero() throws Exception {
        this.runner.run(new DefaultApplicationArguments("greet", "--stem.broker.url=redis://localhost:6379", "world"));

        assertThat(stdout()).isEqualTo("hello world\n");
        assertThat(stderr()).isEmpty();
        assertThat(this.runner.getExitCode()).isZero();
        assertThat(this.interactiveRuns).isEmpty();
    }

    @Test
    void anUnknownCommandIsOneLineOnStderrAndExitCodeTwo() throws Exception {
        this.runner.run(new DefaultApplicationArguments("nope", "--stem.broker.url=redis://localhost:6379"));

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).isEqualTo("stem: unknown command 'nope'; 'help' lists the commands\n");
        assertThat(this.runner.getExitCode()).isEqualTo(2);
    }

    @Test
    void aFailingCommandIsOneLineWithTheMessagesOfItsCausesAndExitCodeOne() throws Exception {
        this.runner.run(new DefaultApplicationArguments("explode"));

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).isEqualTo("stem: explode failed: Unable to connect to Redis: "
                + "Unable to connect to 127.0.0.1:6379: Connection refused\n");
        assertThat(this.runner.getExitCode()).isEqualTo(1);
    }

    @Test
    void runsTheInteractiveShellWhenOnlySettingsAreGiven() throws Exception {
        this.runner.run(new DefaultApplicationArguments("--stem.broker.url=redis://localhost:6379"));

        assertThat(this.interactiveRuns).hasSize(1);
        assertThat(this.interactiveRuns.get(0)).isEmpty();
        assertThat(this.runner.getExitCode()).isZero();
    }

    private String stdout() {
        return this.out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private String stderr() {
        return this.err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private static Command command(String name, Consumer<CommandContext> action) {
        return Command.builder().name(name).description(name).execute(action);
    }
}
