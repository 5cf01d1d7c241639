package dev.stem.boot.actuate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// A strict reader of the Prometheus text exposition format (version 0.0.4): every line must be a
/// `# HELP`, a `# TYPE` (at most one per family, before its samples), another comment, blank, or a
/// sample `name{label="value",...} value [timestamp]` with valid names, escapes and numbers.
/// Anything else fails the parse with the line.
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";

    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");

    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");

    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    private static final Pattern VALUE = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|NaN|[+-]Inf");

    /// One sample: a metric name, its labels and its value.
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    /// Every sample of `text`; throws [IllegalArgumentException] naming the first invalid line.
    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Set<String> typed = new HashSet<>();
        Set<String> sampled = new HashSet<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                if (!typed.add(type.group(1)) || sampled.contains(type.group(1))) {
                    throw invalid(number, line, "a second TYPE, or a TYPE after the family's samples");
                }
                continue;
            }
            if (HELP.matcher(line).matches() || (line.startsWith("#") && !line.startsWith("# TYPE")
                    && !line.startsWith("# HELP"))) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches() || !VALUE.matcher(sample.group(4)).matches()) {
                throw invalid(number, line, "not a sample");
            }
            Map<String, String> labels = labels(number, line, sample.group(3));
            sampled.add(family(sample.group(1), typed));
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4).replace("Inf",
                    "Infinity"))));
        }
        return samples;
    }

    private static String family(String name, Set<String> typed) {
        for (String suffix : List.of("_total", "_count", "_sum", "_bucket", "_created", "_max")) {
            if (name.endsWith(suffix) && typed.contains(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private static Map<String, String> labels(int number, String line, String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!label.find(at) || label.start() != at) {
                throw invalid(number, line, "bad labels");
            }
            if (labels.put(label.group(1), label.group(2)) != null) {
                throw invalid(number, line, "label " + label.group(1) + " twice");
            }
            at = label.end();
        }
        return labels;
    }

    private static IllegalArgumentException invalid(int number, String line, String why) {
        return new IllegalArgumentException("line " + number + " is " + why + ": " + line);
    }
}
