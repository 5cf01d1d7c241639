package dev.stem.broker;

import dev.stem.StemException;

/// The broker (or result store) could not be reached or did not answer in time. Nothing was
/// written by the call that raised it, unless the adapter documents otherwise; retrying later is
/// safe. The message names the endpoint (host and port, never a password).
public class BrokerUnavailableException extends StemException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
