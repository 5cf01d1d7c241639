package dev.stem.boot.autoconfigure.security;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.ResultBackend;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.StemJson;
import dev.stem.boot.autoconfigure.StemProperties;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ReceiveInterceptor;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.middleware.ResultSealer;
import dev.stem.security.MessageCipher;
import dev.stem.security.MessageSigner;
import dev.stem.task.Idempotency;

/// Message signing (`stem.security.signing.active-key` set) and encryption of arguments and results
/// (`stem.security.encryption.active-key` set). At enqueue, arguments are encrypted, then the
/// message is signed, after every other interceptor; on the worker the signature is verified
/// first, then the arguments are decrypted, before the task is looked up or bound; a message
/// published again changed (a retry, a postponement, a dead-letter replay) is signed again. The
/// [MessageCipher] bean is also the [ResultSealer] the worker seals results with and the client,
/// the canvas and [Idempotency] open them with. Also the [Idempotency] helper, remembering results
/// in the result backend for `stem.backend.result-ttl`.
@AutoConfiguration(after = StemAutoConfiguration.class)
@ConditionalOnClass(MessageSigner.class)
@EnableConfigurationProperties(StemSecurityProperties.class)
public final class StemSecurityAutoConfiguration {

    StemSecurityAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ ResultBackend.class, StemProperties.class })
    Idempotency stemIdempotency(ResultBackend backend, ObjectProvider<JsonMapper> mapper, StemProperties properties,
            ObjectProvider<ResultSealer> results) {
        return new Idempotency(backend, StemJson.mapper(mapper), properties.getBackend().getResultTtl(),
                Clock.systemUTC(), results.getIfAvailable(() -> ResultSealer.NONE));
    }

    /// Signing beans.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("stem.security.signing.active-key")
    static class Signing {

        @Bean
        @ConditionalOnMissingBean
        MessageSigner stemMessageSigner(StemSecurityProperties properties) {
            return new MessageSigner(properties.getSigning().toKeyRing("stem.security.signing",
                    MessageSigner.MIN_KEY_BYTES));
        }

        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        EnqueueInterceptor stemSigningInterceptor(MessageSigner signer) {
            return signer::sign;
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ReceiveInterceptor stemSignatureCheck(MessageSigner signer) {
            return signer::verify;
        }

        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        RepublishInterceptor stemResigningInterceptor(MessageSigner signer) {
            return signer::resign;
        }
    }

    /// Encryption beans.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("stem.security.encryption.active-key")
    static class Encryption {

        @Bean
        @ConditionalOnMissingBean
        MessageCipher stemMessageCipher(StemSecurityProperties properties) {
            return new MessageCipher(properties.getEncryption().toKeyRing("stem.security.encryption", 16),
                    properties.getEncryption().isAcceptPlaintextResults());
        }

        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE - 1)
        EnqueueInterceptor stemEncryptionInterceptor(MessageCipher cipher) {
            return cipher::encrypt;
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE + 1)
        ReceiveInterceptor stemDecryptionCheck(MessageCipher cipher) {
            return cipher::decrypt;
        }
    }
}
