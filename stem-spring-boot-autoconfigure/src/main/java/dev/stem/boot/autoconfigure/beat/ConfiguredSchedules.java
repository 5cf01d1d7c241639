package dev.stem.boot.autoconfigure.beat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

import dev.stem.NearestNames;
import dev.stem.schedule.InvalidScheduleException;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleJson;
import dev.stem.schedule.ScheduleValidator;
import dev.stem.schedule.ScheduledTaskOptions;

/// The entries of `stem.beat.schedules.<id>.*`, each checked by [ScheduleValidator] (a one-shot
/// in the past included), after checking that every field written under an entry is one a
/// schedule has. Each refusal is an [InvalidScheduleException] naming the entry id, the field and
/// the value.
final class ConfiguredSchedules {

    static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("stem.beat.schedules");

    /// The fields of [StemBeatProperties.Schedule], in their dashed form.
    static final List<String> FIELDS = List.of("task", "cron", "every", "at", "zone", "args", "queue", "priority",
            "jitter", "enabled", "missed-run-policy", "catch-up-limit", "max-retries", "soft-time-limit",
            "hard-time-limit", "expires");

    private ConfiguredSchedules() {
    }

    /// The checked entries of `properties`, whose fields are read from `environment`.
    static List<ScheduleEntry> of(StemBeatProperties properties, Environment environment, Instant now) {
        requireKnownFields(environment);
        List<ScheduleEntry> entries = new ArrayList<>();
        for (Map.Entry<String, StemBeatProperties.Schedule> configured : properties.getSchedules().entrySet()) {
            ScheduleEntry entry = entry(configured.getKey(), configured.getValue());
            ScheduleValidator.validate(entry, now);
            entries.add(entry);
        }
        return entries;
    }

    private static ScheduleEntry entry(String id, StemBeatProperties.Schedule schedule) {
        if (schedule.getTask() == null || schedule.getTask().isBlank()) {
            throw new InvalidScheduleException(id, "task", String.valueOf(schedule.getTask()), "must be set");
        }
        ScheduleEntry.Builder builder = ScheduleEntry.builder(id, schedule.getTask())
                .args(ScheduleJson.args(id, schedule.getArgs()))
                .queue(schedule.getQueue())
                .priority(schedule.getPriority())
                .zone(schedule.getZone())
                .jitter(schedule.getJitter())
                .enabled(schedule.isEnabled())
                .missedRunPolicy(schedule.getMissedRunPolicy())
                .catchUpLimit(schedule.getCatchUpLimit())
                .options(new ScheduledTaskOptions(schedule.getMaxRetries(), schedule.getSoftTimeLimit(),
                        schedule.getHardTimeLimit(), schedule.getExpires()));
        builder.cron(schedule.getCron());
        if (schedule.getEvery() != null) {
            builder.every(schedule.getEvery());
        }
        if (schedule.getAt() != null) {
            builder.at(instant(id, schedule.getAt()));
        }
        ScheduleEntry entry = builder.build();
        int rules = (schedule.getCron() != null ? 1 : 0) + (schedule.getEvery() != null ? 1 : 0)
                + (schedule.getAt() != null ? 1 : 0);
        if (rules > 1) {
            throw new InvalidScheduleException(id, "cron/every/at", "cron=" + schedule.getCron() + ", every="
                    + schedule.getEvery() + ", at=" + schedule.getAt(), "must set exactly one of cron, every and at");
        }
        return entry;
    }

    private static Instant instant(String id, String at) {
        try {
            return Instant.parse(at.strip());
        }
        catch (DateTimeParseException ex) {
            throw new InvalidScheduleException(id, "at", at, "is not an ISO-8601 instant such as 2026-05-01T10:00:00Z");
        }
    }

    private static void requireKnownFields(Environment environment) {
        Set<String> known = new TreeSet<>();
        FIELDS.forEach((field) -> known.add(comparable(field)));
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.filter(ROOT::isAncestorOf).stream().forEach((name) -> {
                if (name.getNumberOfElements() < 5) {
                    return;
                }
                String field = name.getElement(4, Form.DASHED);
                if (!known.contains(comparable(field))) {
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    String value = property != null ? String.valueOf(property.getValue()) : "";
                    String nearest = NearestNames.nearest(field, FIELDS, 1).get(0);
                    String hint = NearestNames.distance(field, nearest) <= 3 ? " (did you mean '" + nearest + "'?)"
                            : "";
                    throw new InvalidScheduleException(name.getElement(3, Form.ORIGINAL), field, value,
                            "is not a schedule field" + hint + "; the fields are " + FIELDS);
                }
            });
        }
    }

    private static String comparable(String field) {
        return field.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
