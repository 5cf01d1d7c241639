package dev.stem.test.server;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/// What the environment allows when looking for a test server, read from environment variables
/// (and the same names as system properties, which win):
///
/// - `STEM_REQUIRE_SERVICES=true` or `CI=true`: a server that cannot be had fails the test;
/// - `STEM_TEST_NO_DEFAULTS=true`: the default ports on 127.0.0.1 are not tried, as on a machine
///   where no server runs (for checking that such a machine skips the tests and says why).
public final class TestServerPolicy {

    /// The variable that makes a missing server fail the tests instead of skipping them.
    public static final String REQUIRE_SERVICES = "STEM_REQUIRE_SERVICES";

    /// The variable that turns the default-port lookup off.
    public static final String NO_DEFAULTS = "STEM_TEST_NO_DEFAULTS";

    private TestServerPolicy() {
    }

    /// Whether a server that cannot be had fails the test (`STEM_REQUIRE_SERVICES` or `CI` is `true`).
    public static boolean servicesRequired() {
        return isTrue(REQUIRE_SERVICES) || isTrue("CI");
    }

    /// Whether servers on their default ports on 127.0.0.1 may be used (`STEM_TEST_NO_DEFAULTS` is not `true`).
    public static boolean defaultPortsAllowed() {
        return !isTrue(NO_DEFAULTS);
    }

    /// The value of `name`, as a system property or else an environment variable; `null` when unset or blank.
    static @Nullable String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /// Fails the calling test when servers are required, else aborts it (reported as skipped) with `reason`.
    static void unavailable(String reason) {
        if (servicesRequired()) {
            Assertions.fail(requiredMessage(reason));
        }
        Assumptions.abort(reason);
    }

    /// `reason`, saying why it fails instead of skipping.
    static String requiredMessage(String reason) {
        return reason + " (" + REQUIRE_SERVICES + " or CI is true, so a missing server fails the test)";
    }

    private static boolean isTrue(String name) {
        return "true".equalsIgnoreCase(setting(name));
    }
}
