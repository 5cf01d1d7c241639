package dev.stem.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import com.example.invoices.InvoiceTasksAutoConfiguration;

/// Builds the task library jar a user would put on the worker jar's loader path: the compiled
/// classes of `com.example.invoices` (or another library package) and a `META-INF/spring/...AutoConfiguration.imports` naming
/// its auto-configuration.
final class TaskJar {

    private static final String IMPORTS =
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    private TaskJar() {
    }

    /// Writes the invoice task jar into `directory` and returns its path.
    static Path writeInto(Path directory) throws IOException {
        return writeInto(directory, InvoiceTasksAutoConfiguration.class);
    }

    /// Writes a jar of the package of `configuration` (an auto-configuration that registers the
    /// package's tasks) into `directory` and returns its path.
    static Path writeInto(Path directory, Class<?> configuration) throws IOException {
        Path classes = classesRoot(configuration);
        String packagePath = configuration.getPackageName().replace('.', '/');
        Path jar = directory.resolve(configuration.getPackageName() + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(classes.resolve(packagePath))) {
            for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                try (InputStream in = Files.newInputStream(path)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry(IMPORTS));
            out.write((configuration.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static Path classesRoot(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException("Cannot locate the compiled classes of " + type.getName(), ex);
        }
    }
}
