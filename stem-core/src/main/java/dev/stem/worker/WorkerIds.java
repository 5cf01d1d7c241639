package dev.stem.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/// Generates worker ids of the form `<host>-<pid>-<random>`, readable in tools and unique per process start.
public final class WorkerIds {

    private WorkerIds() {
    }

    /// A new worker id.
    public static String next() {
        String host = hostname().replaceAll("[^A-Za-z0-9._-]", "-");
        if (host.length() > 60) {
            host = host.substring(0, 60);
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /// This machine's host name, or `localhost` when it cannot be read.
    public static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            return "localhost";
        }
    }
}
