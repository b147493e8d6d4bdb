package org.arca.preservation.citation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import de.undercouch.citeproc.csl.CSLItemData;
import de.undercouch.citeproc.csl.CSLType;
import de.undercouch.citeproc.ris.RISLibrary;
import de.undercouch.citeproc.ris.RISParser;
import de.undercouch.citeproc.ris.RISReference;
import de.undercouch.citeproc.ris.RISType;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.arca.core.image.OciJson;
import org.arca.preservation.SampleRecords;
import org.arca.preservation.datacite.DataCiteJson;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.MetadataOverrides;
import org.arca.preservation.metadata.NameIdentifier;
import org.arca.preservation.metadata.NameType;
import org.jbibtex.BibTeXDatabase;
import org.jbibtex.BibTeXEntry;
import org.jbibtex.BibTeXParser;
import org.jbibtex.Key;
import org.junit.jupiter.api.Test;

class CitationFormatsTest {
  private final Citations citations = new Citations();

  private String render(DoiMetadata m, CitationFormat format) {
    return citations.render(m, format, null, null).text();
  }

  @Test
  void cslJson_parsesBackWithCiteprocAsSoftwareWithDoi() throws Exception {
    Map<String, Object> json = OciJson.MAPPER.readValue(render(SampleRecords.full(), CitationFormat.CSL_JSON),
        new TypeReference<>() {});
    CSLItemData item = CSLItemData.fromJson(json);
    assertEquals(CSLType.SOFTWARE, item.getType());
    assertEquals("Samtools", item.getTitle());
    assertEquals("Doe", item.getAuthor()[0].getFamily());
    assertEquals("Jane", item.getAuthor()[0].getGiven());
    assertEquals("Samtools Developers", item.getAuthor()[1].getLiteral());
    assertEquals(2026, item.getIssued().getDateParts()[0][0]);
    assertEquals("10.5072/arca-7qx3-k2m9", item.getDOI());
    assertEquals("1.19.2", item.getVersion());
    assertEquals("Arca Test Archive", item.getPublisher());
  }

  @Test
  void cslJson_withoutDoi_identifiesByDigestAndRegistryUrl() throws Exception {
    JsonNode item = OciJson.MAPPER.readTree(render(SampleRecords.minimal(), CitationFormat.CSL_JSON));
    assertTrue(item.isObject(), item::toString);
    assertEquals(SampleRecords.DIGEST.toString(), item.get("id").asText());
    assertNull(item.get("DOI"));
    assertEquals("https://arca.example.org/cite/lab/analysis@" + SampleRecords.DIGEST, item.get("URL").asText());
  }

  @Test
  void bibtex_parsesBackWithJbibtexAsSoftwareEntry() throws Exception {
    String bib = render(SampleRecords.full(), CitationFormat.BIBTEX);
    BibTeXDatabase db = new BibTeXParser().parse(new StringReader(bib));
    assertEquals(1, db.getEntries().size());
    BibTeXEntry entry = db.getEntries().values().iterator().next();
    assertEquals("software", entry.getType().getValue());
    assertEquals("doe2026samtools", entry.getKey().getValue());
    assertEquals("Doe, Jane and {Samtools Developers}", entry.getField(BibTeXEntry.KEY_AUTHOR).toUserString());
    assertEquals("{Samtools}", entry.getField(BibTeXEntry.KEY_TITLE).toUserString());
    assertEquals("2026", entry.getField(BibTeXEntry.KEY_YEAR).toUserString());
    assertEquals("10.5072/arca-7qx3-k2m9", entry.getField(BibTeXEntry.KEY_DOI).toUserString());
    assertEquals("1.19.2", entry.getField(new Key("version")).toUserString());
    assertTrue(entry.getField(new Key("note")).toUserString().contains(SampleRecords.DIGEST.toString()));
  }

