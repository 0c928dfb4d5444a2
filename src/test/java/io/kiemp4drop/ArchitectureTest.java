package io.kiemp4drop;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shape the code keeps: packages by concern without cycles, small classes, tests beside what they test. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/kiemp4drop");
    private static final Path TEST = Path.of("src/test/java/io/kiemp4drop");

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kiemp4drop");
        slices().matching("io.kiemp4drop.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noMainClassGrowsPastThreeHundredLines() throws Exception {
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                assertThat(Files.readAllLines(file)).as(file.toString()).hasSizeLessThanOrEqualTo(300);
            }
        }
    }

    @Test
    void testPackagesMirrorTheMainPackages() throws Exception {
        Set<String> main = packages(MAIN);
        Set<String> tests = packages(TEST);
        // shared test servers and helpers, whole-process tests, and the benchmark's own programs
        tests.removeAll(Set.of("support", "e2e", "bench"));
        assertThat(main).containsAll(tests);
    }

    private static Set<String> packages(Path root) throws Exception {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
