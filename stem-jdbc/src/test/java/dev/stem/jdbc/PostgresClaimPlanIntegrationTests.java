package dev.stem.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// The claim over a bloated jobs table (200,000 dead rows, autovacuum off for the table, no fresh
/// statistics) keeps its generic prepared plan on the indexes: a plan that scans the table would
/// read every dead row on every claim.
@RequiresPostgres
class PostgresClaimPlanIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Test
    void genericPlanOfTheClaimUsesTheIndexesOnABloatedTable() throws Exception {
        String jobs = postgres.prefix().table("jobs");
        String queue = "bloated";
        postgres.jdbc().execute("ALTER TABLE " + jobs + " SET (autovacuum_enabled = false)");
        postgres.jdbc().update("INSERT INTO " + jobs + " (message_id, queue, payload) "
                + "SELECT 'dead-' || g, ?, repeat('x', 300) FROM generate_series(1, 200000) g", queue);
        postgres.jdbc().execute("ANALYZE " + jobs);
        postgres.jdbc().update("DELETE FROM " + jobs + " WHERE queue = ?", queue);
        try (PostgresBroker broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec())) {
            List<Envelope> live = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                live.add(Envelope.builder("plan.task").queue(queue).createdAt(Instant.EPOCH).build());
            }
            broker.publishAll(live);

            String plan = ClaimPlan.generic(postgres.dataSource(), broker, queue, 16, false);
            System.out.println("Generic plan of the claim over 200,000 dead rows:\n" + plan);
            System.out.println(ClaimPlan.generic(postgres.dataSource(), broker, queue, 16, true));

            assertThat(plan).contains("Index Scan using " + postgres.prefix().table("jobs_ready_idx"));
            assertThat(plan).contains("Index Scan using " + postgres.prefix().table("jobs_pkey"));
            assertThat(plan).doesNotContain("Seq Scan");
        }
    }
}
