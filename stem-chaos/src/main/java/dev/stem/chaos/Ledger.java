package dev.stem.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/// The record one worker process keeps of what it ran, outside the store under test: one file per
/// process incarnation, one line per event (`S <id>` when a task starts, `D <id>` when its handler
/// returns). Each line is one `write` to a file opened for appending, so a SIGKILL loses at most
/// the line being written and never mixes lines.
public final class Ledger implements AutoCloseable {

    /// The extension of ledger files.
    public static final String EXTENSION = ".ledger";

    private final FileChannel channel;

    private Ledger(FileChannel channel) {
        this.channel = channel;
    }

    /// Opens (creating it) the ledger of `incarnation` in `folder`.
    public static Ledger open(Path folder, String incarnation) {
        try {
            Files.createDirectories(folder);
            return new Ledger(FileChannel.open(folder.resolve(incarnation + EXTENSION), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /// Records that the task `id` started.
    public void started(String id) {
        write("S " + id + "\n");
    }

    /// Records that the handler of task `id` returned.
    public void done(String id) {
        write("D " + id + "\n");
    }

    private synchronized void write(String line) {
        try {
            this.channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() throws IOException {
        this.channel.close();
    }
}
