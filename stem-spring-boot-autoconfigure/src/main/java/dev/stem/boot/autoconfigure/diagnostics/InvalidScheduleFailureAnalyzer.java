package dev.stem.boot.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.stem.schedule.InvalidScheduleException;

/// Reports an [InvalidScheduleException] (a bad entry of `stem.beat.schedules` or `@StemSchedule`)
/// as Boot's failure report, naming the entry id, the field and the value, instead of a stack trace.
class InvalidScheduleFailureAnalyzer extends AbstractFailureAnalyzer<InvalidScheduleException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidScheduleException cause) {
        String action = "Correct the field '" + cause.field() + "' of schedule entry '" + cause.entryId()
                + "' (stem.beat.schedules." + cause.entryId() + "." + cause.field()
                + " or its @StemSchedule); docs/beat.md lists the fields and the cron forms.";
        return new FailureAnalysis(cause.getMessage() + ".", action, cause);
    }
}
