package dev.stem.task;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.envelope.Envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentBinderTests {

    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void bindsAnObjectByParameterName() throws Exception {
        assertThat(call("greet", "{\"name\":\"Ada\",\"times\":2}")).isEqualTo("Ada Ada");
    }

    @Test
    void bindsAnArrayByPosition() throws Exception {
        assertThat(call("greet", "[\"Bob\",3]")).isEqualTo("Bob Bob Bob");
    }

    @Test
    void bindsTheWholeObjectIntoASinglePojoParameter() throws Exception {
        assertThat(call("order", "{\"sku\":\"X-1\",\"quantity\":4}")).isEqualTo("4 x X-1");
        assertThat(call("order", "{\"order\":{\"sku\":\"Y-2\",\"quantity\":1}}")).isEqualTo("1 x Y-2");
    }

    @Test
    void bindsGenericsAndOptionalsAndTheContext() throws Exception {
        assertThat(call("generic", "{\"items\":[{\"sku\":\"A\",\"quantity\":1}]}")).isEqualTo("A:1 none");
        assertThat(call("generic", "{\"items\":[],\"note\":\"hi\"}")).isEqualTo(" hi");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheParameter() {
        assertThatThrownBy(() -> call("greet", "{\"name\":\"Ada\",\"times\":\"many\"}"))
                .isInstanceOf(ArgumentBindingException.class).hasMessageContaining("'times'")
                .hasMessageContaining("\"many\"");
    }

    @Test
    void aMissingPrimitiveNamesTheParameter() {
        assertThatThrownBy(() -> call("greet", "{\"name\":\"Ada\"}")).isInstanceOf(ArgumentBindingException.class)
                .hasMessageContaining("'times'");
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> call("greet", "{\"name\":\"Ada\",\"times\":1,\"colour\":\"red\"}"))
                .isInstanceOf(ArgumentBindingException.class).hasMessageContaining("colour");
    }

    @Test
    void aWrongNumberOfPositionalArgumentsIsRefused() {
        assertThatThrownBy(() -> call("greet", "[\"Ada\"]")).isInstanceOf(ArgumentBindingException.class)
                .hasMessageContaining("takes 2 arguments");
    }

    @Test
    void anEmptyObjectForARecordWithRequiredComponentsIsRefusedNamingTheComponent() {
        assertThatThrownBy(() -> call("order", "{}")).isInstanceOf(ArgumentBindingException.class)
                .hasMessageContaining("'order'").hasMessageContaining("'sku'").hasMessageContaining("(at order.sku)");
    }

    @Test
    void aRequiredRecordComponentMustNotBeNull() {
        assertThatThrownBy(() -> call("order", "{\"sku\":null,\"quantity\":1}"))
                .isInstanceOf(ArgumentBindingException.class).hasMessageContaining("(at order.sku)");
        assertThatThrownBy(() -> call("order", "{\"sku\":\"X\"}")).isInstanceOf(ArgumentBindingException.class)
                .hasMessageContaining("'quantity'");
    }

    @Test
    void requiredComponentsAreCheckedInNestedRecordsToo() {
        assertThatThrownBy(() -> call("generic", "{\"items\":[{\"quantity\":1}]}"))
                .isInstanceOf(ArgumentBindingException.class).hasMessageContaining("(at items[0].sku)");
    }

    @Test
    void nullableAndOptionalComponentsMayBeAbsent() throws Exception {
        assertThat(call("note", "{\"text\":\"hi\"}")).isEqualTo("hi by null tagged none");
    }

    @Test
    void anAbsentOptionalParameterBindsToTheEmptyOne() throws Exception {
        assertThat(call("limit", "{}")).isEqualTo("no limit");
    }

    @Test
    void componentsOfNullUnmarkedCodeMayBeAbsent() throws Exception {
        assertThat(call("legacy", "{}")).isEqualTo("null");
    }

    @Test
    void aNonNullParameterNeedsAnArgumentAndANullableOneDoesNot() throws Exception {
        assertThat(call("salute", "{\"greeting\":\"Hi\"}")).isEqualTo("Hi null");
        assertThatThrownBy(() -> call("salute", "{\"name\":\"Ada\"}")).isInstanceOf(ArgumentBindingException.class)
                .hasMessageContaining("needs argument 'greeting'");
        assertThatThrownBy(() -> call("salute", "{\"greeting\":null}")).isInstanceOf(ArgumentBindingException.class)
                .hasMessageContaining("needs argument 'greeting'").hasMessageContaining("has null");
    }

    @Test
    void argumentBindingErrorsAreNeverRetried() {
        assertThat(dev.stem.retry.RetryPolicy.DEFAULT.isRetryable(new ArgumentBindingException("x"))).isFalse();
    }

    @Test
    void typeHintsInArgsAreOnlyPlainData() throws Exception {
        assertThat(call("anything", "{\"payload\":{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"id\"]}}"))
                .isEqualTo("LinkedHashMap {@class=java.lang.ProcessBuilder, command=[id]}");
        assertThat(call("anything", "{\"payload\":[\"java.io.File\",\"/etc/passwd\"]}"))
                .isEqualTo("ArrayList [java.io.File, /etc/passwd]");
        assertThat(call("order", "{\"@class\":\"java.lang.ProcessBuilder\",\"sku\":\"X\",\"quantity\":1}"))
                .isEqualTo("1 x X");
    }

    private Object call(String methodName, String json) throws Exception {
        Method method = List.of(Tasks.class.getDeclaredMethods()).stream()
                .filter(m -> m.getName().equals(methodName)).findFirst().orElseThrow();
        JsonNode args = this.mapper.readTree(json);
        Envelope envelope = Envelope.builder("t").args(args).build();
        MethodTaskHandler handler = new MethodTaskHandler("t", new Tasks(), method, method, this.mapper);
        return handler.handle(new FixedContext(envelope));
    }

    record Order(String sku, int quantity) {
    }

    record Note(String text, @Nullable String author, Optional<String> tag) {
    }

    @NullUnmarked
    record Legacy(String text) {
    }

    static class Tasks {

        String greet(String name, int times) {
            return String.join(" ", java.util.Collections.nCopies(times, name));
        }

        String note(Note note) {
            return note.text() + " by " + note.author() + " tagged " + note.tag().orElse("none");
        }

        String legacy(Legacy legacy) {
            return String.valueOf(legacy.text());
        }

        String limit(OptionalInt max) {
            return max.isPresent() ? "limit " + max.getAsInt() : "no limit";
        }

        String salute(@Nullable String name, String greeting) {
            return greeting + " " + name;
        }

        String anything(Object payload) {
            return payload.getClass().getSimpleName() + " " + payload;
        }

        String order(Order order) {
            return order.quantity() + " x " + order.sku();
        }

        String generic(List<Order> items, Optional<String> note, TaskContext context) {
            return String.join(",", items.stream().map(i -> i.sku() + ":" + i.quantity()).toList()) + " "
                    + note.orElse("none") + (context != null ? "" : "!");
        }
    }

    private record FixedContext(Envelope envelope) implements TaskContext {

        @Override
        public void progress(Map<String, Object> meta) {
        }

        @Override
        public boolean isSoftTimeLimitExceeded() {
            return false;
        }

        @Override
        public void checkSoftTimeLimit() {
        }

        @Override
        public RetryRequestedException retry(Duration countdown) {
            return new RetryRequestedException(countdown);
        }
    }
}