  @Test
  void bibtexMisc_withoutDoi_carriesUrlWithDigestAndEscapesLatex() throws Exception {
    String bib = new String(new BibTex(BibTex.EntryType.MISC).write(SampleRecords.builder().draft(
        SampleRecords.labelledFacts(), new org.arca.preservation.metadata.MetadataOverrides("R & D: 100% {raw}_data",
            null, null, null, null, null, null, null, null, null, null, null, null))), StandardCharsets.UTF_8);
    BibTeXEntry entry = new BibTeXParser().parse(new StringReader(bib)).getEntries().values().iterator().next();
    assertEquals("misc", entry.getType().getValue());
    assertEquals("{R \\& D: 100\\% \\{raw\\}\\_data}", entry.getField(BibTeXEntry.KEY_TITLE).toUserString());
    assertNull(entry.getField(BibTeXEntry.KEY_DOI));
    assertEquals("https://arca.example.org/cite/biocontainers/samtools@" + SampleRecords.DIGEST,
        entry.getField(BibTeXEntry.KEY_URL).toUserString());
  }

  @Test
  void ris_parsesBackWithCiteprocAsComputerProgram() throws Exception {
    String ris = render(SampleRecords.full(), CitationFormat.RIS);
    assertTrue(ris.startsWith("TY  - COMP\r\n"));
    assertTrue(ris.endsWith("ER  - \r\n"));
    RISLibrary library = new RISParser().parse(new StringReader(ris));
    RISReference ref = library.getReferences().get(0);
    assertEquals(RISType.COMP, ref.getType());
    assertEquals("Samtools", ref.getTitle());
    assertEquals(List.of("Doe, Jane", "Samtools Developers"), List.of(ref.getAuthors()));
    assertEquals("2026", ref.getYear());
    assertEquals("10.5072/arca-7qx3-k2m9", ref.getDOI());
    assertEquals("https://doi.org/10.5072/arca-7qx3-k2m9", ref.getURL());
  }

  @Test
  void schemaOrg_isSoftwareApplicationWithIdentifiersAuthorsAndLicence() throws Exception {
    JsonNode ld = OciJson.MAPPER.readTree(render(SampleRecords.full(), CitationFormat.SCHEMA_ORG));
    assertEquals("https://schema.org", ld.get("@context").asText());
    assertEquals("SoftwareApplication", ld.get("@type").asText());
    assertEquals("https://doi.org/10.5072/arca-7qx3-k2m9", ld.get("@id").asText());
    assertEquals("DOI", ld.get("identifier").get(0).get("propertyID").asText());
    assertEquals(SampleRecords.DIGEST.toString(), ld.get("identifier").get(1).get("value").asText());
    assertEquals("1.19.2", ld.get("softwareVersion").asText());
    JsonNode jane = ld.get("author").get(0);
    assertEquals("Person", jane.get("@type").asText());
    assertEquals("https://orcid.org/0000-0002-1825-0097", jane.get("@id").asText());
    assertEquals("Organization", ld.get("author").get(1).get("@type").asText());
    assertEquals("https://spdx.org/licenses/MIT.html", ld.get("license").get(0).asText());
    assertEquals("https://docker.io/library/debian@" + SampleRecords.BASE_DIGEST,
        ld.get("isBasedOn").get(0).get("@id").asText());
    assertEquals("https://doi.org/" + SampleRecords.CONCEPT, ld.get("isPartOf").get(0).get("@id").asText());
  }

  @Test
  void citationCff_isCff120WithAuthorsOrcidDoiAndDigest() throws Exception {
    RenderedCitation cff = citations.render(SampleRecords.full(), CitationFormat.CITATION_CFF, null, null);
    assertEquals("CITATION.cff", cff.fileName());
    JsonNode y = CitationCff.YAML.readTree(cff.body());
    assertEquals("1.2.0", y.get("cff-version").asText());
    assertEquals("software", y.get("type").asText());
    assertFalse(y.get("message").asText().isBlank());
    assertEquals("Samtools", y.get("title").asText());
    assertEquals("10.5072/arca-7qx3-k2m9", y.get("doi").asText());
    assertEquals("Doe", y.get("authors").get(0).get("family-names").asText());
    assertEquals("https://orcid.org/0000-0002-1825-0097", y.get("authors").get(0).get("orcid").asText());
    assertEquals("University of Example", y.get("authors").get(0).get("affiliation").asText());
    assertEquals("Samtools Developers", y.get("authors").get(1).get("name").asText());
    assertEquals("2026-03-14", y.get("date-released").asText());
    assertEquals("1.19.2", y.get("version").asText());
    assertTrue(y.get("version").isTextual());
    assertEquals(3, y.get("license").size());
    assertEquals(SampleRecords.DIGEST.toString(), y.get("identifiers").get(2).get("value").asText());
  }

