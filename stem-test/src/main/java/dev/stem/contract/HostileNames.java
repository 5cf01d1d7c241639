package dev.stem.contract;

import java.util.List;

/// Names and ids that must never reach a store key or row: a glob, a hash tag, a NUL, a right-to-left
/// override, spaces, quotes, newlines, non-ASCII letters, an empty name and a 10 KB one.
final class HostileNames {

    /// Every hostile name the adapters must refuse.
    static final List<String> ALL = List.of("a*b", "{revoked}:task", "a\u0000b", "a\u202Eb", "a b", "a\nb",
            "a\"b", "a'b", "a/b", "\u00e9t\u00e9", "", "x".repeat(10_000));

    private HostileNames() {
    }
}
