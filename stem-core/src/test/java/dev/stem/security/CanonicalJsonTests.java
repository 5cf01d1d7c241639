package dev.stem.security;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/// The canonical text is what Python's `json.dumps(v, sort_keys=True, separators=(",", ":"),
/// ensure_ascii=False)` writes; the expected strings below were produced by Python 3.
class CanonicalJsonTests {

    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void numbersAreWrittenAsPythonWritesThem() {
        String numbers = "[0.1,1.0,1e-05,1.5e16,1e16,1e15,123.456,-0.0,0.0001,2.5e-300,1.7976931348623157e308,"
                + "5e-324,100.0,-3.25,1234567890123456.7]";

        assertThat(CanonicalJson.write(this.mapper.readTree(numbers))).isEqualTo("[0.1,1.0,1e-05,1.5e+16,1e+16,"
                + "1000000000000000.0,123.456,-0.0,0.0001,2.5e-300,1.7976931348623157e+308,5e-324,100.0,-3.25,"
                + "1234567890123456.8]");
    }

    @Test
    void randomDoublesAreWrittenAsPythonWroteThem() throws Exception {
        String python;
        try (var in = getClass().getResourceAsStream("python-floats.json")) {
            python = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        assertThat(CanonicalJson.write(this.mapper.readTree(python))).isEqualTo(python);
    }

    @Test
    void keysAreSortedByCodePointAndStringsEscapedAsPythonDoes() {
        String document = "{\"b\":1,\"a\":[true,null,\"x\\\"\\\\\\n\\u0001\\u007f \u00e9 \u2603 \uD83D\uDE00\"],"
                + "\"\uFF00\":1,\"\uD83D\uDE00\":2,\"big\":12345678901234567890123}";

        assertThat(CanonicalJson.write(this.mapper.readTree(document))).isEqualTo("{\"a\":[true,null,"
                + "\"x\\\"\\\\\\n\\u0001\u007f \u00e9 \u2603 \uD83D\uDE00\"],\"b\":1,\"big\":12345678901234567890123,"
                + "\"\uFF00\":1,\"\uD83D\uDE00\":2}");
    }
}
