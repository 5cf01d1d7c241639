package dev.stem.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/// The imports docs/tasks.md tells users to write, and the fully qualified types it names, exist.
class TasksDocImportsTests {

    private static final Pattern IMPORT = Pattern.compile("^import ([\\w.]+);", Pattern.MULTILINE);

    private static final Pattern NAMED_TYPE = Pattern.compile("`(dev\\.stem\\.[a-z.]+\\.[A-Z]\\w*)`");

    @Test
    void everyImportAndNamedTypeOfTheTasksGuideExists() throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "tasks.md"));
        List<String> types = new ArrayList<>(all(IMPORT.matcher(guide)));
        types.addAll(all(NAMED_TYPE.matcher(guide)));

        assertThat(types).contains("dev.stem.annotation.StemTask", "dev.stem.task.TaskContext", "dev.stem.Stem",
                "dev.stem.client.TaskHandle", "dev.stem.client.EnqueueOptions", "dev.stem.client.TaskFailedException");
        assertThat(types).allSatisfy(type -> assertThat(exists(type)).as(type).isTrue());
    }

    private static List<String> all(Matcher matcher) {
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static boolean exists(String type) {
        try {
            Class.forName(type, false, TasksDocImportsTests.class.getClassLoader());
            return true;
        }
        catch (ClassNotFoundException ex) {
            return false;
        }
    }
}
