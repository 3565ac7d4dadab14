package dev.gyre.serving.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the library example, {@code examples/library/Predict.java}, working: compiles it against this module's
 * class path and runs it on the stored package, which must give the stored prediction.
 */
class LibraryExampleTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "library", "Predict.java");

    @Test
    void theLibraryExampleCompilesAndPredictsWithAPackage(@TempDir Path dir) throws Exception {
        assertThat(EXAMPLE).as("the example, relative to the module").isRegularFile();
        Path pkg = dir.resolve("titanic-1.zip");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/package-v1.zip")) {
            assertThat(in).isNotNull();
            Files.copy(in, pkg);
        }

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler").isNotNull();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-cp", classPath(), "-d", classes.toString(),
                "-Xlint:all", "-Werror", EXAMPLE.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        // The second passenger of the stored predictions (package-v1-expected.json): class 1, 0.963368106436754.
        String out = run(classes, pkg.toString(), "Pclass=1", "Name=Cumings, Mrs. John Bradley", "Sex=female",
                "Age=38", "SibSp=1", "Parch=0", "Fare=71.2833", "Embarked=C");
        assertThat(out).contains("model: titanic version 1", "predicted_class: 1", "probability 1: 0.963368106436",
                "  Age (numeric, optional)");
        // Unknown age, given as an empty value: the third stored passenger (class 1, 0.8515817022744275).
        out = run(classes, pkg.toString(), "Pclass=2", "Name=Doe, Master. John", "Sex=male", "Age=", "SibSp=0",
                "Parch=2", "Fare=29.0", "Embarked=Q");
        assertThat(out).contains("predicted_class: 1", "probability 1: 0.851581702274");
    }

    private static String run(Path classes, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                LibraryExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass("Predict").getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The test's class path: surefire's own property when it runs the test through a manifest-only jar. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        return cp;
    }
}
