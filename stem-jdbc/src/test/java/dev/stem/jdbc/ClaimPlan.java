package dev.stem.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/// The plan PostgreSQL uses for a broker's claim statement once it is a prepared statement with a
/// generic plan (what pgjdbc's server-side prepared statements get after a few executions).
final class ClaimPlan {

    private ClaimPlan() {
    }

    /// `EXPLAIN` (or `EXPLAIN (ANALYZE, BUFFERS)` in a rolled-back transaction, when `analyze`) of
    /// the claim of up to `limit` messages of `queue`, with `plan_cache_mode = force_generic_plan`.
    static String generic(DataSource dataSource, PostgresBroker broker, String queue, int limit, boolean analyze)
            throws Exception {
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : broker.claimSql().toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++parameter);
            }
            else {
                numbered.append(c);
            }
        }
        String name = "stem_claim_plan";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                statement.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                statement.execute("PREPARE " + name + " (text, int, boolean, text, bigint, bigint, bigint) AS "
                        + numbered);
                List<String> lines = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("EXPLAIN " + (analyze ? "(ANALYZE, BUFFERS) " : "")
                        + "EXECUTE " + name + "('" + queue + "', " + limit + ", true, 'explain', 0, 1000, 1048576)")) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
                return String.join("\n", lines);
            }
            finally {
                connection.rollback();
                statement.execute("DEALLOCATE " + name);
                connection.setAutoCommit(true);
            }
        }
    }
}
