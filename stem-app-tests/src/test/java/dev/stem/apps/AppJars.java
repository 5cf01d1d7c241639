package dev.stem.apps;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/// Where the build put what the tests start: the repackaged jars, the repository's `bin/`
/// scripts and a folder for the processes' output. Maven's failsafe plugin passes the locations
/// (`stem.apps.*` system properties), so the tests run the jars of this build, never another's.
final class AppJars {

    private AppJars() {
    }

    static Path worker() {
        return jar("stem-worker-app");
    }

    static Path beat() {
        return jar("stem-beat-app");
    }

    static Path shell() {
        return jar("stem-admin-shell");
    }

    /// The repository's root folder.
    static Path root() {
        return Path.of(property("stem.apps.root")).toAbsolutePath().normalize();
    }

    /// The build folder name (`-Dstem.build.dir`), which the `bin/` scripts take as `STEM_BUILD_DIR`.
    static String buildDir() {
        return property("stem.apps.build-dir");
    }

    /// Where the started processes write their stdout and stderr.
    static Path logs() {
        return Path.of(property("stem.apps.logs"));
    }

    /// A TCP port nothing listens on right now, for a process's management server.
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static Path jar(String module) {
        Path jar = root().resolve(module).resolve(buildDir())
                .resolve(module + "-" + property("stem.apps.version") + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No " + jar + ": these tests run in Maven's integration-test phase, "
                    + "after the jars are repackaged (./mvnw verify)");
        }
        return jar;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set: run these tests through "
                    + "Maven's failsafe plugin (./mvnw verify), which sets it");
        }
        return value;
    }
}
