package org.arca.preservation.datacite;

import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.arca.preservation.metadata.Affiliation;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.NameIdentifier;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes a record as DataCite Metadata Schema 4.6 XML ({@code application/vnd.datacite.datacite+xml}). A record
 * without a DOI is written with its registry URL as identifier ({@code identifierType="URL"}): valid against the
 * schema and self-describing in an archive, though DataCite itself registers DOIs only.
 *
 * @see <a href="https://schema.datacite.org/meta/kernel-4.6/metadata.xsd">metadata.xsd 4.6</a>
 */
public final class DataCiteXml {
  public static final String MEDIA_TYPE = "application/vnd.datacite.datacite+xml";
  public static final String NAMESPACE = "http://datacite.org/schema/kernel-4";
  public static final String SCHEMA_LOCATION = NAMESPACE + " https://schema.datacite.org/meta/kernel-4.6/metadata.xsd";
  private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

  public byte[] write(DoiMetadata m) {
    Document doc = newDocument();
    Element resource = doc.createElementNS(NAMESPACE, "resource");
    resource.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xsi", XSI);
    resource.setAttributeNS(XSI, "xsi:schemaLocation", SCHEMA_LOCATION);
    doc.appendChild(resource);

    Element identifier = child(resource, "identifier", m.doi() != null ? m.doi().toString().toUpperCase(java.util.Locale.ROOT) : m.url());
    identifier.setAttribute("identifierType", m.doi() != null ? "DOI" : "URL");

    Element creators = child(resource, "creators", null);
    for (Creator c : m.creators()) {
      Element creator = child(creators, "creator", null);
      Element name = child(creator, "creatorName", c.name());
      if (c.nameType() != null) {
        name.setAttribute("nameType", c.nameType().value());
      }
      if (c.givenName() != null) {
        child(creator, "givenName", c.givenName());
      }
      if (c.familyName() != null) {
        child(creator, "familyName", c.familyName());
      }
      for (NameIdentifier id : c.nameIdentifiers()) {
        Element e = child(creator, "nameIdentifier", id.identifier());
        e.setAttribute("nameIdentifierScheme", id.scheme());
        attribute(e, "schemeURI", id.schemeUri());
      }
      affiliations(creator, c.affiliations());
    }

    Element titles = child(resource, "titles", null);
    m.titles().forEach(t -> {
      Element e = child(titles, "title", t.title());
      if (t.type() != null) {
        e.setAttribute("titleType", t.type().value());
      }
      if (t.lang() != null) {
        e.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", t.lang());
      }
    });
    child(resource, "publisher", m.publisher());
    child(resource, "publicationYear", Integer.toString(m.publicationYear()));
    Element type = child(resource, "resourceType", m.resourceType().specific());
    type.setAttribute("resourceTypeGeneral", m.resourceType().general().value());

    if (!m.subjects().isEmpty()) {
      Element subjects = child(resource, "subjects", null);
      m.subjects().forEach(s -> {
        Element e = child(subjects, "subject", s.subject());
        attribute(e, "subjectScheme", s.scheme());
        attribute(e, "schemeURI", s.schemeUri());
        attribute(e, "valueURI", s.valueUri());
      });
    }
    if (!m.dates().isEmpty()) {
      Element dates = child(resource, "dates", null);
      m.dates().forEach(d -> {
        Element e = child(dates, "date", d.date());
        e.setAttribute("dateType", d.type().value());
        attribute(e, "dateInformation", d.information());
      });
    }
    if (m.language() != null) {
      child(resource, "language", m.language());
    }
    if (!m.alternateIdentifiers().isEmpty()) {
      Element alternates = child(resource, "alternateIdentifiers", null);
      m.alternateIdentifiers().forEach(a ->
          child(alternates, "alternateIdentifier", a.identifier()).setAttribute("alternateIdentifierType", a.type()));
    }
    if (!m.relatedIdentifiers().isEmpty()) {
      Element related = child(resource, "relatedIdentifiers", null);
      m.relatedIdentifiers().forEach(r -> {
        Element e = child(related, "relatedIdentifier", r.identifier());
        e.setAttribute("relatedIdentifierType", r.identifierType().value());
        e.setAttribute("relationType", r.relationType().value());
        if (r.resourceTypeGeneral() != null) {
          e.setAttribute("resourceTypeGeneral", r.resourceTypeGeneral().value());
        }
      });
    }
    list(resource, "sizes", "size", m.sizes());
    list(resource, "formats", "format", m.formats());
    if (m.version() != null) {
      child(resource, "version", m.version());
    }
    if (!m.rights().isEmpty()) {
      Element rightsList = child(resource, "rightsList", null);
      m.rights().forEach(r -> {
        Element e = child(rightsList, "rights", r.rights());
        attribute(e, "rightsURI", r.rightsUri());
        attribute(e, "rightsIdentifier", r.rightsIdentifier());
        attribute(e, "rightsIdentifierScheme", r.rightsIdentifierScheme());
        attribute(e, "schemeURI", r.schemeUri());
      });
    }
    if (!m.descriptions().isEmpty()) {
      Element descriptions = child(resource, "descriptions", null);
      m.descriptions().forEach(d ->
          child(descriptions, "description", d.description()).setAttribute("descriptionType", d.type().value()));
    }
    return serialise(doc);
  }

  private static void affiliations(Element parent, List<Affiliation> affiliations) {
    for (Affiliation a : affiliations) {
      Element e = child(parent, "affiliation", a.name());
      attribute(e, "affiliationIdentifier", a.identifier());
      attribute(e, "affiliationIdentifierScheme", a.scheme());
      attribute(e, "schemeURI", a.schemeUri());
    }
  }

  private static void list(Element parent, String wrapper, String item, List<String> values) {
    if (!values.isEmpty()) {
      Element e = child(parent, wrapper, null);
      values.forEach(v -> child(e, item, v));
    }
  }

  private static Element child(Element parent, String name, String text) {
    Element e = parent.getOwnerDocument().createElementNS(NAMESPACE, name);
    if (text != null) {
      e.setTextContent(text);
    }
    parent.appendChild(e);
    return e;
  }

  private static void attribute(Element e, String name, String value) {
    if (value != null) {
      e.setAttribute(name, value);
    }
  }

  private static Document newDocument() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return factory.newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser is not configurable", e);
    }
  }

  private static byte[] serialise(Document doc) {
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer transformer = factory.newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.setOutputProperty(OutputKeys.INDENT, "yes");
      transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      transformer.transform(new DOMSource(doc), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot serialise DataCite XML", e);
    }
  }
}
