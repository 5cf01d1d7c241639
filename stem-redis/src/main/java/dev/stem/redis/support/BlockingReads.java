package dev.stem.redis.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/// Waits for new stream entries with `XREAD BLOCK` on connections of its own.
///
/// With Lettuce every ordinary command shares one native connection; a blocking read there would
/// hold up every other command of the application. Spring Data Redis runs blocking reads on the
/// dedicated connection of a `RedisConnection`, so this class keeps a few such connections (one per
/// concurrent waiter) and reuses them. A connection that fails or is interrupted is closed, not
/// reused; the next wait opens a new one.
///
/// `XREAD` without a group reads nothing on behalf of a consumer, so waking up leases nothing:
/// the caller then leases with its fetch script, exactly as many entries as it wants.
public final class BlockingReads implements AutoCloseable {

    private final RedisConnectionFactory connectionFactory;

    private final Deque<RedisConnection> idle = new ConcurrentLinkedDeque<>();

    private volatile boolean closed;

    /// Blocking reads over connections from `connectionFactory`.
    public BlockingReads(RedisConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /// Waits up to `timeout` (at least 1 ms) for an entry after the given id of any of the streams
    /// (stream key to last seen entry id). Returns whether one arrived.
    public boolean await(Map<String, String> lastIds, Duration timeout) throws InterruptedException {
        if (this.closed) {
            throw new IllegalStateException("The Redis broker is closed");
        }
        @SuppressWarnings("unchecked")
        StreamOffset<byte[]>[] offsets = lastIds.entrySet().stream()
                .map(e -> StreamOffset.create(e.getKey().getBytes(StandardCharsets.UTF_8), ReadOffset.from(e.getValue())))
                .toArray(StreamOffset[]::new);
        StreamReadOptions options = StreamReadOptions.empty().count(1).block(timeout.compareTo(Duration.ofMillis(1)) < 0
                ? Duration.ofMillis(1) : timeout);
        RedisConnection connection = this.idle.pollFirst();
        if (connection == null) {
            connection = this.connectionFactory.getConnection();
        }
        boolean reusable = false;
        try {
            List<ByteRecord> records = connection.streamCommands().xRead(options, offsets);
            reusable = true;
            return records != null && !records.isEmpty();
        }
        catch (RuntimeException ex) {
            if (Thread.interrupted()) {
                InterruptedException interrupted = new InterruptedException("Interrupted while waiting for stream entries");
                interrupted.initCause(ex);
                throw interrupted;
            }
            throw ex;
        }
        finally {
            if (reusable) {
                this.idle.offerFirst(connection);
                if (this.closed) {
                    closeIdle();
                }
            }
            else {
                connection.close();
            }
        }
    }

    /// Closes every idle connection; connections in use close when their wait ends.
    @Override
    public void close() {
        this.closed = true;
        closeIdle();
    }

    private void closeIdle() {
        RedisConnection connection;
        while ((connection = this.idle.pollFirst()) != null) {
            connection.close();
        }
    }
}
