package dev.stem.boot.autoconfigure.security;

import java.util.List;
import java.util.function.UnaryOperator;

/// Direct access to the messages and results a store holds, bypassing Stem: to read what is at
/// rest and to change it the way someone with write access to the store could.
interface StoredMessages {

    /// The text of every stored message, ready or dead.
    List<String> all();

    /// Replaces the stored text of the ready message `messageId` with `change` applied to it.
    void rewrite(String messageId, UnaryOperator<String> change);

    /// The stored text of the result record of `taskId`.
    String result(String taskId);

    /// Replaces the stored text of the result record of `taskId` with `change` applied to it.
    void rewriteResult(String taskId, UnaryOperator<String> change);
}
