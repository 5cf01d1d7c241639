package dev.stem.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.broker.UnreadableMessage;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.envelope.EnvelopeTooLargeException;
import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.failpoint.Failpoints;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.redis.support.BlockingReads;
import dev.stem.redis.support.FetchReply;
import dev.stem.redis.support.QueueKeys;
import dev.stem.redis.support.RedisDeployment;
import dev.stem.redis.support.RedisFailures;
import dev.stem.redis.support.RedisKeys.StreamLocation;
import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.RedisScripts;
import dev.stem.redis.support.StemJson;
import dev.stem.redis.support.StemTemplates;
import dev.stem.redis.support.StreamReceipt;
import dev.stem.schedule.TickPublisher;

/// A [Broker] on Redis Streams (Redis 7.0 or later).
///
/// Each queue has one stream per priority (0 to 9), read highest first through one consumer group,
/// a sorted set of delayed messages scored by due time, and a dead letter stream; the key layout is
/// in `docs/redis.md`. Every change of a message's state is one Lua script, so it is atomic, and
/// every script that touches a leased entry first checks that the caller still holds it (`XPENDING`
/// over exactly that id, filtered by consumer), so a stale consumer changes nothing.
///
/// Lease semantics: leases live in the consumer group's pending entries list. An entry counts as
/// expired once its idle time reaches [#LEASE_HORIZON] (24 hours); leasing or extending for `d`
/// sets its idle time to `24 h - d` (`XCLAIM ... IDLE ... JUSTID`), so it expires exactly `d` later
/// by the Redis clock, whoever reads it. Leases are capped at 24 hours. [#fetch] reclaims expired
/// entries (`XAUTOCLAIM ... COUNT 1` with the horizon as minimum idle time, resuming where the last
/// scan of the stream stopped) one at a time, and a fetch that reclaims one returns it alone (the
/// [Broker] promise for [recovered][Delivery#recovered()] messages); the broker's next fetch of the
/// queue looks for the next one at once. It scans before reading new entries at most every half
/// lease and at least every [RedisBrokerOptions#reclaimInterval()] per queue and broker, and
/// whenever a fetch finds no new entry. A reclaimed entry's delivery count is the pending entries
/// list's, which `XAUTOCLAIM` raised by one. After a silence on a queue (no fetch or lease
/// extension for more than half a lease and at least a second, by the server's clock: Redis was
/// frozen or unreachable, or no worker ran), reclaims wait one lease from the server's return, so
/// live holders extend their leases first. The receipt of a [Delivery] is
/// `<stream key>|<entry id>|<consumer>`.
///
/// Publishing is idempotent by message id for [RedisBrokerOptions#publishMarkerTtl()]. Entries whose
/// payload is longer than the codec's [limit][EnvelopeCodec#maxMessageBytes()] are dead-lettered by
/// the fetch script with reason [#PAYLOAD_TOO_LARGE], never sent to the worker. Failures of Redis surface as
/// [dev.stem.broker.BrokerUnavailableException] or [dev.stem.broker.BrokerFullException] naming the
/// server.
///
/// Acking deletes the entry (`XACK` and `XDEL` together), so a stream holds only leased and ready
/// entries and needs no trimming. Stream entries that are not valid envelopes go to the dead letter
/// stream with reason `malformed` (or [#PAYLOAD_TOO_LARGE] when the codec finds them over its limits)
/// and are never returned by [#fetch]; entries deleted while leased
/// become dead letters with reason [DeadLetterReason#PAYLOAD_LOST]. A Redis outage surfaces as an exception from
/// every method; Lettuce reconnects by itself, `EVALSHA` falls back to `EVAL` when a restarted
/// server lost its scripts, and [#fetch] recreates a consumer group that a restart lost.
///
/// Outside Redis Cluster, [#fetch] also looks up each leased message's revoke marker as
/// [RedisRevokeStore] keeps them under the same prefix, and marks the revoked ones
/// ([Delivery#revoked]); see [#checksRevokesOf].
///
/// Waiting for messages uses `XREAD BLOCK` on dedicated connections (see [BlockingReads]), never
/// the shared one, so a waiting fetch holds up no other command. Thread-safe.
public final class RedisStreamsBroker implements Broker, TickPublisher {

