package org.arca.search.index;

import static org.arca.search.index.SearchFields.*;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.util.BytesRef;
import org.arca.search.image.FoundDocument;
import org.arca.search.image.ImageContent;
import org.arca.search.image.ImageRecord;
import org.arca.search.recipe.InstalledPackage;
import org.arca.search.recipe.Recipe;

/** Turns an {@link ImageRecord} into the Lucene document that represents it. */
public final class DocumentBuilder {
  /** Caps keep one huge image (thousands of packages, long READMEs) from dominating the index. */
  static final int MAX_DOCS_CHARS = 512 * 1024;
  static final int MAX_RECIPE_CHARS = 256 * 1024;

  /** Stored prose with offsets in the postings, so highlighting needs no second analysis of the text. */
  private static final FieldType HIGHLIGHTED_TEXT = highlightedText();

  private final FacetsConfig facets;

  private static FieldType highlightedText() {
    FieldType type = new FieldType(TextField.TYPE_STORED);
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    type.freeze();
    return type;
  }

  public DocumentBuilder(FacetsConfig facets) {
    this.facets = facets;
  }

  /** The facet dimensions and how each is counted. */
  public static FacetsConfig facetsConfig() {
    FacetsConfig config = new FacetsConfig();
    config.setMultiValued(FACET_LICENSE, true);
    config.setMultiValued(FACET_BASE, true);
    config.setMultiValued(FACET_ARCH, true);
    return config;
  }

