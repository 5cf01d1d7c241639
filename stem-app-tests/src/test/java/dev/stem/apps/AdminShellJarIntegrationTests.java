package dev.stem.apps;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.stem.envelope.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

/// `java -jar stem-admin-shell.jar <command> --stem.broker.url=...`: the shell jar as shipped runs
/// the command once, prints only its output on stdout and exits with its status.
class AdminShellJarIntegrationTests {

    @ParameterizedTest
    @EnumSource(TestStore.Kind.class)
    void queuesPrintsTheQueueTableOfTheStoreAndExitsZero(TestStore.Kind kind) throws Exception {
        try (TestStore store = TestStore.open(kind)) {
            try (StemClient client = StemClient.connect(store)) {
                client.broker().publish(Envelope.builder("report.build").queue("reports").build());
                client.broker().publish(Envelope.builder("report.build").queue("reports").build());
            }
            List<String> arguments = new ArrayList<>(List.of("queues"));
            arguments.addAll(store.arguments());
            try (AppProcess shell = AppProcess.start("shell-queues-" + kind, AppJars.logs(),
                    AppProcess.javaJar(AppJars.shell(), List.of(), arguments))) {
                int exitCode = shell.awaitExit(AppProcess.START_TIMEOUT);

                assertThat(exitCode).as(shell.output()).isZero();
                assertThat(shell.stdout().lines()).as(shell.output()).satisfiesExactly(
                        header -> assertThat(header).matches("QUEUE +READY +DELAYED +IN-FLIGHT +DEAD +OLDEST-READY-SECONDS"),
                        configured -> assertThat(configured).matches("default +0 +0 +0 +0 +-"),
                        published -> assertThat(published).matches("reports +2 +0 +0 +0 +\\d+"));
            }
        }
    }

    /// Runs through `bin/stem`, the README's command, which finds the JDK and the jar itself.
    @ParameterizedTest
    @EnumSource(TestStore.Kind.class)
    void anUnknownCommandIsOneLineOnStderrAndANonZeroExit(TestStore.Kind kind) throws Exception {
        try (TestStore store = TestStore.open(kind)) {
            List<String> command = new ArrayList<>(
                    List.of(AppJars.root().resolve("bin/stem").toString(), "frobnicate"));
            command.addAll(store.arguments());
            try (AppProcess shell = AppProcess.start("shell-unknown-" + kind, AppJars.logs(), command,
                    "JAVA_HOME", System.getProperty("java.home"), "STEM_BUILD_DIR", AppJars.buildDir())) {
                int exitCode = shell.awaitExit(AppProcess.START_TIMEOUT);

                assertThat(exitCode).as(shell.output()).isEqualTo(2);
                assertThat(shell.stdout()).as(shell.output()).isEmpty();
                assertThat(shell.stderr().lines().filter(line -> line.startsWith("stem:")))
                        .as(shell.output())
                        .containsExactly("stem: unknown command 'frobnicate'; 'help' lists the commands");
                assertThat(shell.stderr()).as(shell.output()).doesNotContain("\tat ", "Exception");
            }
        }
    }
}
