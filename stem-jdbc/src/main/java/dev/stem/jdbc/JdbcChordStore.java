package dev.stem.jdbc;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.canvas.ChordArrival;
import dev.stem.canvas.ChordPlan;
import dev.stem.canvas.ChordStore;
import dev.stem.canvas.SlotMessage;

/// A [ChordStore] on PostgreSQL, publishing to the jobs table of a [PostgresBroker] with the same
/// prefix.
///
/// A chord is a row of `<prefix>chords` and one row of `<prefix>chord_members` per member that
/// arrived (primary key chord and member, so a member that arrives twice counts once). Each arrival
/// is one transaction of its own: it locks the chord row, records the member, refreshes the expiry
/// and, when it decides the chord, marks it decided and inserts the body (or error callback) into
/// the jobs table with the members' results in member order, then commits: the decision and the
/// publish commit together or not at all. Expired chords are deleted (with their members) when
/// chords are opened.
public final class JdbcChordStore implements ChordStore {

    private static final int PURGE_BATCH = 100;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final JsonMapper mapper = JsonMapper.builder().build();

    private final String channel;

    private final String purgeSql;

    private final String openSql;

    private final String lockSql;

    private final String arriveSql;

    private final String refreshSql;

    private final String decideSql;

    private final String resultsSql;

    private final String publishSql;

    /// A store on `dataSource` with tables named by `prefix`, the prefix of the broker it publishes to.
    public JdbcChordStore(DataSource dataSource, TablePrefix prefix) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.channel = prefix.table("jobs");
        this.purgeSql = prefix.apply("DELETE FROM ${prefix}chords WHERE chord_id IN (SELECT chord_id FROM ${prefix}chords"
                + " WHERE expires_at < clock_timestamp() LIMIT " + PURGE_BATCH + ")");
        this.openSql = prefix.apply("""
                INSERT INTO ${prefix}chords (chord_id, size, members, body, on_error, expires_at)
                VALUES (?, ?, ?::jsonb, ?::jsonb, ?::jsonb, clock_timestamp() + ? * interval '1 millisecond')
                ON CONFLICT (chord_id) DO NOTHING""");
        this.lockSql = prefix.apply("""
                SELECT size, members::text AS members, body::text AS body, on_error::text AS on_error, decided
                FROM ${prefix}chords WHERE chord_id = ? AND expires_at > clock_timestamp() FOR UPDATE""");
        this.arriveSql = prefix.apply("""
                INSERT INTO ${prefix}chord_members (chord_id, member_id, failed, result) VALUES (?, ?, ?, ?)
                ON CONFLICT (chord_id, member_id) DO NOTHING""");
        this.refreshSql = prefix.apply("UPDATE ${prefix}chords SET expires_at = clock_timestamp() + ? * interval "
                + "'1 millisecond' WHERE chord_id = ?");
        this.decideSql = prefix.apply("UPDATE ${prefix}chords SET decided = ? WHERE chord_id = ?");
        this.resultsSql = prefix.apply("SELECT member_id, result FROM ${prefix}chord_members WHERE chord_id = ? AND NOT failed");
        this.publishSql = prefix.apply("""
                WITH inserted AS (
                    INSERT INTO ${prefix}jobs (message_id, queue, priority, run_at, attempt, payload)
                    VALUES (?, ?, ?, now(), 0, ?)
                    ON CONFLICT (message_id) DO NOTHING
                    RETURNING queue),
                known AS (
                    INSERT INTO ${prefix}queues (name) SELECT queue FROM inserted ON CONFLICT (name) DO NOTHING)
                SELECT pg_notify(?, queue) FROM inserted""");
    }

    @Override
    public void open(ChordPlan plan, Duration ttl) {
        this.jdbc.sql(this.purgeSql).update();
        this.jdbc.sql(this.openSql).params(plan.chordId(), plan.memberIds().size(),
                this.mapper.writeValueAsString(plan.memberIds()), this.mapper.writeValueAsString(plan.body()),
                plan.onError() == null ? null : this.mapper.writeValueAsString(plan.onError()), ttl.toMillis())
                .update();
    }

    @Override
    public ChordArrival succeeded(String chordId, String memberId, String resultJson, Duration ttl) {
        return arrive(chordId, memberId, false, resultJson, ttl);
    }

    @Override
    public ChordArrival failed(String chordId, String memberId, String failureJson, Duration ttl) {
        return arrive(chordId, memberId, true, failureJson, ttl);
    }

    private ChordArrival arrive(String chordId, String memberId, boolean failed, String value, Duration ttl) {
        ChordArrival arrival = this.transactions.execute(status -> {
            Optional<Chord> found = this.jdbc.sql(this.lockSql).param(chordId)
                    .query((rs, n) -> new Chord(rs.getInt("size"), rs.getString("members"), rs.getString("body"),
                            rs.getString("on_error"), rs.getString("decided")))
                    .optional();
            if (found.isEmpty()) {
                return ChordArrival.UNKNOWN;
            }
            Chord chord = found.get();
            this.jdbc.sql(this.arriveSql).params(chordId, memberId, failed, failed ? null : value).update();
            this.jdbc.sql(this.refreshSql).params(ttl.toMillis(), chordId).update();
            if (chord.decided() != null) {
                return ChordArrival.ALREADY_DECIDED;
            }
            if (failed) {
                this.jdbc.sql(this.decideSql).params("error", chordId).update();
                if (chord.onError() != null) {
                    publish(this.mapper.readValue(chord.onError(), SlotMessage.class), value);
                }
                return ChordArrival.ERROR_PUBLISHED;
            }
            Map<String, String> results = new HashMap<>();
            this.jdbc.sql(this.resultsSql).param(chordId)
                    .query(rs -> {
                        results.put(rs.getString("member_id"), rs.getString("result"));
                    });
            List<String> members = this.mapper.readValue(chord.members(), new TypeReference<List<String>>() {
            });
            if (results.size() < chord.size() || !results.keySet().containsAll(members)) {
                return ChordArrival.COUNTED;
            }
            StringJoiner ordered = new StringJoiner(",", "[", "]");
            members.forEach(id -> ordered.add(results.get(id)));
            this.jdbc.sql(this.decideSql).params("body", chordId).update();
            publish(this.mapper.readValue(chord.body(), SlotMessage.class), ordered.toString());
            return ChordArrival.BODY_PUBLISHED;
        });
        return arrival == null ? ChordArrival.UNKNOWN : arrival;
    }

    private void publish(SlotMessage message, String value) {
        this.jdbc.sql(this.publishSql).params(message.messageId(), message.queue(), message.priority(),
                message.fill(value), this.channel).query(rs -> {
                });
    }

    /// A locked chord row.
    private record Chord(int size, String members, String body, @Nullable String onError, @Nullable String decided) {
    }
}
