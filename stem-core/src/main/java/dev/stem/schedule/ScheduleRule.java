package dev.stem.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/// The timing rule of a [ScheduleEntry]: which instants are its ticks.
///
/// - **Cron** (Spring's [CronExpression], read in the entry's zone). Three dialects are accepted:
///   the 6-field Spring form (`second minute hour day-of-month month day-of-week`), the 5-field
///   crontab form Unix and Celery users write (`minute hour day-of-month month day-of-week`, read
///   as the Spring form with second `0`), and the macros `@yearly`, `@annually`, `@monthly`,
///   `@weekly`, `@daily`, `@midnight` and `@hourly`. Field syntax is Spring's in both forms; where a
///   day of month and a day of week are both restricted, a tick must match both (crontab fires on
///   either). Daylight saving: the ticks are the instants whose wall-clock time in the zone
///   matches the expression (Spring's rule). A wall-clock time skipped when clocks go forward has
///   no tick that day (a daily `0 30 2 * * *` in Europe/Berlin does not fire on 2026-03-29); one
///   that happens twice when clocks go back has two ticks, one per offset (it fires at 00:30Z and
///   01:30Z on 2026-10-25). An hourly entry fires once per hour of real time across both changes.
///   Entries that must fire exactly once a day whatever the clocks do use `UTC`.
/// - **Interval**: ticks fall on whole multiples of the interval since 1970-01-01T00:00Z, so every
///   beat instance computes the same ticks whenever it started.
/// - **One-shot**: one tick at the given instant.
public sealed interface ScheduleRule {

    /// The macros a cron expression may be.
    List<String> MACROS = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

    /// The first tick strictly after `after`, or `null` when there is none.
    @Nullable Instant next(Instant after);

    /// The rule of `entry`; an [InvalidScheduleException] naming the field and value when it has
    /// none, several, or one that cannot be read.
    static ScheduleRule of(ScheduleEntry entry) {
        String id = entry.id();
        int rules = (entry.cron() != null ? 1 : 0) + (entry.every() != null ? 1 : 0) + (entry.at() != null ? 1 : 0);
        if (rules != 1) {
            throw new InvalidScheduleException(id, "cron/every/at", describe(entry),
                    "must set exactly one of cron, every and at");
        }
        if (entry.cron() != null) {
            return new Cron(cron(id, entry.cron()), zone(id, entry.zone()));
        }
        if (entry.every() != null) {
            Duration every = entry.every();
            if (every.compareTo(Interval.SHORTEST) < 0) {
                throw new InvalidScheduleException(id, "every", every.toString(),
                        "must be positive and at least " + Interval.SHORTEST.toSeconds() + " second");
            }
            return new Interval(every);
        }
        return new Once(entry.at().truncatedTo(ChronoUnit.MILLIS));
    }

    /// Reads `zone` as a time zone id, or throws naming entry `id`.
    static ZoneId zone(String id, String zone) {
        try {
            return ZoneId.of(zone);
        }
        catch (DateTimeException ex) {
            throw new InvalidScheduleException(id, "zone", zone, "is not a known time zone id (such as UTC or "
                    + "Europe/Berlin)");
        }
    }

    /// Reads `expression` in any of the accepted dialects, or throws naming entry `id`.
    static CronExpression cron(String id, String expression) {
        String text = expression.strip();
        if (text.startsWith("@")) {
            if (!MACROS.contains(text.toLowerCase(Locale.ROOT))) {
                throw new InvalidScheduleException(id, "cron", expression, "is not a known macro " + MACROS);
            }
            return CronExpression.parse(text.toLowerCase(Locale.ROOT));
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new InvalidScheduleException(id, "cron", expression, "must have 5 fields (crontab: minute hour "
                    + "day-of-month month day-of-week) or 6 (Spring: second first), it has " + fields.length);
        }
        try {
            return CronExpression.parse(fields.length == 5 ? "0 " + text : text);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidScheduleException(id, "cron", expression, "is not a valid cron expression: "
                    + ex.getMessage());
        }
    }

    private static String describe(ScheduleEntry entry) {
        return "cron=" + entry.cron() + ", every=" + entry.every() + ", at=" + entry.at();
    }

    /// Ticks of a cron expression in a zone.
    ///
    /// @param expression the parsed expression
    /// @param zone the zone its wall-clock times are read in
    record Cron(CronExpression expression, ZoneId zone) implements ScheduleRule {

        @Override
        public @Nullable Instant next(Instant after) {
            ZonedDateTime next = this.expression.next(after.atZone(this.zone));
            return next != null ? next.toInstant() : null;
        }
    }

    /// Ticks on whole multiples of an interval since the epoch.
    ///
    /// @param every the interval
    record Interval(Duration every) implements ScheduleRule {

        /// The shortest interval an entry may have.
        public static final Duration SHORTEST = Duration.ofSeconds(1);

        @Override
        public Instant next(Instant after) {
            long millis = this.every.toMillis();
            return Instant.ofEpochMilli((Math.floorDiv(after.toEpochMilli(), millis) + 1) * millis);
        }
    }

    /// The one tick of a one-shot entry.
    ///
    /// @param at the tick
    record Once(Instant at) implements ScheduleRule {

        @Override
        public @Nullable Instant next(Instant after) {
            return this.at.isAfter(after) ? this.at : null;
        }
    }
}
