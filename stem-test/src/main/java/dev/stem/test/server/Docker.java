package dev.stem.test.server;

import org.jspecify.annotations.Nullable;

/// Whether Testcontainers is on the class path and finds a Docker daemon.
final class Docker {

    private static final String TESTCONTAINERS = "org.testcontainers.DockerClientFactory";

    private Docker() {
    }

    /// `null` when containers can be started, else why not.
    static @Nullable String unavailableReason() {
        try {
            Class.forName(TESTCONTAINERS, false, Docker.class.getClassLoader());
        }
        catch (ClassNotFoundException ex) {
            return "Testcontainers is not on the class path";
        }
        return DockerCheck.isDockerAvailable() ? null : "Docker is not available";
    }
}
