package dev.stem.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/// The admin shell jar as an operator meets it: typed into in a real terminal (tmux), and given a
/// worker id nobody answers for or a broker that is down on its command line, on Redis.
class AdminShellTerminalIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /// Three commands typed into the interactive shell in a tmux pane, one of them completed with Tab.
    @Test
    void theInteractiveShellRunsCommandsInATerminalAndCompletesACommandName() throws Exception {
        assumeThat(tmux("-V").exitCode()).as("tmux is installed").isZero();
        String session = "stem-shell-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (TestStore store = TestStore.open(TestStore.Kind.REDIS)) {
            List<String> command = new ArrayList<>(AppProcess.javaJar(AppJars.shell(), List.of(), store.arguments()));
            assertThat(tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50", String.join(" ", command))
                    .exitCode()).isZero();
            try {
                awaitPane(session, "shell:>");

                tmux("send-keys", "-t", session, "queues", "Enter");
                awaitPane(session, "QUEUE +READY +DELAYED +IN-FLIGHT +DEAD +OLDEST-READY-SECONDS");
                tmux("send-keys", "-t", session, "heal", "Tab");
                awaitPane(session, "shell:>health");
                tmux("send-keys", "-t", session, "Enter");
                awaitPane(session, "COMPONENT +STATUS +DETAIL");
                tmux("send-keys", "-t", session, "worker list", "Enter");
                String pane = awaitPane(session, "ID +HOSTNAME +PID");

                assertThat(pane).containsPattern("broker +UP");
            }
            finally {
                tmux("kill-session", "-t", session);
            }
        }
    }

    /// Bad input that needs the servers is one line on stderr naming the problem, a non-zero exit,
    /// and no change. (An unknown command is [AdminShellJarIntegrationTests]'s; a missing option,
    /// invalid JSON and a destructive command without `--yes` are `ShellCommandsTests`' in the
    /// shell's module, through the same runner.)
    @Test
    void anUnknownWorkerAndABrokerThatIsDownAreOneLineAndANonZeroExit() throws Exception {
        try (TestStore store = TestStore.open(TestStore.Kind.REDIS)) {
            List<String> unknownWorker = new ArrayList<>(List.of("worker", "ping", "no-such-worker", "--timeout", "2s"));
            unknownWorker.addAll(store.arguments());
            List<String> brokerDown = List.of("queues", "--stem.broker.url=redis://127.0.0.1:" + AppJars.freePort());
            try (AppProcess unknown = AppProcess.start("shell-unknown-worker", AppJars.logs(),
                    AppProcess.javaJar(AppJars.shell(), List.of(), unknownWorker));
                    AppProcess down = AppProcess.start("shell-broker-down", AppJars.logs(),
                            AppProcess.javaJar(AppJars.shell(), List.of(), brokerDown))) {

                assertBadInput(unknown, 1, "stem: worker ping failed: no reply from worker 'no-such-worker' "
                        + "within 2s (unknown or dead id? 'worker list' shows the live workers)");
                assertBadInput(down, 1, "stem: queues failed: Unable to connect to Redis");
            }
        }
    }

    private static void assertBadInput(AppProcess run, int exitCode, String lineStart) throws InterruptedException {
        assertThat(run.awaitExit(AppProcess.START_TIMEOUT)).as(run.output()).isEqualTo(exitCode);
        assertThat(run.stdout()).as(run.output()).isEmpty();
        assertThat(run.stderr().lines()).as(run.output()).singleElement().asString().startsWith(lineStart);
    }

    private static String awaitPane(String session, String pattern) throws Exception {
        Pattern compiled = Pattern.compile(pattern);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String pane = "";
        while (System.nanoTime() < deadline) {
            pane = tmux("capture-pane", "-p", "-J", "-S", "-", "-t", session).output();
            if (compiled.matcher(pane).find()) {
                return pane;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The pane did not show /" + pattern + "/ within " + PATIENCE + ":\n" + pane);
    }

    private static Result tmux(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (IOException ex) {
            return new Result(127, ex.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
