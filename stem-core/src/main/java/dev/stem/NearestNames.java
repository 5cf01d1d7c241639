package dev.stem;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/// Picks the names nearest to a misspelt one by edit distance, for error messages that suggest
/// what was meant (a task name, a property key).
public final class NearestNames {

    private NearestNames() {
    }

    /// Up to `limit` of `candidates`, nearest to `name` first (then alphabetical).
    public static List<String> nearest(String name, Collection<String> candidates, int limit) {
        return candidates.stream()
                .sorted(Comparator.comparingInt((String candidate) -> distance(name, candidate))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(limit)
                .toList();
    }

    /// The Levenshtein distance: fewest single-character insertions, deletions or replacements that turn `a` into `b`.
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
