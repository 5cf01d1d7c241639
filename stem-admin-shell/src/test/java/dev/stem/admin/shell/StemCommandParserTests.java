package dev.stem.admin.shell;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/// How [StemCommandParser] reads command lines.
class StemCommandParserTests {

    private final StemCommandParser parser = new StemCommandParser(new CommandRegistry(Set.of(
            command("dlq purge", option("queue", String.class), option("yes", boolean.class)),
            command("enqueue", option("args", String.class), option("json", boolean.class)),
            command("worker ping", option("timeout", String.class)))));

    @Test
    void splitsWordsAsAPosixShellDoes() {
        assertThat(StemCommandParser.words("enqueue a.b --args '{\"x\": \"y z\"}'  \"two words\" a\\ b"))
                .containsExactly("enqueue", "a.b", "--args", "{\"x\": \"y z\"}", "two words", "a b");
        assertThat(StemCommandParser.words("a \"say \\\"hi\\\"\" ''")).containsExactly("a", "say \"hi\"", "");
    }

    @Test
    void readsASubCommandItsArgumentsAndAFlagAtTheEnd() {
        ParsedInput input = this.parser.parse("dlq purge --queue mail --yes");

        assertThat(input.commandName()).isEqualTo("dlq");
        assertThat(input.subCommands()).containsExactly("purge");
        assertThat(input.options()).extracting(CommandOption::longName, CommandOption::value)
                .containsExactly(tuple("queue", "mail"),
                        tuple("yes", "true"));
    }

    @Test
    void takesPositionalArgumentsAfterTheCommandWords() {
        ParsedInput input = this.parser.parse("worker ping worker-1 --timeout=2s");

        assertThat(input.subCommands()).containsExactly("ping");
        assertThat(input.arguments()).extracting(CommandArgument::value).containsExactly("worker-1");
        assertThat(input.options()).extracting(CommandOption::value).containsExactly("2s");
    }

    @Test
    void helpAnywhereBecomesTheHelpCommandForThatCommand() {
        ParsedInput input = this.parser.parse("dlq purge --queue q --help");

        assertThat(input.commandName()).isEqualTo("help");
        assertThat(input.arguments()).extracting(CommandArgument::value).containsExactly("dlq", "purge");
    }

    @Test
    void refusesAnOptionTheCommandDoesNotHaveAndAnOptionWithoutItsValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse("dlq purge --qeue mail"))
                .withMessage("'dlq purge' has no option '--qeue'; 'dlq purge --help' lists its options");
        assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse("dlq purge --queue"))
                .withMessage("option '--queue' of 'dlq purge' needs a value");
        assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse("enqueue x --args '{"))
                .withMessageStartingWith("unclosed single quote");
    }

    private static Command command(String name, CommandOption... options) {
        return new Command() {

            @Override
            public String getName() {
                return name;
            }

            @Override
            public List<CommandOption> getOptions() {
                return List.of(options);
            }

            @Override
            public ExitStatus execute(CommandContext context) {
                return ExitStatus.OK;
            }
        };
    }

    private static CommandOption option(String name, Class<?> type) {
        return CommandOption.with().longName(name).type(type).build();
    }
}
