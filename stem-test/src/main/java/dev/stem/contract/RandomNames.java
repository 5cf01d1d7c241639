package dev.stem.contract;

import java.util.UUID;

/// Fresh names for one test, so that tests can share a store with each other and with other runs.
final class RandomNames {

    private RandomNames() {
    }

    /// `prefix` followed by a dash and a random suffix, such as `q-3f2a9c1e0b7d`.
    static String of(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
