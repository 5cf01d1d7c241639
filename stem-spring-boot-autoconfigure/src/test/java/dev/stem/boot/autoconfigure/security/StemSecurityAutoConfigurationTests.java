package dev.stem.boot.autoconfigure.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.stem.Stem;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.client.DefaultStem;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ReceiveInterceptor;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.middleware.ResultSealer;
import dev.stem.security.MessageCipher;
import dev.stem.security.MessageSigner;
import dev.stem.task.Idempotency;

import static org.assertj.core.api.Assertions.assertThat;

class StemSecurityAutoConfigurationTests {

    private static final String KEY = "c3RlbS1kb2NzLWV4YW1wbGUta2V5LTMyLWJ5dGVzISE=";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StemSecurityAutoConfiguration.class));

    @Test
    void nothingIsSignedOrEncryptedUnlessAnActiveKeyIsSet() {
        this.contextRunner.run(context -> {
            assertThat(context).doesNotHaveBean(MessageSigner.class).doesNotHaveBean(MessageCipher.class)
                    .doesNotHaveBean(EnqueueInterceptor.class).doesNotHaveBean(ReceiveInterceptor.class)
                    .doesNotHaveBean(RepublishInterceptor.class);
        });
    }

    @Test
    void theIdempotencyHelperRemembersInTheResultBackend() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(StemAutoConfiguration.class))
                .withPropertyValues("stem.worker.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(Idempotency.class));
        this.contextRunner.run(context -> assertThat(context).doesNotHaveBean(Idempotency.class));
    }

    @Test
    void activeKeysTurnBothOnInTheirOrder() {
        this.contextRunner.withPropertyValues("stem.security.signing.active-key=k1",
                "stem.security.signing.keys.k1=" + KEY, "stem.security.encryption.active-key=e1",
                "stem.security.encryption.keys.e1=" + KEY).run(context -> {
                    assertThat(context).hasSingleBean(MessageSigner.class).hasSingleBean(MessageCipher.class);
                    assertThat(context.getBeanProvider(EnqueueInterceptor.class).orderedStream().toList())
                            .containsExactly(context.getBean("stemEncryptionInterceptor", EnqueueInterceptor.class),
                                    context.getBean("stemSigningInterceptor", EnqueueInterceptor.class));
                    assertThat(context.getBeanProvider(ReceiveInterceptor.class).orderedStream().toList())
                            .containsExactly(context.getBean("stemSignatureCheck", ReceiveInterceptor.class),
                                    context.getBean("stemDecryptionCheck", ReceiveInterceptor.class));
                    assertThat(context.getBeanProvider(RepublishInterceptor.class).orderedStream().toList())
                            .containsExactly(context.getBean("stemResigningInterceptor", RepublishInterceptor.class));
                });
    }

    @Test
    void theCipherIsTheResultSealerTheClientOpensResultsWith() {
        ApplicationContextRunner client = this.contextRunner
                .withConfiguration(AutoConfigurations.of(StemAutoConfiguration.class))
                .withPropertyValues("stem.worker.enabled=false");
        client.withPropertyValues("stem.security.encryption.active-key=e1", "stem.security.encryption.keys.e1=" + KEY)
                .run(context -> {
                    assertThat(context.getBean(ResultSealer.class)).isSameAs(context.getBean(MessageCipher.class));
                    assertThat(((DefaultStem) context.getBean(Stem.class)).resultSealer())
                            .isSameAs(context.getBean(MessageCipher.class));
                });
        client.run(context -> assertThat(((DefaultStem) context.getBean(Stem.class)).resultSealer())
                .isSameAs(ResultSealer.NONE));
    }

    @Test
    void aBadKeyFailsStartupNamingThePropertyButNeverTheValue() {
        this.contextRunner.withPropertyValues("stem.security.signing.active-key=k1",
                "stem.security.signing.keys.k1=c2hvcnQ=").run(context -> assertThat(context).getFailure()
                        .rootCause().hasMessageContaining("stem.security.signing").hasMessageContaining("'k1'")
                        .hasMessageContaining("at least 32").hasMessageNotContaining("c2hvcnQ"));
        this.contextRunner.withPropertyValues("stem.security.encryption.active-key=k2",
                "stem.security.encryption.keys.k1=" + KEY).run(context -> assertThat(context).getFailure()
                        .rootCause().hasMessageContaining("active key 'k2'").hasMessageNotContaining(KEY));
        this.contextRunner.withPropertyValues("stem.security.encryption.active-key=k1",
                "stem.security.encryption.keys.k1=not base64!").run(context -> assertThat(context).getFailure()
                        .rootCause().hasMessageContaining("stem.security.encryption.keys.k1 is not base64")
                        .hasMessageNotContaining("not base64!"));
    }
}