  @Test
  void citationCff_withoutDoi_hasNoDoiButUrlIdentifier() throws Exception {
    JsonNode y = CitationCff.YAML.readTree(citations.render(SampleRecords.minimal(), CitationFormat.CITATION_CFF,
        null, null).body());
    assertNull(y.get("doi"));
    assertEquals("url", y.get("identifiers").get(0).get("type").asText());
    assertEquals("Arca Test Archive", y.get("authors").get(0).get("name").asText());
  }

  @Test
  void dataCiteJson_roundTripsThroughReader() {
    DoiMetadata full = SampleRecords.full();
    DataCiteJson json = new DataCiteJson();
    assertEquals(full, json.read(json.attributes(full)));
    DoiMetadata minimal = SampleRecords.minimal();
    assertEquals(minimal, json.read(json.attributes(minimal)));
  }

  @Test
  void cslJson_listAskedFor_isAnArrayOfTheOneItem() throws Exception {
    JsonNode items = OciJson.MAPPER.readTree(citations.render(SampleRecords.full(), CitationFormat.CSL_JSON, null,
        null, true).body());
    assertTrue(items.isArray(), items::toString);
    assertEquals(1, items.size());
    assertEquals("10.5072/arca-7qx3-k2m9", items.get(0).get("DOI").asText());
  }

  /** The record of an image whose only creator was given as {@code {"name": "Doe, Jane", "orcid": ...}}. */
  private static DoiMetadata familyCommaGiven(String orcid) {
    Creator named = new Creator("Doe, Jane", null, null, null,
        orcid == null ? List.of() : List.of(NameIdentifier.orcid(orcid)), List.of());
    return SampleRecords.builder().draft(SampleRecords.labelledFacts(), new MetadataOverrides(null, null,
        List.of(named), null, null, null, null, null, null, null, null, null, null)).withDoi(SampleRecords.DOI);
  }

  @Test
  void familyCommaGivenName_isCitedAsAPersonInEveryFormat() throws Exception {
    DoiMetadata m = familyCommaGiven(null);
    BibTeXEntry bib = new BibTeXParser().parse(new StringReader(render(m, CitationFormat.BIBTEX))).getEntries()
        .values().iterator().next();
    assertEquals("Doe, Jane", bib.getField(BibTeXEntry.KEY_AUTHOR).toUserString()); // no {{Doe, Jane}}
    JsonNode csl = OciJson.MAPPER.readTree(render(m, CitationFormat.CSL_JSON)).get("author").get(0);
    assertEquals("Doe", csl.get("family").asText());
    assertEquals("Jane", csl.get("given").asText());
    assertNull(csl.get("literal"), csl::toString);
    RISReference ris = new RISParser().parse(new StringReader(render(m, CitationFormat.RIS))).getReferences().get(0);
    assertEquals(List.of("Doe, Jane"), List.of(ris.getAuthors()));
    JsonNode cff = CitationCff.YAML.readTree(render(m, CitationFormat.CITATION_CFF)).get("authors").get(0);
    assertEquals("Doe", cff.get("family-names").asText());
    assertEquals("Jane", cff.get("given-names").asText());
    JsonNode person = OciJson.MAPPER.readTree(render(m, CitationFormat.SCHEMA_ORG)).get("author").get(0);
    assertEquals("Person", person.get("@type").asText());
    assertEquals("Jane", person.get("givenName").asText());
    assertTrue(render(m, CitationFormat.BIBLIOGRAPHY).startsWith("Doe, J. (2026)."),
        render(m, CitationFormat.BIBLIOGRAPHY));
    String xml = render(m, CitationFormat.DATACITE_XML);
    assertTrue(xml.contains("<creatorName nameType=\"Personal\">Doe, Jane</creatorName>"), xml);
    assertTrue(xml.contains("<familyName>Doe</familyName>"), xml);
  }

