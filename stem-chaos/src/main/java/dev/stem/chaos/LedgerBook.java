package dev.stem.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/// Every ledger of a run, read back: for each task id, the incarnations that started it and the
/// ones whose handler finished it, in ledger order.
public final class LedgerBook {

    private final Map<String, List<String>> starts = new HashMap<>();

    private final Map<String, List<String>> finishes = new HashMap<>();

    private LedgerBook() {
    }

    /// Reads every ledger file in `folder` (none yet is an empty book).
    public static LedgerBook read(Path folder) {
        LedgerBook book = new LedgerBook();
        if (!Files.isDirectory(folder)) {
            return book;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> path.toString().endsWith(Ledger.EXTENSION)).sorted().toList()) {
                String name = file.getFileName().toString();
                book.add(name.substring(0, name.length() - Ledger.EXTENSION.length()), Files.readAllLines(file));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return book;
    }

    private void add(String incarnation, List<String> lines) {
        for (String line : lines) {
            if (line.length() < 3 || line.charAt(1) != ' ') {
                continue;
            }
            String id = line.substring(2);
            Map<String, List<String>> target = switch (line.charAt(0)) {
                case 'S' -> this.starts;
                case 'D' -> this.finishes;
                default -> null;
            };
            if (target != null) {
                target.computeIfAbsent(id, key -> new ArrayList<>()).add(incarnation);
            }
        }
    }

    /// The incarnations that started `id`, once per start.
    public List<String> startsOf(String id) {
        return this.starts.getOrDefault(id, List.of());
    }

    /// The incarnations whose handler finished `id`, once per finish.
    public List<String> finishesOf(String id) {
        return this.finishes.getOrDefault(id, List.of());
    }

    /// How many distinct task ids finished at least once.
    public int finishedCount() {
        return this.finishes.size();
    }

    /// Every task id started at least once.
    public Map<String, List<String>> starts() {
        return Map.copyOf(this.starts);
    }
}
