package dev.stem.test.server;

import org.testcontainers.DockerClientFactory;

/// Asks Testcontainers about Docker; loaded only once Testcontainers is known to be present.
final class DockerCheck {

    private DockerCheck() {
    }

    static boolean isDockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }
}
