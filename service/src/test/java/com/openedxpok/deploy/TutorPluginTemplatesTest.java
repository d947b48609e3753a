package com.openedxpok.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Tutor plugin's own tests (deploy/tutor/tests, Python's unittest with Jinja2 and PyYAML) as part of
 * {@code ./mvnw verify}, so that CI renders and checks every template of the plugin.
 */
class TutorPluginTemplatesTest {

    @Test
    void everyTemplateOfTheTutorPluginRendersAndChecksOut() throws Exception {
        Path plugin = pluginDirectory();
        Process process = new ProcessBuilder(python(), "-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v")
                .directory(plugin.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        // Read before waiting: a full pipe would block the child.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the plugin's tests finished").isTrue();
        assertThat(process.exitValue())
                .as("python3 -m unittest in %s (needs python3-jinja2 and python3-yaml, which .ci/run installs):%n%s",
                        plugin, output)
                .isZero();
        assertThat(output).as(output).containsPattern("Ran [1-9][0-9]* tests").contains("\nOK");
    }

    /** deploy/tutor from the project's root, also when the service becomes a module one folder below it. */
    private static Path pluginDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/tutor");
            if (Files.isDirectory(candidate.resolve("tests"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/tutor not found above " + Path.of("").toAbsolutePath());
    }

    /** Debian's Python, where apt puts python3-jinja2 and python3-yaml, ahead of another python3 on the PATH. */
    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
