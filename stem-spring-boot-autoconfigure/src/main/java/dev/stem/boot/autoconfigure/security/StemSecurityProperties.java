package dev.stem.boot.autoconfigure.security;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.stem.security.KeyRing;

/// Message signing and encryption, bound from `stem.security.*`. Keys are base64 (standard or
/// URL-safe) and are best given through the environment (`STEM_SECURITY_SIGNING_KEYS_K1`) or a
/// secret store; they are never logged.
@ConfigurationProperties("stem.security")
public class StemSecurityProperties {

    /// HMAC-SHA256 signing of every message, verified by workers before anything of it is used.
    private final Keys signing = new Keys();

    /// AES-GCM encryption of every message's arguments and every task's result.
    private final Encryption encryption = new Encryption();

    public Keys getSigning() {
        return this.signing;
    }

    public Encryption getEncryption() {
        return this.encryption;
    }

    /// A key ring: the active key and every key accepted.
    public static class Keys {

        /// Id of the key new messages use; setting it turns the feature on. Must be one of `keys`.
        private @Nullable String activeKey;

        /// Every key received messages may use, by key id (1-64 characters of A-Z a-z 0-9 . _ -),
        /// base64-encoded. Keep the previous key here while messages signed or encrypted with it
        /// may still be in the queues.
        private Map<String, String> keys = new LinkedHashMap<>();

        public @Nullable String getActiveKey() {
            return this.activeKey;
        }

        public void setActiveKey(@Nullable String activeKey) {
            this.activeKey = activeKey;
        }

        public Map<String, String> getKeys() {
            return this.keys;
        }

        public void setKeys(Map<String, String> keys) {
            this.keys = keys;
        }

        /// The key ring, each key at least `minKeyBytes`; the error names the property, never the key.
        KeyRing toKeyRing(String property, int minKeyBytes) {
            if (this.activeKey == null || this.activeKey.isBlank()) {
                throw new IllegalStateException(property + ".active-key is not set");
            }
            Map<String, byte[]> decoded = new LinkedHashMap<>();
            this.keys.forEach((id, value) -> decoded.put(id, decode(property + ".keys." + id, value)));
            try {
                return new KeyRing(this.activeKey, decoded, minKeyBytes);
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalStateException(property + ": " + ex.getMessage());
            }
        }

        private static byte[] decode(String property, String value) {
            String trimmed = value.trim();
            try {
                return trimmed.contains("-") || trimmed.contains("_") ? Base64.getUrlDecoder().decode(trimmed)
                        : Base64.getDecoder().decode(trimmed);
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalStateException(property + " is not base64 (its value is not shown)");
            }
        }
    }

    /// The encryption key ring, and how results stored before encryption was turned on are read.
    public static class Encryption extends Keys {

        /// Whether a stored task result that is not encrypted is read as it is. Off: reading it
        /// fails, so a result cannot be replaced by plaintext in the store. Turn it on only while
        /// turning encryption on, until every worker encrypts results and the results written
        /// before have expired.
        private boolean acceptPlaintextResults;

        public boolean isAcceptPlaintextResults() {
            return this.acceptPlaintextResults;
        }

        public void setAcceptPlaintextResults(boolean acceptPlaintextResults) {
            this.acceptPlaintextResults = acceptPlaintextResults;
        }
    }
}
