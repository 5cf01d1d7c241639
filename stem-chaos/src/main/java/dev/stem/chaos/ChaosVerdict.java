package dev.stem.chaos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/// What a chaos run did to its tasks, checked against its ledgers.
///
/// @param enqueued how many tasks the run enqueued and expected to finish
/// @param lost the ids enqueued that no worker finished (lost = enqueued - done)
/// @param duplicates the ids started more than once, with the incarnations that started them
/// @param unexcused the duplicates none of whose starts was on a faulted worker: the only
///        duplicates at-least-once delivery does not allow
public record ChaosVerdict(int enqueued, List<String> lost, Map<String, List<String>> duplicates,
        Map<String, List<String>> unexcused) {

    /// Checks `expected` task ids against `book`, where `faulted` are the incarnations the run
    /// killed, stopped, terminated or saw die.
    public static ChaosVerdict check(Collection<String> expected, LedgerBook book, Set<String> faulted) {
        List<String> lost = new ArrayList<>();
        Map<String, List<String>> duplicates = new LinkedHashMap<>();
        Map<String, List<String>> unexcused = new LinkedHashMap<>();
        for (String id : expected) {
            if (book.finishesOf(id).isEmpty()) {
                lost.add(id);
            }
        }
        book.starts().forEach((id, incarnations) -> {
            if (incarnations.size() > 1) {
                duplicates.put(id, incarnations);
                if (incarnations.stream().noneMatch(faulted::contains)) {
                    unexcused.put(id, incarnations);
                }
            }
        });
        return new ChaosVerdict(expected.size(), List.copyOf(lost), duplicates, unexcused);
    }

    /// One line for the run's log.
    public String summary() {
        return "enqueued " + this.enqueued + ", lost " + this.lost.size() + ", ran more than once "
                + this.duplicates.size() + " (not held by a faulted worker: " + this.unexcused.size() + ")";
    }
}
