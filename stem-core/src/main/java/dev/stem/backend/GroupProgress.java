package dev.stem.backend;

/// How far a group (or a chord's header) has got.
///
/// @param groupId the group
/// @param size how many members the group has
/// @param completed how many distinct members have finished (in any terminal state)
/// @param failed how many of those failed
public record GroupProgress(String groupId, int size, int completed, int failed) {

    /// Whether every member has finished.
    public boolean isComplete() {
        return this.completed >= this.size;
    }
}
