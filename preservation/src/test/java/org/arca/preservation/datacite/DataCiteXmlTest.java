package org.arca.preservation.datacite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPathFactory;
import org.arca.core.registry.AccountProfiles.AccountProfile;
import org.arca.preservation.SampleRecords;
import org.arca.preservation.metadata.MetadataOverrides;
import org.arca.preservation.SharedFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

class DataCiteXmlTest {
  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws SAXException {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    // local files only: the schema's includes are beside it, and a test never reaches the network
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    Path xsd = SharedFiles.resolve("schemas/datacite-4.6/metadata.xsd");
    schema = factory.newSchema(xsd.toFile());
  }

  private static void validate(byte[] xml) throws Exception {
    schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
  }

  @Test
  void officialFullExample_validatesAgainstSchema() throws Exception {
    // proves the validator itself is strict and working before trusting it with our output
    validate(java.nio.file.Files.readAllBytes(
        SharedFiles.resolve("schemas/datacite-4.6/example/datacite-example-full-v4.xml")));
  }

  @Test
  void fullRecord_isValidDataCite46() throws Exception {
    validate(new DataCiteXml().write(SampleRecords.full()));
  }

  @Test
  void recordFromBioContainersLabelsAndAnAccountProfile_isValidDataCite46() throws Exception {
    var labels = new java.util.HashMap<>(SampleRecords.BIOCONTAINERS_LABELS);
    labels.remove("maintainer");
    labels.put("about.license", "GPL-3+ | BSDlike");
    var profile = new AccountProfile("alice", "Alice Smith", "0000-0002-1825-0097", false);
    var record = SampleRecords.builder().draft(SampleRecords.bioContainersFacts(labels, "alice", profile),
        MetadataOverrides.NONE).withDoi(SampleRecords.DOI);
    byte[] xml = new DataCiteXml().write(record);
    validate(xml);
    Document doc = parse(xml);
    var xpath = XPathFactory.newInstance().newXPath();
    assertEquals("Smith", xpath.evaluate("//*[local-name()='creator']/*[local-name()='familyName']", doc));
    assertEquals("https://orcid.org/0000-0002-1825-0097",
        xpath.evaluate("//*[local-name()='creator']/*[local-name()='nameIdentifier']", doc));
    assertEquals("BSDlike", xpath.evaluate("//*[local-name()='rights'][2]", doc));
    assertTrue(xpath.evaluate("//*[local-name()='description'][@descriptionType='Abstract']", doc)
        .startsWith("Burrow-Wheeler Aligner"));
  }

  @Test
  void minimalRecordWithoutDoi_isValidAndIdentifiedByRegistryUrl() throws Exception {
    byte[] xml = new DataCiteXml().write(SampleRecords.minimal());
    validate(xml);
    Document doc = parse(xml);
    var xpath = XPathFactory.newInstance().newXPath();
    assertEquals("URL", xpath.evaluate("/*/*[local-name()='identifier']/@identifierType", doc));
    assertEquals(SampleRecords.BASE_URL + "/cite/lab/analysis@" + SampleRecords.DIGEST,
        xpath.evaluate("/*/*[local-name()='identifier']", doc));
  }

  @Test
  void fullRecord_carriesRequiredPropertiesRelationsAndSpdxRights() throws Exception {
    Document doc = parse(new DataCiteXml().write(SampleRecords.full()));
    var xpath = XPathFactory.newInstance().newXPath();
    assertEquals("10.5072/ARCA-7QX3-K2M9", xpath.evaluate("//*[local-name()='identifier']", doc));
    assertEquals("Software", xpath.evaluate("//*[local-name()='resourceType']/@resourceTypeGeneral", doc));
    assertEquals("Container image", xpath.evaluate("//*[local-name()='resourceType']", doc));
    assertEquals("https://orcid.org/0000-0002-1825-0097",
        xpath.evaluate("//*[local-name()='nameIdentifier'][@nameIdentifierScheme='ORCID']", doc));
    assertEquals("https://orcid.org",
        xpath.evaluate("//*[local-name()='nameIdentifier']/@schemeURI", doc));
    assertEquals("https://spdx.org/licenses/MIT.html",
        xpath.evaluate("//*[local-name()='rights'][@rightsIdentifier='MIT']/@rightsURI", doc));
    assertEquals("SPDX", xpath.evaluate("//*[local-name()='rights'][1]/@rightsIdentifierScheme", doc));
    assertEquals(SampleRecords.DIGEST.toString(), xpath.evaluate(
        "//*[local-name()='alternateIdentifier'][@alternateIdentifierType='OCI manifest digest']", doc));
    for (String relation : new String[] {"IsDerivedFrom", "IsVersionOf", "IsSupplementTo", "IsCompiledBy",
        "IsOriginalFormOf"}) {
      assertTrue((Boolean) xpath.evaluate("count(//*[local-name()='relatedIdentifier'][@relationType='" + relation
          + "']) = 1", doc, javax.xml.xpath.XPathConstants.BOOLEAN), relation);
    }
    assertEquals("https://docker.io/library/debian@" + SampleRecords.BASE_DIGEST,
        xpath.evaluate("//*[local-name()='relatedIdentifier'][@relationType='IsDerivedFrom']", doc));
  }

  @Test
  void recordWithInvalidLanguage_isRejectedBySchema() {
    var m = SampleRecords.minimal();
    var broken = new org.arca.preservation.metadata.DoiMetadata(m.doi(), m.url(), m.creators(), m.titles(),
        m.publisher(), m.publicationYear(), m.resourceType(), m.subjects(), m.dates(), "not a language tag!",
        m.alternateIdentifiers(), m.relatedIdentifiers(), m.sizes(), m.formats(), m.version(), m.rights(),
        m.descriptions());
    assertThrows(SAXException.class, () -> validate(new DataCiteXml().write(broken)));
  }

  private static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  @SuppressWarnings("unused")
  private static String text(byte[] xml) {
    return new String(xml, StandardCharsets.UTF_8);
  }
}
