package dev.stem.broker;

import dev.stem.StemException;

/// The broker refused a write because it is out of space (a Redis at `maxmemory` with
/// `noeviction`, a database out of disk). Nothing was written; the message names the endpoint.
public class BrokerFullException extends StemException {

    public BrokerFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
