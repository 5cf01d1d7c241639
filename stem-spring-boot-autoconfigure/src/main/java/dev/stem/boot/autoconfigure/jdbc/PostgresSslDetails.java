package dev.stem.boot.autoconfigure.jdbc;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.ssl.SslBundles;

/// The connection details of one of Stem's own pools with TLS through the SSL bundle named by
/// `stem.jdbc.ssl.bundle`: the driver verifies the server's certificate against the bundle's trust
/// material and its name against the certificate (`sslmode=verify-full`).
final class PostgresSslDetails implements JdbcConnectionDetails {

    private final JdbcConnectionDetails details;

    private final String bundle;

    private PostgresSslDetails(JdbcConnectionDetails details, String bundle) {
        this.details = details;
        this.bundle = bundle;
    }

    /// `details` with TLS through `bundle` (looked up in `bundles` now, so a wrong name fails the
    /// start naming it), or `details` itself when either is `null`.
    static @Nullable JdbcConnectionDetails of(@Nullable JdbcConnectionDetails details, @Nullable String bundle,
            @Nullable SslBundles bundles) {
        if (details == null || bundle == null || bundle.isBlank()) {
            return details;
        }
        if (bundles == null) {
            throw new IllegalStateException("stem.jdbc.ssl.bundle is '" + bundle + "' but there are no SSL bundles "
                    + "(spring.ssl.bundle.*)");
        }
        StemPostgresSslSocketFactory.register(bundle, bundles.getBundle(bundle));
        return new PostgresSslDetails(details, bundle);
    }

    @Override
    public String getJdbcUrl() {
        String url = this.details.getJdbcUrl();
        return url + (url.contains("?") ? "&" : "?") + "ssl=true&sslmode=verify-full&sslfactory="
                + StemPostgresSslSocketFactory.class.getName() + "&sslfactoryarg=" + this.bundle;
    }

    @Override
    public @Nullable String getUsername() {
        return this.details.getUsername();
    }

    @Override
    public @Nullable String getPassword() {
        return this.details.getPassword();
    }

    @Override
    public String getDriverClassName() {
        return this.details.getDriverClassName();
    }
}
