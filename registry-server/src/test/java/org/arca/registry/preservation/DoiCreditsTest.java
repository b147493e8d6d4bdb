package org.arca.registry.preservation;

import static org.arca.registry.preservation.PreservationFixtures.body;
import static org.arca.registry.preservation.PreservationFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.registry.preservation.PreservationFixtures.Image;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.arca.search.loader.RecipeLoader;
import org.jbibtex.BibTeXEntry;
import org.jbibtex.BibTeXParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a DOI says about who made an image and what it is, over real HTTP with accounts: the pushing account's display
 * name and ORCID iD, the image's own labels (BioContainers' here), the request's corrections, and how a DOI that the
 * default {@code local} provider minted is cited and withdrawn without pointing at doi.org, where it does not resolve.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoiCreditsTest implements TestPropertyProvider {
  static final String ADMIN_PASSWORD = DoiAccessTest.ADMIN_PASSWORD;
  static final String PASSWORD = DoiAccessTest.PASSWORD;
  static final String BASE_URL = "https://arca.example.org";
  static final Map<String, String> BIOCONTAINERS = Map.of(
      "software", "bwa",
      "about.summary", "Burrow-Wheeler Aligner for pairwise alignment between DNA sequences",
      "about.license", "GPL-3+",
      "about.home", "https://github.com/lh3/bwa");

  @Inject
  EmbeddedServer server;

  OciClient anonymous;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.admin-password", ADMIN_PASSWORD);
    properties.put("arca.auth.bcrypt-cost", "4");
    properties.put("arca.preservation.base-url", BASE_URL);
    return properties;
  }

  @BeforeAll
  void accounts() {
    anonymous = new OciClient(URI.create(server.getURL().toString()));
    OciClient admin = anonymous.withBasic("admin", ADMIN_PASSWORD);
    OciClient.expect(admin.post("/api/v1/users", body("{\"name\":\"alice\",\"password\":\"" + PASSWORD
        + "\",\"role\":\"researcher\"}"), "Content-Type", "application/json"), 201);
    // as the researcher guide says: one sets one's own display name and ORCID iD
    OciClient.expect(as("alice").patch("/api/v1/users/alice", body("{\"displayName\":\"Alice Smith\","
        + "\"orcid\":\"0000-0002-1825-0097\"}"), "Content-Type", "application/json"), 200);
    OciClient.expect(admin.post("/api/v1/users", body("{\"name\":\"carol\",\"password\":\"" + PASSWORD
        + "\",\"role\":\"curator\"}"), "Content-Type", "application/json"), 201);
  }

  OciClient as(String user) {
    return anonymous.withBasic(user, PASSWORD);
  }

  JsonNode mint(String repository, Digest digest, String metadata) {
    Response response = as("alice").post("/api/v1/dois", body("{\"repository\":\"" + repository
        + "\",\"digest\":\"" + digest + "\",\"metadata\":" + metadata + "}"), "Content-Type", "application/json");
    assertEquals(201, response.status(), response::toString);
    return json(response);
  }

  @Test
  void imageWithBioContainersLabels_pushedByAnAccountWithProfile_creditsTheAccountAndPrefillsFromLabels() {
    Image image = PreservationFixtures.pushLabelledImage(as("alice"), "alice/bwa", "0.7.17", BIOCONTAINERS);
    JsonNode metadata = mint("alice/bwa", image.digest(), "{}").get("metadata");

    JsonNode creator = metadata.get("creators").get(0);
    assertEquals(1, metadata.get("creators").size(), metadata::toString);
    assertEquals("Smith, Alice", creator.get("name").asText()); // not the account name "alice"
    assertEquals("Personal", creator.get("nameType").asText());
    assertEquals("Alice", creator.get("givenName").asText());
    assertEquals("https://orcid.org/0000-0002-1825-0097",
        creator.get("nameIdentifiers").get(0).get("nameIdentifier").asText());
    assertEquals("Burrow-Wheeler Aligner for pairwise alignment between DNA sequences",
        description(metadata, "Abstract"));
    assertEquals("GPL-3.0-or-later", metadata.get("rightsList").get(0).get("rightsIdentifier").asText());
  }

  @Test
  void requestMetadata_overridesLabels_andFamilyCommaGivenIsCitedAsAPerson() throws Exception {
    Image image = PreservationFixtures.pushLabelledImage(as("alice"), "alice/bwa-study", "1", BIOCONTAINERS);
    JsonNode minted = mint("alice/bwa-study", image.digest(), "{\"description\":\"BWA as run in our study\","
        + "\"licenses\":[\"MIT\"],\"creators\":[{\"name\":\"Doe, Jane\"}]}");
    JsonNode metadata = minted.get("metadata");
    assertEquals("BWA as run in our study", description(metadata, "Abstract"));
    assertEquals("MIT", metadata.get("rightsList").get(0).get("rightsIdentifier").asText());
    assertEquals(1, metadata.get("rightsList").size());
    assertEquals("Doe", metadata.get("creators").get(0).get("familyName").asText());

    String page = "/doi/" + minted.get("doi").asText();
    BibTeXEntry bib = new BibTeXParser().parse(new StringReader(negotiate(page, "application/x-bibtex").text()))
        .getEntries().values().iterator().next();
    assertEquals("Doe, Jane", bib.getField(BibTeXEntry.KEY_AUTHOR).toUserString());
    JsonNode csl = json(negotiate(page, "application/vnd.citationstyles.csl+json"));
    assertTrue(csl.isObject(), csl::toString);
    assertEquals("Jane", csl.get("author").get(0).get("given").asText());
    assertNull(csl.get("author").get(0).get("literal"));
    JsonNode list = json(negotiate(page, "application/vnd.citationstyles.csl+json; list=true"));
    assertTrue(list.isArray() && list.size() == 1, list::toString);
    assertTrue(json(negotiate(page + "?format=csl-json&list=true", "*/*")).isArray());
  }

  @Test
  void localDoi_isCitedByItsLandingPage_andItsWithdrawalSaysWhatItIs() throws Exception {
    Image image = PreservationFixtures.pushLabelledImage(as("alice"), "alice/bwa-old", "0.5", BIOCONTAINERS);
    JsonNode minted = mint("alice/bwa-old", image.digest(), "{}");
    String doi = minted.get("doi").asText();
    assertTrue(minted.get("resolver").isNull(), minted::toString);
    assertTrue(minted.get("statement").asText().startsWith("A local DOI"), minted::toString);
    String landing = BASE_URL + "/doi/" + doi;
    String page = "/doi/" + doi;

    BibTeXEntry bib = new BibTeXParser().parse(new StringReader(negotiate(page, "application/x-bibtex").text()))
        .getEntries().values().iterator().next();
    assertNull(bib.getField(BibTeXEntry.KEY_DOI), "a DOI that does not resolve is no DOI field");
    assertEquals(landing, bib.getField(BibTeXEntry.KEY_URL).toUserString());
    String apa = negotiate(page, "text/x-bibliography; style=apa").text();
    assertTrue(apa.contains(landing) && !apa.contains("doi.org/" + doi), apa);
    JsonNode csl = json(negotiate(page, "application/vnd.citationstyles.csl+json"));
    assertEquals(landing, csl.get("URL").asText());
    assertTrue(csl.get("note").asText().contains("not registered"), csl::toString);
    // DataCite's own record keeps the DOI: it is what would be registered
    assertTrue(negotiate(page, "application/vnd.datacite.datacite+xml").text()
        .contains("identifierType=\"DOI\""));

    OciClient.expect(as("carol").post("/api/v1/dois/" + doi + "/approve", null), 200);
    OciClient.expect(as("carol").post("/api/v1/dois/" + doi + "/withdraw",
        body("{\"reason\":\"Superseded by a corrected build.\"}")), 200);
    Response pulled = anonymous.get("/v2/alice/bwa-old/manifests/" + image.digest(), "Accept",
        MediaTypes.OCI_MANIFEST);
    assertEquals(410, pulled.status(), pulled::toString);
    String message = pulled.text();
    assertTrue(message.contains("Superseded by a corrected build. Its landing page explains this: " + landing),
        message);
    assertTrue(message.contains("is not registered, so it does not resolve at https://doi.org"), message);
    assertFalse(message.contains(".."), message);
    assertFalse(message.contains("still resolves"), message);
  }

  @Test
  void imageLoadedFromABioContainersRecipe_creditsItsMaintainerNotTheLoadingAdmin(@TempDir Path folder)
      throws Exception {
    Path recipe = folder.resolve("bwa/0.7.17/Dockerfile");
    Files.createDirectories(recipe.getParent());
    Files.copy(LandingPageTest.shared("corpus/biocontainers/bwa/0.7.17/Dockerfile"), recipe);
    assertEquals(0, RecipeLoader.run(new String[] {"--url", server.getURL().toString(), "--user", "admin",
        "--password", ADMIN_PASSWORD, "--namespace", "admin", folder.toString()}));
    OciClient admin = anonymous.withBasic("admin", ADMIN_PASSWORD);
    String digest = admin.head("/v2/admin/bwa/manifests/0.7.17", "Accept", MediaTypes.OCI_MANIFEST)
        .header("Docker-Content-Digest").orElseThrow();
    Response minted = admin.post("/api/v1/dois", body("{\"repository\":\"admin/bwa\",\"digest\":\"" + digest
        + "\"}"), "Content-Type", "application/json");
    assertEquals(201, minted.status(), minted::toString);
    JsonNode metadata = json(minted).get("metadata");
    assertEquals("Alvin Chen", metadata.get("creators").get(0).get("name").asText(), metadata::toString);
    assertEquals(1, metadata.get("creators").size());
    assertEquals("Burrow-Wheeler Aligner for pairwise alignment between DNA sequences",
        description(metadata, "Abstract"));
    assertEquals("GPL-3.0-only", metadata.get("rightsList").get(0).get("rightsIdentifier").asText());
  }

  private Response negotiate(String path, String accept) {
    Response response = anonymous.get(path, "Accept", accept);
    assertEquals(200, response.status(), () -> accept + ": " + response);
    return response;
  }

  private static String description(JsonNode metadata, String type) {
    for (JsonNode d : metadata.get("descriptions")) {
      if (type.equals(d.get("descriptionType").asText())) {
        return d.get("description").asText();
      }
    }
    return null;
  }
}
