package dev.stem.apps;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.failpoint.Failpoints;
import dev.stem.schedule.TickEnvelopes;

import static org.assertj.core.api.Assertions.assertThat;

/// Three beat jars, each its own JVM, run together on one store with an every-second entry and a
/// cron entry (every two seconds); the test reads every published message and counts them per
/// (entry, tick). Midway the instance that published most recently is killed with SIGKILL, and a
/// fourth instance joins that halts the JVM (failpoint `beat.after-claim:halt`) right after its
/// first claim: on PostgreSQL between the claim row and the job row, on Redis after the one script
/// that did both.
///
/// Must hold: no (entry, tick) published twice, no tick missing between the first and the last,
/// every tick after the kill published at most one tick period late, and the halted instance
/// exited with 137 (so it did claim a tick).
///
/// The run takes `stem.beat.cluster.run` (default `30s`, the CI size); the full run is
/// `./mvnw -B -ntp verify -pl stem-app-tests -am -Dit.test=BeatClusterIntegrationTests -Dstem.beat.cluster.run=120s`.
class BeatClusterIntegrationTests {

    private static final Duration RUN = Duration.parse("PT" + System.getProperty("stem.beat.cluster.run", "30s")
            .toUpperCase(Locale.ROOT));

    /// Four Boot JVMs start at once here, on two loaded cores in CI: a generous bound on their start,
    /// not a measure of it.
    private static final Duration START_TIMEOUT = AppProcess.START_TIMEOUT.multipliedBy(3);

    /// Short-lived test JVMs start faster with the quick compiler and the serial collector.
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final Pattern INSTANCE = Pattern.compile("Stem beat started: instance (\\S+),");

    private static final Map<String, Duration> PERIODS = Map.of("second", Duration.ofSeconds(1), "cron",
            Duration.ofSeconds(2));

    @ParameterizedTest
    @EnumSource(TestStore.Kind.class)
    void threeBeatsPublishEachTickOnceThroughASigkillAndAHaltAfterAClaim(TestStore.Kind kind) throws Exception {
        String queue = "beat-cluster";
        try (TestStore store = TestStore.open(kind); StemClient client = StemClient.connect(store)) {
            List<String> arguments = new ArrayList<>(store.arguments());
            arguments.addAll(List.of("--management.server.port=0",
                    "--stem.beat.schedules.second.task=beat.count", "--stem.beat.schedules.second.every=1s",
                    "--stem.beat.schedules.second.queue=" + queue,
                    "--stem.beat.schedules.cron.task=beat.count", "--stem.beat.schedules.cron.cron=*/2 * * * * *",
                    "--stem.beat.schedules.cron.queue=" + queue));
            Map<String, AppProcess> beats = new HashMap<>();
            List<AppProcess> processes = new ArrayList<>();
            List<Envelope> received = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    AppProcess beat = AppProcess.start("beat-cluster-" + kind + "-" + i, AppJars.logs(),
                            AppProcess.javaJar(AppJars.beat(), JVM_OPTIONS, arguments));
                    processes.add(beat);
                }
                for (AppProcess beat : processes) {
                    beat.awaitOutput(INSTANCE.pattern(), START_TIMEOUT);
                    beats.put(instance(beat), beat);
                }
                long end = System.nanoTime() + RUN.toNanos();
                receive(client.broker(), queue, received, System.nanoTime() + RUN.toNanos() / 2);

                String latest = received.getLast().headers().get(TickEnvelopes.INSTANCE_HEADER);
                Instant killed = Instant.now();
                beats.get(latest).kill();
                AppProcess doomed = AppProcess.start("beat-cluster-" + kind + "-halting", AppJars.logs(),
                        AppProcess.javaJar(AppJars.beat(), Stream.concat(JVM_OPTIONS.stream(), Stream.of("-D"
                                + Failpoints.PROPERTY + "=" + Failpoints.BEAT_AFTER_CLAIM + ":halt")).toList(),
                                arguments));
                processes.add(doomed);
                receive(client.broker(), queue, received, end);

                assertThat(doomed.awaitExit(START_TIMEOUT)).as(doomed.output()).isEqualTo(137);
                processes.forEach(AppProcess::closeQuietly);
                receive(client.broker(), queue, received, System.nanoTime() + Duration.ofSeconds(2).toNanos());

                for (Map.Entry<String, Duration> entry : PERIODS.entrySet()) {
                    assertEachTickOnce(received, entry.getKey(), entry.getValue(), killed);
                }
            }
            finally {
                processes.forEach(AppProcess::closeQuietly);
            }
        }
    }

    private static String instance(AppProcess beat) {
        Matcher matcher = INSTANCE.matcher(beat.stdout() + beat.stderr());
        assertThat(matcher.find()).as(beat.output()).isTrue();
        return matcher.group(1);
    }

    private static void receive(Broker broker, String queue, List<Envelope> received, long until)
            throws InterruptedException {
        while (System.nanoTime() < until) {
            List<Delivery> deliveries = broker.fetch(new FetchRequest("beat-cluster-test", List.of(queue), 100,
                    Duration.ofMillis(200), Duration.ofMinutes(5)));
            for (Delivery delivery : deliveries) {
                received.add(delivery.envelope());
                broker.ack(delivery);
            }
        }
    }

    private static void assertEachTickOnce(List<Envelope> received, String entry, Duration period, Instant killed) {
        Map<Instant, List<Envelope>> byTick = new TreeMap<>();
        for (Envelope envelope : received) {
            if (entry.equals(envelope.headers().get(TickEnvelopes.ENTRY_HEADER))) {
                byTick.computeIfAbsent(Instant.parse(envelope.headers().get(TickEnvelopes.TICK_HEADER)),
                        (tick) -> new ArrayList<>()).add(envelope);
            }
        }
        List<Instant> ticks = List.copyOf(byTick.keySet());
        assertThat(ticks).as("ticks of %s", entry).hasSizeGreaterThan(3);
        byTick.forEach((tick, messages) -> assertThat(messages).as("messages of %s tick %s", entry, tick).hasSize(1));
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).as("gap in the ticks of %s: %s", entry, ticks)
                    .isEqualTo(period);
        }
        assertThat(ticks.getLast()).as("ticks of %s after the kill at %s", entry, killed).isAfter(killed);
        Duration latest = Duration.ZERO;
        for (Map.Entry<Instant, List<Envelope>> tick : byTick.entrySet()) {
            if (tick.getKey().isAfter(killed)) {
                Duration lateness = Duration.between(tick.getKey(), tick.getValue().get(0).createdAt());
                assertThat(lateness).as("lateness of %s tick %s after the kill", entry, tick.getKey())
                        .isLessThanOrEqualTo(period);
                latest = lateness.compareTo(latest) > 0 ? lateness : latest;
            }
        }
        System.out.printf("Entry %s: %d ticks from %s to %s, each once; killed at %s; latest tick after it %d ms late%n",
                entry, ticks.size(), ticks.getFirst(), ticks.getLast(), killed, latest.toMillis());
    }
}