    /// The consumer group through which every queue stream is read.
    public static final String GROUP = "stem";

    /// The stream entry field that holds the envelope JSON.
    public static final String PAYLOAD = "payload";

    private static final byte[] PAYLOAD_FIELD = PAYLOAD.getBytes(StandardCharsets.UTF_8);

    private static final Logger logger = LoggerFactory.getLogger(RedisStreamsBroker.class);

    private static final int PUBLISH_BATCH = 1_000;

    private static final int ACK_BATCH = 1_000;

    private static final int PROMOTE_BATCH = 1_000;

    private static final int PURGE_BATCH = 1_000;

    private static final Duration MIN_RECLAIM_INTERVAL = Duration.ofMillis(10);

    /// The longest lease; see the class documentation.
    public static final Duration LEASE_HORIZON = Duration.ofHours(24);

    private static final Duration REGISTRY_REFRESH = Duration.ofMinutes(1);

    /// The dead letter reason of a stream entry whose payload is over the codec's
    /// [limit][EnvelopeCodec#maxMessageBytes()]: it is moved to the dead letters without being decoded.
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";

    private static final RedisScript<Long> PUBLISH = RedisScripts.load("publish", Long.class);

    private static final RedisScript<Long> OLDEST_READY = RedisScripts.load("oldest_ready", Long.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> FETCH = RedisScripts.composed("fetch", List.class, "clock");

    private static final RedisScript<Long> ACK = RedisScripts.fenced("ack", Long.class, "acks");

    private static final RedisScript<Long> SETTLE = RedisScripts.fenced("settle", Long.class, "results", "acks");

    private static final RedisScript<Long> RETRY = RedisScripts.fenced("retry", Long.class);

    private static final RedisScript<Long> DEAD = RedisScripts.fenced("dead", Long.class);

    private static final RedisScript<Long> RELEASE = RedisScripts.fenced("release", Long.class);

    private static final RedisScript<Long> EXTEND = RedisScripts.fenced("extend", Long.class, "clock");

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> STATS = RedisScripts.load("stats", List.class);

    private static final RedisScript<Long> PURGE = RedisScripts.load("purge", Long.class);

    private final RedisBrokerOptions options;

    private final RedisConnectionFactory connectionFactory;

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    private final EnvelopeCodec codec;

    private final Clock clock;

    private final BlockingReads blockingReads;

    private final String revokeMarkers;

    private final RedisDeadLetters deadLetters;

    private final RedisFailures failures;

    private final String markerTtl;

    private final Map<String, Long> lastReclaim = new ConcurrentHashMap<>();

    private final Map<String, Long> registered = new ConcurrentHashMap<>();

    /// A broker with the [RedisBrokerOptions#DEFAULTS].
    public RedisStreamsBroker(RedisConnectionFactory connectionFactory, String keyPrefix, EnvelopeCodec codec,
            Clock clock) {
        this(connectionFactory, keyPrefix, codec, clock, RedisBrokerOptions.DEFAULTS);
    }

    /// A broker on `connectionFactory` whose keys start with `keyPrefix`, reading and writing
    /// envelopes with `codec` (whose payload limit the fetch script applies); `clock` dates leases and
    /// decides whether a message is delayed.
    public RedisStreamsBroker(RedisConnectionFactory connectionFactory, String keyPrefix, EnvelopeCodec codec,
            Clock clock, RedisBrokerOptions options) {
        this.options = options;
        this.connectionFactory = connectionFactory;
        this.redis = StemTemplates.of(connectionFactory);
        this.keys = new RedisKeys(keyPrefix);
        this.codec = codec;
        this.clock = clock;
        this.blockingReads = new BlockingReads(connectionFactory);
        this.revokeMarkers = RedisDeployment.isCluster(connectionFactory) ? "" : this.keys.revokeMarkerPrefix();
        this.deadLetters = new RedisDeadLetters(this.redis, codec);
        this.failures = RedisFailures.of(connectionFactory);
        this.markerTtl = String.valueOf(options.publishMarkerTtl().toMillis());
    }

    /// One script call (`publish.lua`): `XADD` to the stream of the message's priority, or `ZADD`
    /// to the delayed set, unless the message's id was published within
    /// [RedisBrokerOptions#publishMarkerTtl()] (its publish marker is set in the same call), so a
    /// publish retried by the caller or re-sent by Lettuce after a reconnect stores one message.
    ///
    /// @throws dev.stem.broker.BrokerFullException when Redis is out of memory
    /// @throws dev.stem.broker.BrokerUnavailableException when Redis cannot be reached or does not answer
    @Override
    public void publish(Envelope envelope) {
        QueueKeys queue = this.keys.queue(envelope.queue());
        String payload = this.codec.encode(envelope);
        Instant eta = envelope.eta();
        boolean delayed = eta != null && eta.isAfter(this.clock.instant());
        String target = delayed ? queue.delayed() : queue.stream(envelope.priority());
        run(() -> "publish message " + envelope.id() + " to queue '" + envelope.queue() + "'", () -> {
            register(envelope.queue());
            return this.redis.execute(PUBLISH, List.of(target, queue.publishMarker(envelope.id())), "1",
                    this.markerTtl, "1", delayed ? String.valueOf(eta.toEpochMilli()) : "",
                    delayed ? QueueKeys.delayedMember(envelope.priority(), payload) : payload);
        });
    }

    /// The same script call as [#publish] (`publish.lua`), with the tick's claim key
    /// `<prefix>:{q:<queue>}:tick:<entry id>:<tick in epoch ms>` in place of the message's publish
    /// marker: the script sets the claim with `SET NX PX` and, only if it was free, adds the message
    /// to the stream of its priority or the delayed set, all in one atomic step on the queue's own
    /// hash slot. The [Failpoints#BEAT_AFTER_CLAIM] point is passed after the call.
    @Override
    public boolean publishTick(String entryId, Instant tick, Envelope envelope, Duration claimTtl) {
        if (claimTtl.isNegative() || claimTtl.toMillis() < 1) {
            throw new IllegalArgumentException("claimTtl must be at least 1 ms, was " + claimTtl);
        }
        QueueKeys queue = this.keys.queue(envelope.queue());
        String payload = this.codec.encode(envelope);
        Instant eta = envelope.eta();
        boolean delayed = eta != null && eta.isAfter(this.clock.instant());
        String target = delayed ? queue.delayed() : queue.stream(envelope.priority());
        Long stored = run(() -> "publish tick " + tick + " of schedule entry '" + entryId + "' to queue '"
                + envelope.queue() + "'", () -> {
                    register(envelope.queue());
                    return this.redis.execute(PUBLISH, List.of(target, queue.tickClaim(entryId, tick)), "1",
                            String.valueOf(claimTtl.toMillis()), "1",
                            delayed ? String.valueOf(eta.toEpochMilli()) : "",
                            delayed ? QueueKeys.delayedMember(envelope.priority(), payload) : payload);
                });
        Failpoints.hit(Failpoints.BEAT_AFTER_CLAIM);
        return stored != null && stored == 1;
    }

    /// Publishes with one script call per queue and 1,000 messages, after encoding every message
    /// (so an invalid one fails the call before anything is stored). Idempotent by message id as
    /// [#publish] is: a message whose id was published within [RedisBrokerOptions#publishMarkerTtl()]
    /// is skipped. Calls for different queues are separate, so a failure can leave some queues'
    /// messages published; publishing the same list again then stores only the rest.
    @Override
    public void publishAll(List<Envelope> envelopes) {
        Instant now = this.clock.instant();
        Map<QueueKeys, List<String>> argsByQueue = new LinkedHashMap<>();
        Map<QueueKeys, List<String>> markersByQueue = new LinkedHashMap<>();
        for (Envelope envelope : envelopes) {
            QueueKeys queue = this.keys.queue(envelope.queue());
            String payload = this.codec.encode(envelope);
            List<String> args = argsByQueue.computeIfAbsent(queue, key -> new ArrayList<>());
            markersByQueue.computeIfAbsent(queue, key -> new ArrayList<>()).add(queue.publishMarker(envelope.id()));
            Instant eta = envelope.eta();
            if (eta != null && eta.isAfter(now)) {
                args.add(String.valueOf(QueueKeys.PRIORITIES + 1));
                args.add(String.valueOf(eta.toEpochMilli()));
                args.add(QueueKeys.delayedMember(envelope.priority(), payload));
            }
            else {
                args.add(String.valueOf(QueueKeys.scriptIndex(envelope.priority())));
                args.add("");
                args.add(payload);
            }
        }
        for (Map.Entry<QueueKeys, List<String>> queue : argsByQueue.entrySet()) {
            QueueKeys queueKeys = queue.getKey();
            List<String> targets = new ArrayList<>(queueKeys.streams());
            targets.add(queueKeys.delayed());
            List<String> args = queue.getValue();
            List<String> markers = markersByQueue.get(queueKeys);
            for (int from = 0; from < markers.size(); from += PUBLISH_BATCH) {
                int to = Math.min(markers.size(), from + PUBLISH_BATCH);
                List<String> scriptKeys = new ArrayList<>(targets.size() + to - from);
                scriptKeys.addAll(targets);
                scriptKeys.addAll(markers.subList(from, to));
                List<String> scriptArgs = new ArrayList<>(2 + 3 * (to - from));
                scriptArgs.add(String.valueOf(targets.size()));
                scriptArgs.add(this.markerTtl);
                scriptArgs.addAll(args.subList(3 * from, 3 * to));
                run(() -> "publish " + markers.size() + " messages to queue '" + queueKeys.queue() + "'", () -> {
                    register(queueKeys.queue());
                    return this.redis.execute(PUBLISH, scriptKeys, scriptArgs.toArray());
                });
            }
        }
    }

    private void register(String queue) {
        long now = System.nanoTime();
        Long last = this.registered.get(queue);
        if (last == null || now - last > REGISTRY_REFRESH.toNanos()) {
            this.redis.opsForSet().add(this.keys.queueRegistry(), queue);
            this.registered.put(queue, now);
        }
    }

    /// Leases ready messages of the requested queues in their order, highest priority first within
    /// each queue. Per queue this is one script call that also moves due delayed messages and
    /// reclaims entries whose lease has lapsed. When nothing is ready it blocks on the streams
    /// (dedicated connection) until an entry arrives, a delayed message is due, the next reclaim is
    /// due, or `maxWait` is up. When a later queue fails after earlier ones leased messages, those
    /// are returned and the failure is logged; otherwise the failure is thrown. An interrupted
    /// fetch may leave entries leased that it never returned; they are delivered again when their
    /// lease lapses.
    @Override
    public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + request.maxWait().toNanos();
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while fetching from " + request.queues());
            }
            List<Delivery> deliveries = new ArrayList<>();
            Map<String, String> lastIds = new LinkedHashMap<>();
            long nextDueMillis = Long.MAX_VALUE;
            boolean leased = false;
            for (String queue : request.queues()) {
                int room = request.maxMessages() - deliveries.size();
                if (room == 0) {
                    break;
                }
                QueueKeys queueKeys = this.keys.queue(queue);
                try {
                    FetchReply reply = lease(queueKeys, request, room, deliveries.isEmpty());
                    leased |= !reply.entries().isEmpty();
                    for (FetchReply.Entry entry : reply.entries()) {
                        Delivery delivery = toDelivery(queueKeys, entry, request);
                        if (delivery != null) {
                            deliveries.add(delivery);
                        }
                    }
                    if (isReclaim(reply)) {
                        // A reclaimed entry comes alone; the next fetch looks for another at once.
                        this.lastReclaim.remove(queue);
                        if (!deliveries.isEmpty()) {
                            return deliveries;
                        }
                    }
                    lastIds.putAll(reply.lastIds());
                    if (reply.nextDueMillis() >= 0) {
                        nextDueMillis = Math.min(nextDueMillis, reply.nextDueMillis());
                    }
                }
                catch (RuntimeException ex) {
                    if (Thread.interrupted()) {
                        InterruptedException interrupted = new InterruptedException(
                                "Interrupted while leasing from queue '" + queue + "'");
                        interrupted.initCause(ex);
                        throw interrupted;
                    }
                    if (deliveries.isEmpty()) {
                        throw ex;
                    }
                    logger.warn("Fetching from queue '{}' failed; returning the {} messages already leased: {}",
                            queue, deliveries.size(), ex.toString());
                    return deliveries;
                }
            }
            if (!deliveries.isEmpty()) {
                return deliveries;
            }
            if (leased) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            Duration wait = Duration.ofNanos(left);
            wait = min(wait, blockLimit(request.lease()));
            wait = min(wait, Duration.ofMillis(nextDueMillis));
            try {
                this.blockingReads.await(lastIds, wait);
            }
            catch (RuntimeException ex) {
                throw this.failures.translate("wait for messages of " + request.queues(), ex);
            }
        }
    }

    /// `true` for a [RedisRevokeStore] on this broker's connection factory and key prefix, outside
    /// Redis Cluster: [#fetch] then checks each message's revoke marker in its script.
    @Override
    public boolean checksRevokesOf(RevokeStore revokes) {
        return !this.revokeMarkers.isEmpty() && revokes instanceof RedisRevokeStore redisRevokes
                && redisRevokes.sharesKeysWith(this.connectionFactory, this.keys.prefix());
    }

    /// Leases up to `count` entries of one queue with `fetch.lua`; when `mayReclaim` (the batch is
    /// still empty) the reply may instead be one reclaimed entry alone.
    @SuppressWarnings("unchecked")
    private FetchReply lease(QueueKeys queueKeys, FetchRequest request, int count, boolean mayReclaim) {
        List<String> scriptKeys = new ArrayList<>(queueKeys.streams());
        scriptKeys.add(queueKeys.delayed());
        scriptKeys.add(queueKeys.dead());
        scriptKeys.add(queueKeys.deadIndex());
        scriptKeys.add(queueKeys.reclaimCursors());
        scriptKeys.add(queueKeys.clock());
        boolean scan = mayReclaim && reclaimDue(queueKeys.queue(), request.lease());
        List<Object> reply = run(() -> "fetch from queue '" + queueKeys.queue() + "'",
                () -> this.redis.execute(FETCH, scriptKeys, GROUP, request.consumer(), String.valueOf(count),
                        String.valueOf(capped(request.lease()).toMillis()), String.valueOf(LEASE_HORIZON.toMillis()),
                        scan ? "1" : "0", String.valueOf(PROMOTE_BATCH), DeadLetterReason.PAYLOAD_LOST,
                        String.valueOf(this.options.consumerIdleLimit().toMillis()), this.revokeMarkers,
                        mayReclaim ? "1" : "0", String.valueOf(this.codec.maxMessageBytes()), PAYLOAD_TOO_LARGE));
        return FetchReply.parse(queueKeys, reply);
    }

    private static boolean isReclaim(FetchReply reply) {
        return reply.entries().size() == 1 && reply.entries().get(0).deliveryCount() > 1;
    }

    private static Duration capped(Duration lease) {
        return min(lease, LEASE_HORIZON);
    }

    private boolean reclaimDue(String queue, Duration lease) {
        long now = System.nanoTime();
        Long last = this.lastReclaim.get(queue);
        if (last != null && now - last < reclaimInterval(lease).toNanos()) {
            return false;
        }
        this.lastReclaim.put(queue, now);
        return true;
    }

    private Duration reclaimInterval(Duration lease) {
        return min(this.options.reclaimInterval(), max(MIN_RECLAIM_INTERVAL, lease.dividedBy(2)));
    }

    /// The longest a waiting fetch blocks: the reclaim interval, and at most a quarter lease, so an
    /// idle worker's fetches keep the queue's clock (`fetch.lua`) well within the half lease after
    /// which a pause counts as a silence.
    private Duration blockLimit(Duration lease) {
        return min(reclaimInterval(lease), max(MIN_RECLAIM_INTERVAL, lease.dividedBy(4)));
    }

    private @Nullable Delivery toDelivery(QueueKeys queueKeys, FetchReply.Entry entry, FetchRequest request) {
        StreamReceipt receipt = new StreamReceipt(entry.streamKey(), entry.id(), request.consumer());
        String payload = entry.fields().get(PAYLOAD);
        try {
            if (payload == null) {
                throw new InvalidEnvelopeException(PAYLOAD, "missing",
                        "a Stem stream entry carries its envelope in the field '" + PAYLOAD + "'");
            }
            Envelope envelope = this.codec.decode(payload);
            return new Delivery(envelope, receipt.encode(), entry.deliveryCount(),
                    this.clock.instant().plus(capped(request.lease())), entry.revoked());
        }
        catch (RuntimeException ex) {
            String raw = payload != null ? payload : StemJson.mapper().writeValueAsString(entry.fields());
            logger.warn("Stream entry {} of {} is not a valid envelope; moved to the dead letter stream of queue '{}': {}",
                    entry.id(), entry.streamKey(), queueKeys.queue(), ex.getMessage());
            String code = ex instanceof EnvelopeTooLargeException ? PAYLOAD_TOO_LARGE : DeadLetterReason.MALFORMED;
            DeadLetterReason reason = new DeadLetterReason(code, String.valueOf(ex.getMessage()), ex.getClass().getName());
            Optional<EnvelopeCodec.ReadableParts> readable = payload != null ? this.codec.readableParts(payload)
                    : Optional.empty();
            String messageId = readable.map(EnvelopeCodec.ReadableParts::id).orElse(null);
            if (moveToDead(receipt, entry.id(), reason, raw, messageId != null ? messageId : "")) {
                request.onUnreadable().accept(new UnreadableMessage(queueKeys.queue(), messageId,
                        readable.map(EnvelopeCodec.ReadableParts::task).orElse(null), reason));
            }
            return null;
        }
    }

    @Override
    public boolean ack(Delivery delivery) {
        return ackAll(List.of(delivery)) == 1;
    }

    /// Acks in one script call per queue and 1,000 deliveries.
    @Override
    public int ackAll(Collection<Delivery> deliveries) {
        int acked = 0;
        for (List<StreamReceipt> receipts : receiptsByQueue(deliveries).values()) {
            for (int from = 0; from < receipts.size(); from += ACK_BATCH) {
                AckCall call = ackCall(receipts.subList(from, Math.min(receipts.size(), from + ACK_BATCH)));
                acked += run("ack messages", ACK, call.streams(), call.args().toArray());
            }
        }
        return acked;
    }

    /// One atomic script call (`settle.lua`) when `backend` is a [RedisResultBackend] on this
    /// broker's connection factory outside Redis Cluster and the batch fits one call: 1 to 256
    /// results, and 1 to 1,000 deliveries, all of one queue. The call checks which deliveries the
    /// caller still holds first; a result of one of `deliveries` (same task id) is stored only while
    /// its delivery is held, so a worker that lost its lease writes no result, and a result of no
    /// listed delivery is stored as [RedisResultBackend#storeAll] stores it. Then the held deliveries
    /// are acked. Otherwise `backend.storeAll` (fenced by [TaskResult#replaces]), then [#ackAll].
    @Override
    public int storeAndAckAll(ResultBackend backend, List<TaskResult> results, Duration resultTtl,
            Collection<Delivery> deliveries) {
        if (backend instanceof RedisResultBackend redisBackend
                && redisBackend.sharesScriptsWith(this.connectionFactory)
                && !results.isEmpty() && results.size() <= RedisResultBackend.STORE_BATCH
                && !deliveries.isEmpty() && deliveries.size() <= ACK_BATCH) {
            List<StreamReceipt> receipts = receiptsOfOneQueue(deliveries);
            if (receipts != null) {
                RedisResultBackend.StoreCall store = redisBackend.storeCall(results, resultTtl);
                AckCall ack = ackCall(receipts);
                Map<String, String> entries = new HashMap<>();
                int index = 0;
                for (Delivery delivery : deliveries) {
                    StreamReceipt receipt = receipts.get(index++);
                    entries.put(delivery.id(), (ack.streams().indexOf(receipt.streamKey()) + 1) + " "
                            + receipt.entryId() + " " + receipt.consumer());
                }
                List<String> scriptKeys = new ArrayList<>(store.keys().size() + ack.streams().size());
                scriptKeys.addAll(store.keys());
                scriptKeys.addAll(ack.streams());
                List<String> args = new ArrayList<>(2 + 6 * results.size() + ack.args().size());
                args.add(String.valueOf(results.size()));
                args.add(store.args().get(0));
                for (int i = 0; i < results.size(); i++) {
                    int from = 1 + RedisResultBackend.STORE_ARGS * i;
                    args.addAll(store.args().subList(from, from + RedisResultBackend.STORE_ARGS));
                    args.add(entries.getOrDefault(results.get(i).taskId(), ""));
                }
                args.addAll(ack.args());
                return (int) run("store results and ack messages", SETTLE, scriptKeys, args.toArray());
            }
        }
        return Broker.super.storeAndAckAll(backend, results, resultTtl, deliveries);
    }

    private Map<QueueKeys, List<StreamReceipt>> receiptsByQueue(Collection<Delivery> deliveries) {
        Map<QueueKeys, List<StreamReceipt>> byQueue = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            StreamReceipt receipt = StreamReceipt.parse(delivery.receipt());
            byQueue.computeIfAbsent(this.keys.locate(receipt.streamKey()).queue(), queue -> new ArrayList<>())
                    .add(receipt);
        }
        return byQueue;
    }

    /// The receipts when all are valid and of one queue, else `null` (an invalid one is then left to
    /// [#ackAll], which fails after the results are stored).
    private @Nullable List<StreamReceipt> receiptsOfOneQueue(Collection<Delivery> deliveries) {
        Map<QueueKeys, List<StreamReceipt>> byQueue;
        try {
            byQueue = receiptsByQueue(deliveries);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
        return byQueue.size() == 1 ? byQueue.values().iterator().next() : null;
    }

    /// The streams and arguments of `ack_entries` (`acks.lua`) for receipts of one queue.
    private static AckCall ackCall(List<StreamReceipt> receipts) {
        List<String> streams = new ArrayList<>();
        List<String> args = new ArrayList<>(1 + 3 * receipts.size());
        args.add(GROUP);
        for (StreamReceipt receipt : receipts) {
            int index = streams.indexOf(receipt.streamKey());
            if (index < 0) {
                streams.add(receipt.streamKey());
                index = streams.size() - 1;
            }
            args.add(String.valueOf(index + 1));
            args.add(receipt.entryId());
            args.add(receipt.consumer());
        }
        return new AckCall(streams, args);
    }

    /// Stores `next` in the delayed set of the same queue; `next` must be for the delivery's queue,
    /// since both writes happen in one script on one hash slot.
    @Override
    public boolean retry(Delivery delivery, Envelope next, Instant runAt) {
        StreamReceipt receipt = StreamReceipt.parse(delivery.receipt());
        QueueKeys queueKeys = this.keys.locate(receipt.streamKey()).queue();
        if (!next.queue().equals(queueKeys.queue())) {
            throw new IllegalArgumentException("next.queue '" + next.queue() + "' must be the delivery's queue '"
                    + queueKeys.queue() + "': a retry stays on its queue");
        }
        String member = QueueKeys.delayedMember(next.priority(), this.codec.encode(next));
        return run("schedule the retry of a message", RETRY, List.of(receipt.streamKey(), queueKeys.delayed()), GROUP, receipt.entryId(),
                receipt.consumer(), String.valueOf(runAt.toEpochMilli()), member) == 1;
    }

    /// Stores the entry's raw payload with the reason, `deadAt` from the Redis server clock.
    @Override
    public boolean deadLetter(Delivery delivery, DeadLetterReason reason) {
        StreamReceipt receipt = StreamReceipt.parse(delivery.receipt());
        return moveToDead(receipt, delivery.id(), reason, this.codec.encode(delivery.envelope()), "");
    }

    /// Moves the held entry to the dead letters under `deadLetterId`, also indexed by `aliasId` unless empty.
    private boolean moveToDead(StreamReceipt receipt, String deadLetterId, DeadLetterReason reason, String payload,
            String aliasId) {
        QueueKeys queueKeys = this.keys.locate(receipt.streamKey()).queue();
        String errorType = reason.errorType();
        return run("dead-letter a message", DEAD, List.of(receipt.streamKey(), queueKeys.dead(), queueKeys.deadIndex()), GROUP,
                receipt.entryId(), receipt.consumer(), deadLetterId, reason.code(), reason.message(),
                errorType != null ? errorType : "", payload, aliasId) == 1;
    }

    /// Appends a fresh entry at the end of the same stream, so the message starts over at delivery
    /// count 1 behind the messages already waiting.
    @Override
    public boolean release(Delivery delivery) {
        StreamReceipt receipt = StreamReceipt.parse(delivery.receipt());
        this.keys.locate(receipt.streamKey());
        return run("give a message back", RELEASE, List.of(receipt.streamKey()), GROUP, receipt.entryId(), receipt.consumer(),
                this.codec.encode(delivery.envelope())) == 1;
    }

    /// Sets the lease to end `lease` from now (at most 24 hours).
    @Override
    public boolean extendLease(Delivery delivery, Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
        StreamReceipt receipt = StreamReceipt.parse(delivery.receipt());
        long idle = LEASE_HORIZON.minus(capped(lease)).toMillis();
        return run("extend the lease of a message", EXTEND,
                List.of(receipt.streamKey(), this.keys.locate(receipt.streamKey()).queue().clock()), GROUP,
                receipt.entryId(), receipt.consumer(), String.valueOf(idle), String.valueOf(capped(lease).toMillis())) == 1;
    }

    @Override
    public List<DeadLetter> deadLetters(String queue, int offset, int limit) {
        return this.deadLetters.list(this.keys.queue(queue), offset, limit);
    }

    @Override
    public Optional<DeadLetter> deadLetter(String queue, String messageId) {
        return this.deadLetters.find(this.keys.queue(queue), messageId);
    }

    /// Dead letters whose payload is not a valid envelope cannot be replayed and are skipped.
    @Override
    public int replayDeadLetters(String queue, Collection<String> messageIds, RepublishInterceptor republish) {
        return this.deadLetters.replay(this.keys.queue(queue), messageIds, republish);
    }

    @Override
    public long purgeDeadLetters(String queue) {
        return this.deadLetters.purge(this.keys.queue(queue));
    }

    /// Deletes in script calls of up to 1,000 messages each.
    @Override
    public long purge(String queue) {
        QueueKeys queueKeys = this.keys.queue(queue);
        List<String> scriptKeys = new ArrayList<>(queueKeys.streams());
        scriptKeys.add(queueKeys.delayed());
        long total = 0;
        long deleted;
        do {
            deleted = run("purge queue '" + queue + "'", PURGE, scriptKeys, GROUP, String.valueOf(PURGE_BATCH));
            total += deleted;
        }
        while (deleted == PURGE_BATCH);
        return total;
    }

    /// One script call: `ready` counts undelivered stream entries, `inFlight` the pending ones.
    @Override
    public QueueStats stats(String queue) {
        QueueKeys queueKeys = this.keys.queue(queue);
        List<String> scriptKeys = new ArrayList<>(queueKeys.streams());
        scriptKeys.add(queueKeys.delayed());
        scriptKeys.add(queueKeys.dead());
        List<?> counts = run(() -> "read the stats of queue '" + queue + "'",
                () -> this.redis.execute(STATS, scriptKeys, GROUP));
        return new QueueStats(queue, count(counts, 0), count(counts, 1), count(counts, 2), count(counts, 3));
    }

    @Override
    public Optional<Duration> oldestReadyAge(String queue) {
        long ageMs = run("read the oldest ready message of queue '" + queue + "'", OLDEST_READY,
                this.keys.queue(queue).streams(), GROUP);
        return ageMs < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ageMs));
    }

    @Override
    public List<String> queues() {
        Set<String> queues = this.redis.opsForSet().members(this.keys.queueRegistry());
        return queues == null ? List.of() : queues.stream().sorted().toList();
    }

    /// Closes the connections kept for blocking reads; the connection factory stays open.
    @Override
    public void close() {
        this.blockingReads.close();
    }

    private long run(String action, RedisScript<Long> script, List<String> scriptKeys, Object... args) {
        Long result = run(() -> action, () -> this.redis.execute(script, scriptKeys, args));
        return result == null ? 0 : result;
    }

    private <T> T run(Supplier<String> action, Supplier<T> call) {
        return this.failures.call(action, call);
    }

    /// The keys and arguments of one call of `ack_entries` (`acks.lua`).
    ///
    /// @param streams the streams the entries are in
    /// @param args the group, then per entry: index of its stream in `streams` (from 1), entry id, consumer
    private record AckCall(List<String> streams, List<String> args) {
    }

    private static long count(List<?> counts, int index) {
        return ((Number) counts.get(index)).longValue();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
