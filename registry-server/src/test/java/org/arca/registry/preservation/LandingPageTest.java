package org.arca.registry.preservation;

import static org.arca.registry.preservation.PreservationFixtures.body;
import static org.arca.registry.preservation.PreservationFixtures.json;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import de.undercouch.citeproc.csl.CSLItemData;
import de.undercouch.citeproc.csl.CSLType;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.arca.core.Digest;
import org.arca.core.registry.RegistryWriter;
import org.arca.registry.preservation.PreservationFixtures.Image;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.jbibtex.BibTeXDatabase;
import org.jbibtex.BibTeXEntry;
import org.jbibtex.BibTeXParser;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DOI landing pages and citation content negotiation on the same URL, read back the way their consumers read them:
 * DataCite XML against the 4.6 schema, CSL-JSON with citeproc-java, BibTeX with jbibtex, the HTML with a browser's
 * parser (jsoup), CITATION.cff as YAML.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LandingPageTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  @Inject
  RegistryWriter writer;

  OciClient client;
  String repository;
  Image image;
  String doi;
  Digest sif;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestDatabases.h2();
    properties.put("arca.preservation.base-url", "https://arca.example.org");
    properties.put("arca.preservation.publisher", "Example University Library");
    return properties;
  }

  @BeforeAll
  void mintADoi() throws Exception {
    client = new OciClient(URI.create(server.getURL().toString()));
    repository = repository("lab");
    image = PreservationFixtures.pushImage(client, repository, "2.1.0", "Variant caller");
    sif = PreservationFixtures.pushSif(writer, repository, image);
    Response minted = client.post("/api/v1/dois", body("{\"repository\":\"" + repository + "\",\"digest\":\""
        + image.digest() + "\",\"metadata\":{\"keywords\":[\"genomics\"],\"papers\":[\"10.1234/paper.5678\"]}}"),
        "Content-Type", "application/json");
    assertEquals(201, minted.status(), minted::toString);
    doi = json(minted).get("doi").asText();
    assertEquals(200, client.post("/api/v1/dois/" + doi + "/approve", null).status());
  }

  private Response negotiate(String path, String accept) {
    Response response = client.get(path, "Accept", accept);
    assertEquals(200, response.status(), () -> accept + ": " + response);
    return response;
  }

  @Test
  void htmlLandingPage_showsWhatAPersonNeedsToCiteAndGetTheImage() {
    Response response = negotiate("/doi/" + doi, "text/html,application/xhtml+xml,*/*;q=0.8");
    assertTrue(response.header("Content-Type").orElseThrow().startsWith("text/html"));
    Document page = Jsoup.parse(response.text());
    assertEquals("Variant caller", page.getElementById("title").text());
    assertTrue(page.getElementById("creators").text().contains("Jane Doe"), page.getElementById("creators").text());
    assertNotNull(page.selectFirst("#creators a[href=https://orcid.org/0000-0002-1825-0097]"));
    // the local provider registers nothing, so the DOI links to this page rather than to doi.org, where it is unknown
    assertEquals("https://arca.example.org/doi/" + doi, page.getElementById("doi").attr("href"));
    assertEquals("https://arca.example.org/doi/" + doi, page.selectFirst("link[rel=cite-as]").attr("href"));
    assertEquals("findable", page.getElementById("doi-state").text());
    assertEquals("2.1.0", page.getElementById("version").text());
    assertEquals(image.digest().toString(), page.getElementById("digest").text());
    assertEquals("MIT", page.selectFirst("#licence a").text());
    List<String> pulls = page.select("pre.pull").eachText();
    String reference = "arca.example.org/" + repository + "@" + image.digest();
    assertTrue(pulls.contains("docker pull " + reference), pulls.toString());
    assertTrue(pulls.contains("podman pull " + reference), pulls.toString());
    assertTrue(pulls.contains("apptainer pull oras://arca.example.org/sif/" + repository + "@" + image.digest()),
        pulls.toString());
    assertEquals("https://arca.example.org/sif/" + repository + "/" + image.digest() + ".sif",
        page.getElementById("sif-download").attr("href"));
    // the local provider's DOI is not registered: the citation names this page, not doi.org
    assertTrue(page.getElementById("citation").text().contains("https://arca.example.org/doi/" + doi),
        page.getElementById("citation").text());
    assertNotNull(page.getElementById("copy-citation"));
    assertTrue(page.getElementById("provenance").text().contains("base image"), page.getElementById("provenance")
        .text());
    assertNotNull(page.selectFirst("#cite a[href$=/CITATION.cff]"));
  }

  @Test
  void baseImage_isLinkedToItsPageHere_orToWhereItsRegistryShowsIt_neverToAMissingPage() {
    // the fixture's base, docker.io/library/debian:bookworm, was never pushed here
    Document page = Jsoup.parse(negotiate("/doi/" + doi, "text/html").text());
    List<String> links = page.select("#provenance a").eachAttr("href");
    assertTrue(links.contains("https://hub.docker.com/_/debian"), links.toString());
    assertTrue(links.stream().noneMatch(href -> href.contains(PreservationFixtures.BASE.toString())),
        links.toString());

    String baseRepository = repository("base");
    Image base = PreservationFixtures.pushImage(client, baseRepository, "1.0", "Lab base");
    String built = repository("lab");
    Image image = PreservationFixtures.pushImage(client, built, "1.0", "Built on the lab base",
        "arca.example.org/" + baseRepository + ":1.0", base.digest());
    String basePage = "https://arca.example.org/cite/" + baseRepository + "@" + base.digest();
    Await.until(Duration.ofSeconds(30), "the base image link", () -> Jsoup.parse(negotiate("/cite/" + built + "@"
        + image.digest(), "text/html").text()).select("#provenance a").eachAttr("href").contains(basePage));
    for (String href : Jsoup.parse(negotiate("/cite/" + built + "@" + image.digest(), "text/html").text())
        .select("#provenance a").eachAttr("href")) {
      if (href.startsWith("https://arca.example.org/")) {
        negotiate(href.substring("https://arca.example.org".length()), "text/html");
      }
    }
  }

  @Test
  void unknownDoi_isAReadable404PageInABrowser_andAJsonErrorForScripts() throws Exception {
    Response page = client.get("/doi/10.5072/no-such-doi", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    assertEquals(404, page.status(), page::toString);
    assertTrue(page.header("Content-Type").orElseThrow().startsWith("text/html"), page::toString);
    Document html = Jsoup.parse(page.text());
    assertTrue(html.getElementById("message").text().contains("10.5072/no-such-doi"), html.text());
    assertEquals("/doi/10.5072/no-such-doi", html.getElementById("path").text());

    Response missingImage = client.get("/cite/" + repository + "@" + Digest.sha256(new byte[5]), "Accept",
        "text/html");
    assertEquals(404, missingImage.status(), missingImage::toString);
    assertTrue(missingImage.header("Content-Type").orElseThrow().startsWith("text/html"), missingImage::toString);

    for (String accept : List.of("application/json", "application/vnd.citationstyles.csl+json")) {
      Response script = client.get("/doi/10.5072/no-such-doi", "Accept", accept);
      assertEquals(404, script.status(), script::toString);
      assertEquals("MANIFEST_UNKNOWN", json(script).get("errors").get(0).get("code").asText(), script::toString);
    }
  }

  @Test
  void dataCiteXml_validatesAgainstTheDataCite46Schema() throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    Schema schema = factory.newSchema(shared("schemas/datacite-4.6/metadata.xsd").toFile());
    for (String path : List.of("/doi/" + doi, "/cite/" + repository + "@" + sif)) {
      Response xml = negotiate(path, "application/vnd.datacite.datacite+xml");
      assertEquals("application/vnd.datacite.datacite+xml", xml.header("Content-Type").orElseThrow());
      schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(xml.body())));
    }
    assertTrue(negotiate("/doi/" + doi, "application/vnd.datacite.datacite+xml").text()
        .contains(doi.toUpperCase(java.util.Locale.ROOT).substring(0, 8)));
  }

  @Test
  void cslJson_parsesBackWithCiteproc() throws Exception {
    Response csl = negotiate("/doi/" + doi, "application/vnd.citationstyles.csl+json");
    Map<String, Object> one = new ObjectMapper().readValue(csl.body(), new TypeReference<>() {});
    CSLItemData item = CSLItemData.fromJson(one);
    assertEquals(CSLType.SOFTWARE, item.getType());
    assertEquals("Variant caller", item.getTitle());
    assertEquals("https://arca.example.org/doi/" + doi, item.getURL()); // not registered: no DOI to resolve
    assertEquals("Doe", item.getAuthor()[0].getFamily());
    assertEquals("2.1.0", item.getVersion());
  }

  @Test
  void bibtex_parsesBackWithJbibtex() throws Exception {
    Response bib = negotiate("/doi/" + doi, "application/x-bibtex");
    BibTeXDatabase database = new BibTeXParser().parse(new StringReader(bib.text()));
    BibTeXEntry entry = database.getEntries().values().iterator().next();
    assertEquals("https://arca.example.org/doi/" + doi, entry.getField(BibTeXEntry.KEY_URL).toUserString());
    assertTrue(entry.getField(BibTeXEntry.KEY_TITLE).toUserString().contains("Variant caller"));
  }

  @Test
  void everyOtherFormat_isAnsweredOnTheSameUrl() throws Exception {
    assertTrue(negotiate("/doi/" + doi, "application/x-research-info-systems").text().startsWith("TY  - COMP"));
    JsonNode dataCite = json(negotiate("/doi/" + doi, "application/vnd.datacite.datacite+json"));
    assertTrue(dataCite.get("publisher").toString().contains("Example University Library"), dataCite.toString());
    assertEquals("Variant caller", dataCite.get("titles").get(0).get("title").asText());
    JsonNode schemaOrg = json(negotiate("/doi/" + doi, "application/vnd.schemaorg.ld+json"));
    assertEquals("SoftwareApplication", schemaOrg.get("@type").asText());
    for (String style : List.of("apa", "chicago", "harvard")) {
      String text = negotiate("/doi/" + doi, "text/x-bibliography; style=" + style).text();
      assertTrue(text.toLowerCase(java.util.Locale.ROOT).contains("variant caller") && text.contains(doi),
          style + ": " + text);
    }
    String byQuery = negotiate("/doi/" + doi + "?format=text&style=ieee", "*/*").text();
    assertTrue(byQuery.startsWith("J. Doe"), byQuery); // IEEE abbreviates given names
    Response unknownStyle = client.get("/doi/" + doi, "Accept", "text/x-bibliography; style=no-such-style");
    assertEquals(400, unknownStyle.status(), unknownStyle::toString);
    assertEquals(406, client.get("/doi/" + doi, "Accept", "image/png").status());

    Response cff = negotiate("/doi/" + doi + "/CITATION.cff", "*/*");
    assertEquals("attachment; filename=\"CITATION.cff\"", cff.header("Content-Disposition").orElseThrow());
    JsonNode parsed = new ObjectMapper(new YAMLFactory()).readTree(cff.body());
    assertEquals("1.2.0", parsed.get("cff-version").asText());
    assertTrue(parsed.get("identifiers").toString().contains(doi), parsed.toString());
  }

  @Test
  void imageWithoutDoi_isCitedByItsDigestUrlInEveryFormat() throws Exception {
    String other = repository("lab");
    Image plain = PreservationFixtures.pushImage(client, other, "0.1", "Draft analysis");
    String path = "/cite/" + other + "@" + plain.digest();
    String url = "https://arca.example.org" + path;
    Document page = Jsoup.parse(negotiate(path, "text/html").text());
    assertEquals("Draft analysis", page.getElementById("title").text());
    assertTrue(page.getElementById("citation").text().contains(url), page.getElementById("citation").text());
    JsonNode csl = json(negotiate(path, "application/vnd.citationstyles.csl+json"));
    assertEquals(url, csl.get("URL").asText());
    assertTrue(negotiate(path, "application/x-bibtex").text().contains(url));
    assertTrue(negotiate(path, "application/x-research-info-systems").text().contains(url));
    assertTrue(negotiate(path, "text/x-bibliography; style=apa").text().contains(url));
    assertTrue(negotiate(path + "/CITATION.cff", "*/*").text().contains(plain.digest().toString()));
    assertEquals(404, client.get("/cite/" + other + "@" + Digest.sha256(new byte[3])).status());
  }

  @Test
  void sif_landingPage_offersApptainerAndTheDownload() {
    Document page = Jsoup.parse(negotiate("/cite/" + repository + "@" + sif, "text/html").text());
    List<String> pulls = page.select("pre.pull").eachText();
    assertEquals(List.of("apptainer pull oras://arca.example.org/sif/" + repository + "@" + sif), pulls);
    assertTrue(page.getElementById("title").text().endsWith("(SIF)"), page.getElementById("title").text());
  }

  static Path shared(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve(relative);
      if (java.nio.file.Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/" + relative + " not found: the shared folder lies beside the repository");
  }
}
