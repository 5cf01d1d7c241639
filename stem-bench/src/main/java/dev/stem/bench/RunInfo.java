package dev.stem.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/// What every figure is labelled with besides its own values: the Stem version, the JVM and the
/// git commit of the measured code.
///
/// @param stemVersion the project version this harness was built from
/// @param jvm the JVM's name and version
/// @param gitCommit `STEM_BENCH_GIT_COMMIT` when set; else the `HEAD` commit of the working directory
///        (with `-dirty` when the engine, adapter or harness sources have uncommitted changes); else `unknown`
public record RunInfo(String stemVersion, String jvm, String gitCommit) {

    /// The labels of this process.
    public static RunInfo current() {
        return new RunInfo(readStemVersion(), System.getProperty("java.vm.name") + " " + Runtime.version(), readGitCommit());
    }

    private static String readStemVersion() {
        Properties properties = new Properties();
        try (InputStream in = RunInfo.class.getResourceAsStream("bench.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return properties.getProperty("version", "unknown");
    }

    private static String readGitCommit() {
        String fromEnvironment = System.getenv("STEM_BENCH_GIT_COMMIT");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head.isEmpty()) {
            return "unknown";
        }
        String changes = git("status", "--porcelain", "--", "stem-core/src/main", "stem-redis/src/main",
                "stem-jdbc/src/main", "stem-bench/src/main");
        return changes.isEmpty() ? head : head + "-dirty";
    }

    private static String git(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "git";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return "";
            }
            return out;
        }
        catch (IOException ex) {
            return "";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