  public Document build(ImageRecord image, long epoch) {
    ImageContent content = image.content();
    Document doc = new Document();
    String repository = image.key().repository().value();
    doc.add(new StringField(ID, image.key().id(), Field.Store.YES));
    doc.add(new StringField(REPOSITORY, repository, Field.Store.YES));
    doc.add(new StringField(NAMESPACE, image.key().repository().namespace(), Field.Store.NO));
    String prefix = "";
    for (String component : image.key().repository().components()) {
      prefix = prefix.isEmpty() ? component : prefix + "/" + component;
      doc.add(new StringField(REPO, prefix, Field.Store.NO));
    }
    doc.add(new TextField(REPO_TEXT, String.join(" ", image.key().repository().components()), Field.Store.NO));
    doc.add(new StringField(DIGEST, image.key().digest().toString(), Field.Store.YES));
    for (String tag : image.tags()) {
      doc.add(new StringField(TAG, tag.toLowerCase(Locale.ROOT), Field.Store.NO));
      doc.add(new StoredField(TAGS_STORED, tag));
    }
    for (String arch : content.architectures()) {
      doc.add(new StringField(ARCH, arch.toLowerCase(Locale.ROOT), Field.Store.NO));
      doc.add(new SortedSetDocValuesFacetField(FACET_ARCH, arch.toLowerCase(Locale.ROOT)));
    }
    for (String platform : content.platforms()) {
      doc.add(new StringField(PLATFORM, platform.toLowerCase(Locale.ROOT), Field.Store.NO));
    }
    doc.add(new LongPoint(SIZE, content.size()));
    doc.add(new StoredField(SIZE, content.size()));
    long pushed = image.pushedAt() == null ? 0 : image.pushedAt().toEpochMilli();
    doc.add(new LongPoint(PUSHED, pushed));
    doc.add(new NumericDocValuesField(PUSHED, pushed));
    doc.add(new LongPoint(EPOCH, epoch));
    for (String child : content.children()) {
      doc.add(new StringField(CHILD, child, Field.Store.NO));
    }
    for (String referrer : image.referrers()) {
      doc.add(new StringField(REFERRER, referrer, Field.Store.NO));
    }

    Labels labels = Labels.of(image);
    doc.add(new StoredField(TITLE, labels.title()));
    for (String name : labels.names()) {
      doc.add(new TextField(NAME, name, Field.Store.NO));
      doc.add(new StringField(NAME_EXACT, name.toLowerCase(Locale.ROOT), Field.Store.NO));
      doc.add(new StringField(SUGGEST, name.toLowerCase(Locale.ROOT), Field.Store.NO));
    }
    for (String version : labels.versions()) {
      doc.add(new StringField(VERSION, version.toLowerCase(Locale.ROOT), Field.Store.NO));
    }
    for (String tag : image.tags()) {
      doc.add(new StringField(VERSION, tag.toLowerCase(Locale.ROOT), Field.Store.NO));
    }
    if (labels.summary() != null) {
      doc.add(new Field(SUMMARY, labels.summary(), HIGHLIGHTED_TEXT));
    }
    for (String description : labels.descriptions()) {
      doc.add(new Field(DESCRIPTION, description, HIGHLIGHTED_TEXT));
    }
    for (String keyword : labels.keywords()) {
      doc.add(new TextField(KEYWORDS, keyword, Field.Store.NO));
    }
    for (Map.Entry<String, String> label : labels.all().entrySet()) {
      String key = label.getKey().toLowerCase(Locale.ROOT);
      doc.add(new StringField(LABEL_KEY, key, Field.Store.NO));
      doc.add(new StringField(LABEL, key + "=" + label.getValue().strip().toLowerCase(Locale.ROOT), Field.Store.NO));
      doc.add(new TextField(LABEL_TEXT, label.getValue(), Field.Store.NO));
    }
    Set<String> licenses = new LinkedHashSet<>();
    for (String licenseLabel : labels.licenses()) {
      licenses.addAll(LicenseNames.identifiers(licenseLabel));
    }
    for (String license : licenses) {
      for (String term : LicenseNames.terms(license)) {
        doc.add(new StringField(LICENSE, term, Field.Store.NO));
      }
      doc.add(new SortedSetDocValuesFacetField(FACET_LICENSE, license));
    }
    List<String> bases = labels.baseImages();
    for (int i = 0; i < bases.size(); i++) {
      for (String term : BaseImageNames.terms(bases.get(i))) {
        doc.add(new StringField(BASE, term, Field.Store.NO));
      }
      if (i == 0) {
        doc.add(new SortedSetDocValuesFacetField(FACET_BASE, BaseImageNames.normalize(bases.get(0))));
      }
    }

    Set<String> packageTerms = new LinkedHashSet<>();
    Set<String> packageNames = new LinkedHashSet<>();
    List<InstalledPackage> packages = new ArrayList<>(content.packages());
    image.recipes().forEach(recipe -> packages.addAll(recipe.packages()));
    for (InstalledPackage p : packages) {
      packageTerms.addAll(PackageTerms.of(p));
      packageNames.add(p.name());
    }
    for (String term : packageTerms) {
      doc.add(new StringField(PACKAGE, term, Field.Store.NO));
    }
    doc.add(new TextField(PACKAGE_TEXT, String.join(" ", packageNames), Field.Store.NO));

    for (String entry : content.history()) {
      doc.add(new TextField(BUILD, entry, Field.Store.NO));
    }
    int docsChars = 0;
    for (FoundDocument found : content.documents()) {
      if (docsChars >= MAX_DOCS_CHARS) {
        break;
      }
      String text = found.text().length() > MAX_DOCS_CHARS - docsChars
          ? found.text().substring(0, MAX_DOCS_CHARS - docsChars) : found.text();
      docsChars += text.length();
      doc.add(new TextField(DOCS, text, Field.Store.NO));
    }
    for (Recipe recipe : image.recipes()) {
      doc.add(new StringField(RECIPE_KIND, recipe.kind().shortName(), Field.Store.NO));
      String text = recipe.text() == null ? "" : recipe.text();
      doc.add(new TextField(BUILD, text.length() > MAX_RECIPE_CHARS ? text.substring(0, MAX_RECIPE_CHARS) : text,
          Field.Store.NO));
    }

    boolean hasDoi = image.flags().hasDoi();
    boolean hasSif = image.flags().hasSif();
    boolean vetted = image.flags().vetted();
    if (hasDoi) {
      doc.add(new StringField(HAS, "doi", Field.Store.NO));
      doc.add(new StoredField(DOI_STORED, image.flags().doi()));
      if (image.flags().citedTag() != null) {
        doc.add(new StoredField(CITED_TAG, image.flags().citedTag()));
      }
    }
    if (hasSif) {
      doc.add(new StringField(HAS, "sif", Field.Store.NO));
    }
    if (vetted) {
      doc.add(new StringField(HAS, "vetted", Field.Store.NO));
    }
    if (!image.recipes().isEmpty()) {
      doc.add(new StringField(HAS, "recipe", Field.Store.NO));
    }
    doc.add(new SortedSetDocValuesFacetField(FACET_DOI, Boolean.toString(hasDoi)));
    doc.add(new SortedSetDocValuesFacetField(FACET_SIF, Boolean.toString(hasSif)));
    doc.add(new SortedSetDocValuesFacetField(FACET_VETTED, Boolean.toString(vetted)));
    if (image.flags().withdrawn()) {
      doc.add(new StringField(WITHDRAWN, "true", Field.Store.NO));
    }

    doc.add(new StoredField(SOURCE, new BytesRef(new StoredImage(image.pushedAt(), content).toBytes())));
    try {
      return facets.build(doc);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
