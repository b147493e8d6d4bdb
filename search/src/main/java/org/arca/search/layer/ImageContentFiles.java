package org.arca.search.layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.arca.search.image.FoundDocument;
import org.arca.search.recipe.InstalledPackage;

/**
 * The files search reads in an image: package databases (dpkg, apk, conda, Python, R) and documentation (READMEs,
 * licences, Debian copyright files), the latter capped in number since a large image has thousands of them.
 */
public final class ImageContentFiles implements FileFactReader {
  private static final Pattern CONDA_META = Pattern.compile("(.*/)?conda-meta/[^/]+\\.json");
  private static final Pattern PYTHON_METADATA = Pattern.compile(".*\\.(dist-info/METADATA|egg-info/PKG-INFO)");
  private static final Pattern R_DESCRIPTION = Pattern.compile(".*/(library|site-library)/[^/]+/DESCRIPTION");
  private static final Pattern DEBIAN_COPYRIGHT = Pattern.compile("usr/share/doc/[^/]+/copyright");
  private static final Pattern README_OR_LICENSE =
      Pattern.compile("(readme|license|licence|copying)(\\.(md|markdown|txt|rst|html?))?", Pattern.CASE_INSENSITIVE);
  /** Trees of language packages hold thousands of READMEs that describe dependencies, not the image. */
  private static final Pattern DEPENDENCY_TREE =
      Pattern.compile(".*/(node_modules|site-packages|dist-packages|pkgs|gems|vendor|\\.cache)/.*");

  private final DocumentationExtractor documents;
  private final int maxDocuments;
  private int documentCount;

  public ImageContentFiles(DocumentationExtractor documents, int maxDocuments) {
    this.documents = documents;
    this.maxDocuments = maxDocuments;
  }

  @Override
  public boolean wants(String path) {
    return isPackageDatabase(path) || documentCount < maxDocuments && isDocumentation(path);
  }

  @Override
  public FileFact read(String path, InputStream in, long size) throws IOException {
    if (isPackageDatabase(path)) {
      List<InstalledPackage> packages = packages(path, in);
      return packages.isEmpty() ? null : new FileFact.Packages(packages);
    }
    FoundDocument document = documents.extract(path, in);
    if (document == null) {
      return null;
    }
    documentCount++;
    return new FileFact.Document(document);
  }

  private static List<InstalledPackage> packages(String path, InputStream in) throws IOException {
    if (path.equals("var/lib/dpkg/status") || path.startsWith("var/lib/dpkg/status.d/")) {
      return PackageDatabases.dpkgStatus(in);
    }
    if (path.equals("lib/apk/db/installed")) {
      return PackageDatabases.apkInstalled(in);
    }
    if (CONDA_META.matcher(path).matches()) {
      return PackageDatabases.condaMeta(in);
    }
    if (PYTHON_METADATA.matcher(path).matches()) {
      return PackageDatabases.pythonMetadata(in);
    }
    return PackageDatabases.rDescription(in);
  }

  static boolean isPackageDatabase(String path) {
    return path.equals("var/lib/dpkg/status")
        || path.startsWith("var/lib/dpkg/status.d/") && !path.endsWith(".md5sums")
        || path.equals("lib/apk/db/installed")
        || path.endsWith(".json") && CONDA_META.matcher(path).matches()
        || (path.endsWith("/METADATA") || path.endsWith("/PKG-INFO")) && PYTHON_METADATA.matcher(path).matches()
        || path.endsWith("/DESCRIPTION") && R_DESCRIPTION.matcher(path).matches();
  }

  static boolean isDocumentation(String path) {
    if (path.endsWith("/copyright")) {
      return DEBIAN_COPYRIGHT.matcher(path).matches();
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    return README_OR_LICENSE.matcher(name).matches() && !DEPENDENCY_TREE.matcher("/" + path).matches()
        && !path.toLowerCase(Locale.ROOT).startsWith("proc/");
  }
}
