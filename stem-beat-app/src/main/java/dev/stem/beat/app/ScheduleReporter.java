package dev.stem.beat.app;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.stem.schedule.ScheduleRecord;
import dev.stem.schedule.ScheduleStore;

/// Logs, once the beat is up, which schedules its store holds. This build does not fire them yet.
@Component
class ScheduleReporter {

    private static final Logger log = LoggerFactory.getLogger(ScheduleReporter.class);

    private final ScheduleStore schedules;

    ScheduleReporter(ScheduleStore schedules) {
        this.schedules = schedules;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        List<String> ids = this.schedules.list().stream().map(ScheduleRecord::id).toList();
        if (ids.isEmpty()) {
            log.info("Stem beat started: no schedules are configured, nothing to enqueue");
            return;
        }
        log.warn("Stem beat found {} schedules {} but this build cannot fire them yet",
                ids.size(), ids);
    }
}
