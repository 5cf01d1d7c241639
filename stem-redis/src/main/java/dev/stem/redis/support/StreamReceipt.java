package dev.stem.redis.support;

import java.util.regex.Pattern;

/// The receipt of a Redis Streams lease: which stream entry is held by which consumer. Its text form
/// `<stream key>|<entry id>|<consumer>` is what a [dev.stem.broker.Delivery] carries; neither a
/// stream key of a valid prefix nor an entry id contains `|`, so the consumer may contain anything.
///
/// @param streamKey the stream holding the entry
/// @param entryId the stream entry id
/// @param consumer the consumer the entry is leased to
public record StreamReceipt(String streamKey, String entryId, String consumer) {

    private static final char SEPARATOR = '|';

    private static final Pattern ENTRY_ID = Pattern.compile("[0-9]{1,20}-[0-9]{1,20}");

    /// The text form.
    public String encode() {
        return this.streamKey + SEPARATOR + this.entryId + SEPARATOR + this.consumer;
    }

    /// Reads a receipt from its text form; throws naming the value when it is not one.
    public static StreamReceipt parse(String receipt) {
        int first = receipt.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : receipt.indexOf(SEPARATOR, first + 1);
        if (first < 1 || second < first + 2 || second == receipt.length() - 1
                || !ENTRY_ID.matcher(receipt.substring(first + 1, second)).matches()) {
            throw new IllegalArgumentException("Invalid receipt '" + receipt
                    + "': a Redis Streams receipt reads <stream key>|<entry id>|<consumer>");
        }
        return new StreamReceipt(receipt.substring(0, first), receipt.substring(first + 1, second),
                receipt.substring(second + 1));
    }
}
