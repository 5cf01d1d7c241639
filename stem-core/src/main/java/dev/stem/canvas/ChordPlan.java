package dev.stem.canvas;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.stem.envelope.Names;

/// A chord as a [ChordStore] keeps it: its members in order, and the messages it publishes once.
///
/// @param chordId the chord id
/// @param memberIds the member message ids, in member order (no duplicates)
/// @param body published with the members' results once all succeeded
/// @param onError published with a failed member's id and error, or `null` for none
public record ChordPlan(String chordId, List<String> memberIds, SlotMessage body, @Nullable SlotMessage onError) {

    public ChordPlan {
        Names.requireId("chordId", chordId);
        memberIds = List.copyOf(memberIds);
        if (memberIds.isEmpty()) {
            throw new IllegalArgumentException("A chord needs at least one member: " + chordId);
        }
        if (memberIds.stream().distinct().count() != memberIds.size()) {
            throw new IllegalArgumentException("The members of chord " + chordId + " are not distinct: " + memberIds);
        }
        Objects.requireNonNull(body, "body");
    }
}
