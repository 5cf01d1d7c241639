package dev.stem.redis.support;

/// The receipt of a Redis Streams lease: which stream entry is held by which consumer. Its text form
/// `<stream key>|<entry id>|<consumer>` is what a [dev.stem.broker.Delivery] carries; neither a
/// stream key of a valid prefix nor an entry id contains `|`, so the consumer may contain anything.
///
/// @param streamKey the stream holding the entry
/// @param entryId the stream entry id
/// @param consumer the consumer the entry is leased to
public record StreamReceipt(String streamKey, String entryId, String consumer) {

    private static final char SEPARATOR = '|';

    private static final int MAX_ID_PART_DIGITS = 20;

    /// The text form.
    public String encode() {
        return this.streamKey + SEPARATOR + this.entryId + SEPARATOR + this.consumer;
    }

    /// Reads a receipt from its text form; throws naming the value when it is not one.
    public static StreamReceipt parse(String receipt) {
        int first = receipt.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : receipt.indexOf(SEPARATOR, first + 1);
        if (first < 1 || second < first + 2 || second == receipt.length() - 1
                || !isEntryId(receipt, first + 1, second)) {
            throw new IllegalArgumentException("Invalid receipt '" + receipt
                    + "': a Redis Streams receipt reads <stream key>|<entry id>|<consumer>");
        }
        return new StreamReceipt(receipt.substring(0, first), receipt.substring(first + 1, second),
                receipt.substring(second + 1));
    }

    /// Whether `text` from `start` to `end` is `<digits>-<digits>`, each part 1 to 20 digits: a
    /// character loop, since every ack parses a receipt.
    private static boolean isEntryId(String text, int start, int end) {
        int dash = text.indexOf('-', start);
        return dash > start && dash < end - 1 && isDigits(text, start, dash) && isDigits(text, dash + 1, end);
    }

    private static boolean isDigits(String text, int start, int end) {
        if (end - start > MAX_ID_PART_DIGITS) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
