package dev.stem.redis.support;

import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.stem.broker.BrokerFullException;
import dev.stem.broker.BrokerUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/// [RedisFailures] turns Spring Data Redis exceptions into Stem's typed errors naming the server,
/// never its password.
class RedisFailuresTests {

    private final RedisFailures failures = RedisFailures.of(factory());

    @Test
    void anOutOfMemoryErrorMeansTheBrokerIsFull() {
        RuntimeException translated = this.failures.translate("publish message m1 to queue 'q1'",
                new RedisSystemException("Error in execution", new RedisCommandExecutionException(
                        "OOM command not allowed when used memory > 'maxmemory'.")));

        assertThat(translated).isInstanceOf(BrokerFullException.class)
                .hasMessageContaining("redis.internal:6380").hasMessageContaining("publish message m1")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aTimeoutOrAFailedConnectionMeansTheBrokerIsUnavailable() {
        assertThat(this.failures.translate("fetch from queue 'q1'", new QueryTimeoutException("Redis command timed out")))
                .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("redis.internal:6380")
                .hasMessageContaining("did not answer within the command timeout").hasMessageNotContaining("s3cret");
        assertThat(this.failures.translate("fetch from queue 'q1'",
                new RedisConnectionFailureException("Unable to connect to redis.internal:6380")))
                .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("cannot be reached");
    }

    @Test
    void otherErrorsStayAsTheyAre() {
        IllegalArgumentException bad = new IllegalArgumentException("bad receipt");

        assertThat(this.failures.translate("ack messages", bad)).isSameAs(bad);
    }

    private static LettuceConnectionFactory factory() {
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration("redis.internal", 6380);
        server.setPassword(RedisPassword.of("s3cret"));
        return new LettuceConnectionFactory(server);
    }
}
