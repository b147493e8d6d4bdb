package org.arca.registry.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/architecture.md, checked on the compiled main classes of every module: a feature sees the
 * registry only through the ports in {@code core}, so that it can be tested, replaced or switched off on its own.
 */
class ArchitectureTest {
  private static final String[] FEATURES = {"org.arca.converter..", "org.arca.search..", "org.arca.preservation..",
      "org.arca.web.."};

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    // jars are included: in a full build the other modules are on the class path as their jars, not as folders
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.arca");
  }

  @Test
  void coreKnowsNoFeatureAndNotTheServer() {
    noClasses().that().resideInAPackage("org.arca.core..")
        .should().dependOnClassesThat().resideInAnyPackage(append(FEATURES, "org.arca.registry.."))
        .because("the core never knows which features exist")
        .check(classes);
  }

  @Test
  void featuresDependOnCoreOnly() {
    for (String feature : FEATURES) {
      String[] others = Arrays.stream(FEATURES).filter(f -> !f.equals(feature)).toArray(String[]::new);
      noClasses().that().resideInAPackage(feature)
          .should().dependOnClassesThat().resideInAnyPackage(append(others, "org.arca.registry.."))
          .because("a feature sees the registry only through the ports in core; the server assembles")
          .check(classes);
    }
  }

  @Test
  void modulesHaveNoPackageCycles() {
    slices().matching("org.arca.(core|converter|search|preservation|web).(*)..")
        .should().beFreeOfCycles()
        .check(classes);
  }

  private static String[] append(String[] packages, String more) {
    String[] all = Arrays.copyOf(packages, packages.length + 1);
    all[packages.length] = more;
    return all;
  }
}