  @Test
  void familyCommaGivenNameWithOrcid_carriesTheOrcidWhereTheFormatHasOne() throws Exception {
    DoiMetadata m = familyCommaGiven("0000-0002-1825-0097");
    JsonNode cff = CitationCff.YAML.readTree(render(m, CitationFormat.CITATION_CFF)).get("authors").get(0);
    assertEquals("Doe", cff.get("family-names").asText());
    assertEquals("https://orcid.org/0000-0002-1825-0097", cff.get("orcid").asText());
    JsonNode person = OciJson.MAPPER.readTree(render(m, CitationFormat.SCHEMA_ORG)).get("author").get(0);
    assertEquals("https://orcid.org/0000-0002-1825-0097", person.get("@id").asText());
    assertTrue(render(m, CitationFormat.DATACITE_XML).contains("nameIdentifierScheme=\"ORCID\""));
    JsonNode csl = OciJson.MAPPER.readTree(render(m, CitationFormat.CSL_JSON)).get("author").get(0);
    assertEquals("Doe", csl.get("family").asText());
  }

  @Test
  void organisationNameWithComma_staysOneCorporateAuthor() throws Exception {
    Creator berkeley = new Creator("University of California, Berkeley", NameType.ORGANIZATIONAL, null, null,
        List.of(), List.of());
    DoiMetadata m = SampleRecords.builder().draft(SampleRecords.labelledFacts(), new MetadataOverrides(null, null,
        List.of(berkeley), null, null, null, null, null, null, null, null, null, null));
    assertTrue(render(m, CitationFormat.BIBTEX).contains("author = {{University of California, Berkeley}}"));
    assertEquals("University of California, Berkeley", OciJson.MAPPER.readTree(render(m, CitationFormat.CSL_JSON))
        .get("author").get(0).get("literal").asText());
  }

  @Test
  void unregisteredDoi_isCitedByItsLandingPageAndNeverAsADoiOrgLink() throws Exception {
    String landing = SampleRecords.BASE_URL + "/doi/" + SampleRecords.DOI;
    DoiMetadata m = SampleRecords.full().withUrl(landing).withUnregisteredDoi();
    for (CitationFormat format : List.of(CitationFormat.BIBTEX, CitationFormat.CSL_JSON, CitationFormat.RIS,
        CitationFormat.SCHEMA_ORG, CitationFormat.CITATION_CFF, CitationFormat.BIBLIOGRAPHY)) {
      String text = render(m, format);
      assertFalse(text.contains("doi.org/" + SampleRecords.DOI), format + ": " + text);
      assertTrue(text.contains(landing), format + ": " + text);
    }
    BibTeXEntry bib = new BibTeXParser().parse(new StringReader(render(m, CitationFormat.BIBTEX))).getEntries()
        .values().iterator().next();
    assertNull(bib.getField(BibTeXEntry.KEY_DOI));
    assertEquals(landing, bib.getField(BibTeXEntry.KEY_URL).toUserString());
    assertTrue(bib.getField(new Key("note")).toUserString().contains("DOI " + SampleRecords.DOI
        + " is reserved by Arca Test Archive but not registered"), bib.getField(new Key("note")).toUserString());
    JsonNode csl = OciJson.MAPPER.readTree(render(m, CitationFormat.CSL_JSON));
    assertNull(csl.get("DOI"));
    assertEquals(landing, csl.get("URL").asText());
    assertTrue(csl.get("note").asText().contains("does not resolve at https://doi.org"), csl::toString);
    assertTrue(render(m, CitationFormat.CITATION_CFF).contains("value: " + SampleRecords.DOI));
  }

  @Test
  void formatNames_resolveMediaTypesAndShortNames() {
    assertEquals(CitationFormat.BIBTEX, CitationFormat.of("application/x-bibtex").orElseThrow());
    assertEquals(CitationFormat.CSL_JSON, CitationFormat.of("application/vnd.citationstyles.csl+json").orElseThrow());
    assertEquals(CitationFormat.BIBLIOGRAPHY, CitationFormat.of("text/x-bibliography; style=apa").orElseThrow());
    assertEquals(CitationFormat.CITATION_CFF, CitationFormat.of("cff").orElseThrow());
    assertEquals(CitationFormat.SCHEMA_ORG, CitationFormat.of("application/ld+json").orElseThrow());
    assertTrue(CitationFormat.of("application/pdf").isEmpty());
  }
}
