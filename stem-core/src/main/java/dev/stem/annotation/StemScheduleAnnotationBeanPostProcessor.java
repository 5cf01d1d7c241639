package dev.stem.annotation;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.schedule.InvalidScheduleException;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleValidator;
import dev.stem.schedule.ScheduledTaskOptions;
import dev.stem.task.TaskOptions;

/// Finds [StemSchedule] methods on beans (behind proxies too) and, once every singleton exists,
/// turns each into a [ScheduleEntry] checked by [ScheduleValidator] and adds it to the context's
/// [AnnotatedSchedules]. The entry's queue and priority default to the task's, and its messages
/// take the task's retries and time limits. A `@StemSchedule` on a method without [StemTask], or an invalid entry,
/// fails the context start naming the entry id, the attribute and the value.
public class StemScheduleAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware,
        SmartInitializingSingleton {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Set<Class<?>> classesWithoutSchedules = ConcurrentHashMap.newKeySet();

    private final List<Method> found = new ArrayList<>();

    private @Nullable BeanFactory beanFactory;

    private @Nullable StringValueResolver resolver;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        if (beanFactory instanceof ConfigurableBeanFactory configurable) {
            this.resolver = configurable::resolveEmbeddedValue;
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (this.classesWithoutSchedules.contains(targetClass)) {
            return bean;
        }
        Map<Method, StemSchedule> schedules = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<StemSchedule>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, StemSchedule.class));
        if (schedules.isEmpty()) {
            this.classesWithoutSchedules.add(targetClass);
            return bean;
        }
        synchronized (this.found) {
            this.found.addAll(schedules.keySet());
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (this.beanFactory == null) {
            throw new IllegalStateException("StemScheduleAnnotationBeanPostProcessor needs a BeanFactory");
        }
        AnnotatedSchedules schedules = this.beanFactory.getBean(AnnotatedSchedules.class);
        synchronized (this.found) {
            for (Method method : this.found) {
                schedules.add(entry(method));
            }
            this.found.clear();
        }
    }

    private ScheduleEntry entry(Method method) {
        StemSchedule schedule = AnnotatedElementUtils.findMergedAnnotation(method, StemSchedule.class);
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
                .args(args(id, resolve(schedule.args())))
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

    private static JsonNode args(String id, String json) {
        try {
            return MAPPER.readTree(json);
        }
        catch (JacksonException ex) {
            throw new InvalidScheduleException(id, "args", json, "is not JSON: " + ex.getOriginalMessage());
        }
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

    private String resolve(String value) {
        String resolved = this.resolver != null ? this.resolver.resolveStringValue(value) : value;
        return resolved != null ? resolved : "";
    }
}
