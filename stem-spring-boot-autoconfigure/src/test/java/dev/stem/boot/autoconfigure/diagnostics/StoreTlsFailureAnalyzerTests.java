package dev.stem.boot.autoconfigure.diagnostics;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class StoreTlsFailureAnalyzerTests {

    @Test
    void aHandshakeFailureNamesTheEndpointAndTheSettingsWithoutThePassword() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("stem.broker.url", "postgresql://stem:secret@db.internal:5433/jobs")
                .withProperty("stem.jdbc.ssl.bundle", "db");
        Exception failure = new IllegalStateException("schema", new RuntimeException("SSL error",
                new SSLHandshakeException("PKIX path building failed")));

        FailureAnalysis analysis = new StoreTlsFailureAnalyzer(environment).analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("db.internal:5433").contains("PKIX")
                .doesNotContain("secret");
        assertThat(analysis.getAction()).contains("stem.jdbc.ssl.bundle ('db')").contains("verify-full");
    }

    @Test
    void withoutAStoreBundleTheFailureIsLeftToOthers() {
        Exception failure = new RuntimeException(new SSLHandshakeException("PKIX path building failed"));

        assertThat(new StoreTlsFailureAnalyzer(new MockEnvironment()).analyze(failure)).isNull();
    }
}
