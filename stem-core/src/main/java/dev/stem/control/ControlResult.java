package dev.stem.control;

import java.util.List;

/// What came back for one [ControlCommand] before its timeout.
///
/// @param command the command that was sent
/// @param replies the replies, in the order they arrived, one per worker
/// @param missing the ids of the addressed workers that did not answer in time (for a command to
///        every worker: the live workers of the registry that did not answer)
public record ControlResult(ControlCommand command, List<ControlReply> replies, List<String> missing) {

    public ControlResult {
        replies = List.copyOf(replies);
        missing = List.copyOf(missing);
    }

    /// Whether every addressed worker answered and none refused.
    public boolean allDone() {
        return this.missing.isEmpty() && this.replies.stream().allMatch(ControlReply::ok);
    }
}
