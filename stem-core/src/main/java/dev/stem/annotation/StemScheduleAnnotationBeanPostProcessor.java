package dev.stem.annotation;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.StringUtils;

import dev.stem.schedule.InvalidScheduleException;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleJson;
import dev.stem.schedule.ScheduleValidator;
import dev.stem.schedule.ScheduledTaskOptions;
import dev.stem.task.TaskOptions;

/// Finds [StemSchedule] methods on beans (behind proxies too) and, once every singleton exists,
/// turns each into a [ScheduleEntry] checked by [ScheduleValidator] and adds it to the context's
/// [AnnotatedSchedules]. The entry's queue and priority default to the task's, and its messages
/// take the task's retries and time limits. A `@StemSchedule` on a method without [StemTask], or an invalid entry,
/// fails the context start naming the entry id, the attribute and the value.
public class StemScheduleAnnotationBeanPostProcessor extends AnnotatedMethodsPostProcessor<StemSchedule> {

    public StemScheduleAnnotationBeanPostProcessor() {
        super(StemSchedule.class);
    }

    @Override
    protected void register(BeanFactory beanFactory, List<Found<StemSchedule>> methods) {
        AnnotatedSchedules schedules = beanFactory.getBean(AnnotatedSchedules.class);
        for (Found<StemSchedule> found : methods) {
            schedules.add(entry(found.method(), found.annotation()));
        }
    }

    private ScheduleEntry entry(Method method, StemSchedule schedule) {
        StemTask task = AnnotatedElementUtils.findMergedAnnotation(method, StemTask.class);
        String taskName = task != null ? resolve(TaskNames.of(method, task)) : TaskNames.defaultName(method);
        String id = StringUtils.hasText(resolve(schedule.id())) ? resolve(schedule.id()) : taskName;
        if (task == null) {
            throw new InvalidScheduleException(id, "@StemSchedule", method.toString(),
                    "is on a method without @StemTask");
        }
        TaskOptions taskOptions = AnnotatedTaskOptions.of(taskName, task, this::resolve);
        String queue = StringUtils.hasText(resolve(schedule.queue())) ? resolve(schedule.queue())
                : taskOptions.queue();
        int priority = schedule.priority() >= 0 ? schedule.priority() : taskOptions.priority();
        ScheduleEntry.Builder builder = ScheduleEntry.builder(id, taskName)
                .args(ScheduleJson.args(id, resolve(schedule.args())))
                .queue(queue)
                .priority(priority)
                .zone(resolve(schedule.zone()))
                .jitter(duration(id, "jitter", resolve(schedule.jitter())))
                .enabled(schedule.enabled())
                .missedRunPolicy(schedule.missedRunPolicy())
                .catchUpLimit(schedule.catchUpLimit())
                .options(new ScheduledTaskOptions(taskOptions.retryPolicy().maxRetries(), taskOptions.softTimeLimit(),
                        taskOptions.hardTimeLimit(), duration(id, "expires", resolve(schedule.expires()))));
        String cron = resolve(schedule.cron());
        Duration every = duration(id, "every", resolve(schedule.every()));
        if (StringUtils.hasText(cron)) {
            builder.cron(cron);
        }
        if (every != null) {
            builder.every(every);
            if (StringUtils.hasText(cron)) {
                throw new InvalidScheduleException(id, "cron/every", cron + " / " + schedule.every(),
                        "must set exactly one of cron and every");
            }
        }
        ScheduleEntry entry = builder.build();
        ScheduleValidator.validate(entry);
        return entry;
    }

    private static @Nullable Duration duration(String id, String attribute, String value) {
        if (!StringUtils.hasText(value)) {
            return null;
        }
        try {
            return DurationFormatterUtils.detectAndParse(value.trim());
        }
        catch (RuntimeException ex) {
            throw new InvalidScheduleException(id, attribute, value, "must be a duration such as 500ms, 30s, 5m, 1h "
                    + "or PT30S");
        }
    }
}
