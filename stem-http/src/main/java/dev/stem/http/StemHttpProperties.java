package dev.stem.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/// The `stem.http.*` properties of the HTTP API.
@ConfigurationProperties("stem.http")
public class StemHttpProperties {

    /// Whether the HTTP API is served. Off by default.
    private boolean enabled;

    /// Path under which every endpoint of the API lives.
    private String basePath = "/stem/api";

    /// Who may call the API: `tokens` (bearer tokens of the configured clients) or `none` (no check
    /// at all: only behind a gateway or a Spring Security filter chain of your own).
    private Auth auth = Auth.TOKENS;

    /// The clients allowed to call the API, by name: each a bearer token, its scopes and rate limit.
    private Map<String, Client> clients = new LinkedHashMap<>();

    /// Requests per client, as `<n>/s`, `<n>/m` or `<n>/h`, for clients without a limit of their own;
    /// empty for none.
    private @Nullable String rateLimit;

    /// Most tasks one batch enqueue may hold.
    private int maxBatchSize = 1000;

    /// Largest request body accepted; a larger one is refused with 413, before it is read when its
    /// length is declared, once read that far when it is sent without one (chunked).
    private DataSize maxRequestSize = DataSize.ofMegabytes(16);

    /// Longest a task read may wait for the task to finish (`waitMs`).
    private Duration maxWait = Duration.ofSeconds(30);

    /// The `Retry-After` of a 503 answered while the broker is unreachable.
    private Duration retryAfter = Duration.ofSeconds(5);

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getBasePath() {
        return this.basePath;
    }

    public void setBasePath(String basePath) {
        this.basePath = basePath;
    }

    public Auth getAuth() {
        return this.auth;
    }

    public void setAuth(Auth auth) {
        this.auth = auth;
    }

    public Map<String, Client> getClients() {
        return this.clients;
    }

    public void setClients(Map<String, Client> clients) {
        this.clients = clients;
    }

    public @Nullable String getRateLimit() {
        return this.rateLimit;
    }

    public void setRateLimit(@Nullable String rateLimit) {
        this.rateLimit = rateLimit;
    }

    public int getMaxBatchSize() {
        return this.maxBatchSize;
    }

    public void setMaxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    public DataSize getMaxRequestSize() {
        return this.maxRequestSize;
    }

    public void setMaxRequestSize(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    public Duration getMaxWait() {
        return this.maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }

    public Duration getRetryAfter() {
        return this.retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    /// How callers are identified.
    public enum Auth {
        /// A bearer token of one of the configured clients.
        TOKENS,
        /// No check: the API is open to whoever reaches it.
        NONE
    }

    /// One client of the API.
    public static class Client {

        /// The client's bearer token (a long random secret; keep it out of source control).
        private @Nullable String token;

        /// What the client may do: `read` (task state and result, queues, dead letters) and `write`
        /// (enqueue, cancel, replay).
        private Set<String> scopes = new LinkedHashSet<>(Set.of("read"));

        /// Requests allowed to this client, as `<n>/s`, `<n>/m` or `<n>/h`; empty for `stem.http.rate-limit`.
        private @Nullable String rateLimit;

        public @Nullable String getToken() {
            return this.token;
        }

        public void setToken(@Nullable String token) {
            this.token = token;
        }

        public Set<String> getScopes() {
            return this.scopes;
        }

        public void setScopes(Set<String> scopes) {
            this.scopes = scopes;
        }

        public @Nullable String getRateLimit() {
            return this.rateLimit;
        }

        public void setRateLimit(@Nullable String rateLimit) {
            this.rateLimit = rateLimit;
        }
    }
}
