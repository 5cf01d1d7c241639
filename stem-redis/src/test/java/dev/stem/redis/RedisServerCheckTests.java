package dev.stem.redis;

import org.junit.jupiter.api.Test;

import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;

/// [RedisServerCheck] reads a server's settings and names what is wrong with them.
@RequiresRedis
class RedisServerCheckTests {

    @Test
    void aSafeServerHasNoProblems() {
        assertThat(new RedisServerCheck("7.0.15", "noeviction", true).problems()).isEmpty();
        assertThat(new RedisServerCheck("7.0.15", "noeviction", true).evictsKeys()).isFalse();
    }

    @Test
    void saysPlainlyWhenThePolicyCouldNotBeChecked() {
        RedisServerCheck check = new RedisServerCheck("8.2.1", null, true);

        assertThat(check.evictsKeys()).isFalse();
        assertThat(check.problems()).singleElement().asString().contains("could not check maxmemory-policy");
    }

    @Test
    void namesEveryRisk() {
        RedisServerCheck check = new RedisServerCheck("6.2.14", "allkeys-lru", false);

        assertThat(check.isSupportedVersion()).isFalse();
        assertThat(check.evictsKeys()).isTrue();
        assertThat(check.problems()).hasSize(3).anySatisfy(problem -> assertThat(problem).contains("6.2.14"))
                .anySatisfy(problem -> assertThat(problem).contains("allkeys-lru"))
                .anySatisfy(problem -> assertThat(problem).contains("append-only"));
    }

    @Test
    void readsTheTestServer() {
        RedisServerCheck check = RedisServerCheck.of(RedisTestServer.connectionFactory());

        assertThat(check.isSupportedVersion()).as("Redis %s", check.version()).isTrue();
    }
}
