package dev.stem.middleware;

import tools.jackson.databind.JsonNode;

import dev.stem.backend.TaskResult;

/// Protects the value a task returned wherever it is kept: a worker seals every result record
/// before it reaches the result backend (and every member result before it reaches a chord store),
/// and whoever reads a result for a user opens it. Only the value of a `SUCCESS` record is sealed;
/// the state, the error and `meta` are kept as they are. [#NONE] keeps everything as it is.
/// Implementations are thread-safe.
public interface ResultSealer {

    /// Keeps every result as it is: nothing is sealed, everything stored is read as it is.
    ResultSealer NONE = new ResultSealer() {

        @Override
        public TaskResult seal(TaskResult record) {
            return record;
        }

        @Override
        public TaskResult open(TaskResult record) {
            return record;
        }

        @Override
        public JsonNode sealChordResult(String chordId, JsonNode value) {
            return value;
        }

        @Override
        public String toString() {
            return "ResultSealer.NONE";
        }
    };

    /// `record` as it is to be stored: with its value sealed when it is a `SUCCESS` with a value,
    /// otherwise `record` itself.
    TaskResult seal(TaskResult record);

    /// `record` as a user reads it: with its value opened when it is a `SUCCESS` with a value,
    /// otherwise `record` itself.
    ///
    /// @throws dev.stem.client.ResultDecryptionException when the stored value cannot be opened
    ///         (not sealed, sealed with a key no longer held, or altered); the message names the
    ///         task and the key, never the value
    TaskResult open(TaskResult record);

    /// `value`, a member's result, as it is to be recorded at chord `chordId`, whose body receives
    /// it (and opens it before it runs).
    JsonNode sealChordResult(String chordId, JsonNode value);
}
