package dev.stem.client;

import dev.stem.StemException;

/// A message is larger than the configured limit; nothing was published.
public class PayloadTooLargeException extends StemException {

    public PayloadTooLargeException(String task, long size, long limit) {
        super("Message for task '" + task + "' is " + size + " bytes, over the limit of " + limit
                + " bytes (stem.client.max-payload-size); nothing was published. Pass a reference to large data instead");
    }
}
