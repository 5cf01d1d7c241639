package dev.stem.admin.shell;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.stem.broker.QueueStats;

import static org.assertj.core.api.Assertions.assertThat;

class QueueStatsTableTests {

    @Test
    void alignsNamesLeftAndCountsRight() {
        String table = QueueStatsTable.render(List.of(new QueueStats("default", 12, 3, 4, 0),
                new QueueStats("mail.outbound", 0, 0, 0, 7)));

        assertThat(table.lines()).containsExactly(
                "QUEUE              READY    DELAYED  IN-FLIGHT       DEAD",
                "default               12          3          4          0",
                "mail.outbound          0          0          0          7");
    }

    @Test
    void printsOnlyTheHeaderWithoutQueues() {
        assertThat(QueueStatsTable.render(List.of()).lines()).containsExactly(
                "QUEUE      READY    DELAYED  IN-FLIGHT       DEAD");
    }
}
