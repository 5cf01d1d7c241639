package dev.stem.task;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TaskRegistryTests {

    private final TaskRegistry registry = new TaskRegistry();

    @Test
    void findsAMethodTaskByItsMethod() throws NoSuchMethodException {
        Method send = Mail.class.getMethod("send", String.class);
        TaskDefinition definition = TaskDefinition.of("mail.send",
                new MethodTaskHandler("mail.send", new Mail(), send, send, JsonMapper.builder().build()));
        this.registry.register(definition);
        this.registry.register(TaskDefinition.of("other", ctx -> null));

        assertThat(this.registry.find(send)).containsSame(definition);
        assertThat(this.registry.find("mail.send")).containsSame(definition);
        assertThat(this.registry.find(Mail.class.getMethod("unregistered"))).isEmpty();
    }

    @Test
    void aNameIsRegisteredOnce() {
        this.registry.register(TaskDefinition.of("twice", ctx -> null));

        assertThatIllegalStateException().isThrownBy(() -> this.registry.register(TaskDefinition.of("twice", ctx -> 1)))
                .withMessageContaining("twice");
    }

    public static class Mail {

        public String send(String to) {
            return to;
        }

        public void unregistered() {
        }
    }
}
