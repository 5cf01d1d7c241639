package dev.stem.worker;

/// What settling tells its worker: writes a store refused, and failures that put the worker's health down.
interface SettleEvents {

    /// `count` writes (acks, retries, dead letters, results) were refused by the store's fence: the
    /// lease was lost, or a newer record is stored.
    void refused(int count);

    /// Settling failed in a way no retry covers (an [Error], an unexpected exception).
    void failed(String what, Throwable error);
}
