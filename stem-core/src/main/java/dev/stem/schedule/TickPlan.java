package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.jspecify.annotations.Nullable;

/// Which ticks of an entry beat publishes on one pass, decided from the entry's stored next run,
/// the time now and its [MissedRunPolicy].
///
/// Every tick from the stored next run up to `now` is due. A due tick older than `now - missedAfter`
/// is missed and handled by the policy; the others are on time and each publishes a message.
///
/// @param publish the ticks to publish, oldest first
/// @param skipped how many due ticks publish nothing
/// @param lastDue the most recent due tick, or `null` when none was due
/// @param next the first tick after `now`, or `null` when the rule has none
public record TickPlan(List<Instant> publish, long skipped, @Nullable Instant lastDue, @Nullable Instant next) {

    /// Most ticks one plan walks through; an entry that missed more continues from `now - missedAfter`.
    static final int MAX_WALK = 1_000_000;

    /// The plan for `entry` whose next tick is `from`, at `now`.
    public static TickPlan of(ScheduleEntry entry, ScheduleRule rule, Instant from, Instant now, Duration missedAfter) {
        Instant missedBefore = now.minus(missedAfter);
        MissedRunPolicy policy = entry.missedRunPolicy();
        int keep = policy == MissedRunPolicy.CATCH_UP ? entry.catchUpLimit() : 1;
        Deque<Instant> missed = new ArrayDeque<>();
        List<Instant> onTime = new ArrayList<>();
        long missedCount = 0;
        Instant lastDue = null;
        Instant tick = from;
        int walked = 0;
        while (tick != null && !tick.isAfter(now)) {
            lastDue = tick;
            if (tick.isBefore(missedBefore)) {
                missedCount++;
                if (missed.size() == keep) {
                    missed.removeFirst();
                }
                missed.addLast(tick);
            }
            else {
                onTime.add(tick);
            }
            walked++;
            tick = walked == MAX_WALK && tick.isBefore(missedBefore) ? rule.next(missedBefore) : rule.next(tick);
        }
        List<Instant> publish = new ArrayList<>();
        if (policy == MissedRunPolicy.CATCH_UP) {
            publish.addAll(missed);
        }
        else if (policy == MissedRunPolicy.FIRE_ONCE && !missed.isEmpty()) {
            publish.add(missed.getLast());
        }
        long skipped = missedCount - publish.size();
        publish.addAll(onTime);
        return new TickPlan(List.copyOf(publish), skipped, lastDue, tick);
    }
}
