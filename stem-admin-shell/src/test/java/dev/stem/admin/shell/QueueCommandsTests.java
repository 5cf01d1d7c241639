package dev.stem.admin.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.test.ShellScreen;
import org.springframework.shell.test.ShellTestClient;

import dev.stem.broker.Broker;
import dev.stem.envelope.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

/// Runs `queues` through the shell's own parser and registry against the in-memory broker, in a
/// shell started as `java -jar stem-admin-shell.jar help` (whose output `help` lists).
@SpringBootTest(properties = "stem.worker.queues=default,mail", args = "help")
@ExtendWith(OutputCaptureExtension.class)
class QueueCommandsTests {

    @Autowired
    private Broker broker;

    @Autowired
    private CommandParser parser;

    @Autowired
    private CommandRegistry registry;

    @Test
    void queuesShowsTheCountsOfTheConfiguredQueuesAndOfEveryQueueTheBrokerHasSeen() throws Exception {
        this.broker.publish(Envelope.builder("mail.send").queue("mail").build());
        this.broker.publish(Envelope.builder("report.build").queue("reports").build());
        this.broker.publish(Envelope.builder("report.build").queue("reports").build());

        ShellScreen screen = new ShellTestClient(this.parser, this.registry).sendCommand("queues");

        assertThat(String.join("\n", screen.lines()))
                .containsPattern("QUEUE +READY +DELAYED +IN-FLIGHT +DEAD +OLDEST-READY-SECONDS")
                .containsPattern("default +0 +0 +0 +0 +-")
                .containsPattern("mail +1 +0 +0 +0 +\\d+")
                .containsPattern("reports +2 +0 +0 +0 +\\d+");
    }

    @Test
    void helpGivenOnTheCommandLineListsTheCommandsOnStdout(CapturedOutput output) {
        assertThat(output.getOut())
                .contains("queues: Show each queue's ready, delayed, in-flight and dead message counts and its oldest ready message's age")
                .contains("help: Display help about available commands");
    }
}
