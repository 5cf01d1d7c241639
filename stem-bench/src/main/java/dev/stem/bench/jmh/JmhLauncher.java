package dev.stem.bench.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/// Runs the JMH benchmarks of this module with short defaults (`-wi 2 -i 3 -f 1 -w 2s -r 2s`); any
/// JMH argument given (after an optional `--`) replaces the default of the same option.
public final class JmhLauncher {

    private static final List<String> DEFAULTS = List.of("-wi", "2", "-i", "3", "-f", "1", "-w", "2s", "-r", "2s");

    private JmhLauncher() {
    }

    public static void main(String[] args) throws Exception {
        List<String> given = new ArrayList<>(Arrays.asList(args));
        if (!given.isEmpty() && given.get(0).equals("--")) {
            given.remove(0);
        }
        Set<String> options = new HashSet<>();
        for (String argument : given) {
            if (argument.startsWith("-")) {
                options.add(argument);
            }
        }
        List<String> merged = new ArrayList<>();
        for (int i = 0; i < DEFAULTS.size(); i += 2) {
            if (!options.contains(DEFAULTS.get(i))) {
                merged.add(DEFAULTS.get(i));
                merged.add(DEFAULTS.get(i + 1));
            }
        }
        merged.addAll(given);
        org.openjdk.jmh.Main.main(merged.toArray(String[]::new));
    }
}
