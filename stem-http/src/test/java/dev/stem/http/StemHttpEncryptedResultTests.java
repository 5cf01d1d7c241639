package dev.stem.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.http.HttpClientSupport.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/// The task endpoint of an application that holds the encryption keys: it answers a result stored
/// encrypted with its value, and one that does not decrypt with a 500 naming the task and key.
class StemHttpEncryptedResultTests {

    private static final String TOKEN = "reader-writer-token-0123456789";

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());

    private static ConfigurableApplicationContext context;

    private static HttpClientSupport http;

    @BeforeAll
    static void start() {
        context = SpringApplication.run(HttpApiTestApp.class, "--server.port=0", "--stem.http.enabled=true",
                "--stem.http.clients.app.token=" + TOKEN, "--stem.http.clients.app.scopes=read,write",
                "--stem.security.encryption.active-key=k1", "--stem.security.encryption.keys.k1=" + KEY);
        http = new HttpClientSupport("http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void aResultStoredEncryptedIsAnsweredDecryptedAndATamperedOneIsA500NamingTaskAndKey() throws Exception {
        String id = http.post("/stem/api/tasks", TOKEN, "{\"task\": \"test.add\", \"args\": {\"a\": 20, \"b\": 22}}")
                .body().get("id").stringValue();

        Answer done = http.get("/stem/api/tasks/" + id + "?waitMs=20000", TOKEN);

        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body().get("record").get("result").intValue()).isEqualTo(42);
        ResultBackend backend = context.getBean(ResultBackend.class);
        TaskResult stored = backend.get(id).orElseThrow();
        String sealed = stored.result().get("stem-encrypted").stringValue();
        assertThat(sealed).startsWith("k1:");

        String[] parts = sealed.split(":");
        byte[] ciphertext = Base64.getUrlDecoder().decode(parts[2]);
        ciphertext[0] ^= 1;
        String flipped = parts[0] + ":" + parts[1] + ":" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(ciphertext);
        backend.store(new TaskResult(id, stored.taskName(), stored.state(),
                JsonNodeFactory.instance.objectNode().put("stem-encrypted", flipped), null, Map.of(),
                stored.attempt() + 1, 0, Instant.now()), Duration.ofHours(1));
        Answer tampered = http.get("/stem/api/tasks/" + id, TOKEN);

        assertThat(tampered.status()).isEqualTo(500);
        assertThat(tampered.body().get("detail").stringValue()).contains(id).contains("key 'k1'")
                .contains("does not decrypt");
        assertThat(tampered.body().has("record")).isFalse();
    }
}
