package dev.stem.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TablePrefixTests {

    @Test
    void invalidPrefixesAreRejectedWithTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> TablePrefix.of("stem; DROP TABLE x"))
                .withMessageContaining("stem; DROP TABLE x");
        assertThatIllegalArgumentException().isThrownBy(() -> TablePrefix.of("Stem_")).withMessageContaining("Stem_");
        assertThatIllegalArgumentException().isThrownBy(() -> TablePrefix.of("x".repeat(41)));
    }

    @Test
    void tableNamesAndScriptPlaceholdersUseThePrefix() {
        assertThat(TablePrefix.DEFAULT.table("jobs")).isEqualTo("stem_jobs");
        assertThat(TablePrefix.of("app_stem_").apply("CREATE TABLE ${prefix}jobs (id int)"))
                .isEqualTo("CREATE TABLE app_stem_jobs (id int)");
    }
}
