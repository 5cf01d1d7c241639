package dev.stem.security;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/// Named secret keys: one active key that new messages are signed or encrypted with, and every
/// key (the active one included) that received messages may name. Rotating is adding the new key
/// everywhere, then making it active, then removing the old one once no message needs it.
///
/// Key ids are 1-64 characters of `A-Z a-z 0-9 . _ -`. The key bytes never leave this class except
/// to the algorithm, and [#toString()] shows only the ids.
public final class KeyRing {

    private static final int MAX_KEY_ID_LENGTH = 64;

    private final String activeKeyId;

    private final Map<String, byte[]> keys;

    /// A ring of `keys` (id to secret bytes) whose active key is `activeKeyId`, each key at least
    /// `minKeyBytes` long.
    public KeyRing(String activeKeyId, Map<String, byte[]> keys, int minKeyBytes) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a key ring needs at least one key");
        }
        Map<String, byte[]> copy = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            requireKeyId(id);
            if (key.length < minKeyBytes) {
                throw new IllegalArgumentException("key '" + id + "' is " + key.length + " bytes; at least "
                        + minKeyBytes + " are needed");
            }
            copy.put(id, key.clone());
        });
        if (!copy.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("the active key '" + activeKeyId + "' is not among the keys "
                    + copy.keySet());
        }
        this.activeKeyId = activeKeyId;
        this.keys = copy;
    }

    /// Whether `id` is a well-formed key id.
    public static boolean isKeyId(String id) {
        if (id.isEmpty() || id.length() > MAX_KEY_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static void requireKeyId(String id) {
        if (!isKeyId(id)) {
            throw new IllegalArgumentException("key id '" + id + "' must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
    }

    /// The id of the key new messages use.
    public String activeKeyId() {
        return this.activeKeyId;
    }

    /// The active key's bytes.
    byte[] activeKey() {
        return this.keys.get(this.activeKeyId);
    }

    /// The bytes of the key `id`, if the ring has it.
    Optional<byte[]> key(String id) {
        return Optional.ofNullable(this.keys.get(id));
    }

    /// The ids of every key.
    public Set<String> keyIds() {
        return Set.copyOf(this.keys.keySet());
    }

    @Override
    public String toString() {
        return "KeyRing[active=" + this.activeKeyId + ", keys=" + this.keys.keySet() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyRing ring && ring.activeKeyId.equals(this.activeKeyId)
                && ring.keys.keySet().equals(this.keys.keySet())
                && ring.keys.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), this.keys.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return this.activeKeyId.hashCode() * 31 + this.keys.keySet().hashCode();
    }
}
