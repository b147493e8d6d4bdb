package org.arca.search.layer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.input.BoundedInputStream;
import org.arca.search.recipe.InstalledPackage;

/**
 * Parsers for the package databases package managers leave in an image. Each reads a stream line by line (or token
 * by token) and keeps only names and versions.
 */
public final class PackageDatabases {
  /** A conda-meta record lists every file of its package; the name and version come first, so stop reading early. */
  private static final long CONDA_META_MAX_BYTES = 4L << 20;
  /** Core metadata headers come first; a long description after them is not needed. */
  private static final long METADATA_MAX_BYTES = 256L << 10;
  private static final JsonFactory JSON = new JsonFactory();

  private PackageDatabases() {}

  /**
   * Debian's {@code /var/lib/dpkg/status} (and {@code status.d/*}): RFC 822 stanzas; only packages whose status says
   * they are installed count (removed ones leave a {@code config-files} stanza behind).
   */
  public static List<InstalledPackage> dpkgStatus(InputStream in) throws IOException {
    List<InstalledPackage> packages = new ArrayList<>();
    BufferedReader reader = reader(in);
    String name = null;
    String version = null;
    String status = null;
    String line;
    while (true) {
      line = reader.readLine();
      if (line == null || line.isEmpty()) {
        if (name != null && (status == null || status.endsWith(" installed"))) {
          packages.add(new InstalledPackage("deb", name, version));
        }
        name = version = status = null;
        if (line == null) {
          break;
        }
        continue;
      }
      if (line.startsWith("Package:")) {
        name = line.substring(8).strip();
      } else if (line.startsWith("Version:")) {
        version = line.substring(8).strip();
      } else if (line.startsWith("Status:")) {
        status = line.substring(7).strip();
      }
    }
    return packages;
  }

  /** Alpine's {@code /lib/apk/db/installed}: stanzas of {@code X:value} lines, P for the name, V for the version. */
  public static List<InstalledPackage> apkInstalled(InputStream in) throws IOException {
    List<InstalledPackage> packages = new ArrayList<>();
    BufferedReader reader = reader(in);
    String name = null;
    String version = null;
    while (true) {
      String line = reader.readLine();
      if (line == null || line.isEmpty()) {
        if (name != null) {
          packages.add(new InstalledPackage("apk", name, version));
        }
        name = version = null;
        if (line == null) {
          break;
        }
      } else if (line.startsWith("P:")) {
        name = line.substring(2).strip();
      } else if (line.startsWith("V:")) {
        version = line.substring(2).strip();
      }
    }
    return packages;
  }

  /** One {@code conda-meta/<name>-<version>-<build>.json} record: its top-level name and version. */
  public static List<InstalledPackage> condaMeta(InputStream in) throws IOException {
    String name = null;
    String version = null;
    try (JsonParser parser = JSON.createParser(bounded(in, CONDA_META_MAX_BYTES))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return List.of();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME && (name == null || version == null)) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING && field.equals("name")) {
          name = parser.getText();
        } else if (value == JsonToken.VALUE_STRING && field.equals("version")) {
          version = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // a truncated or odd record: keep what was read before the problem
    }
    return name == null ? List.of() : List.of(new InstalledPackage("conda", name, version));
  }

  /** Python core metadata ({@code *.dist-info/METADATA}, {@code *.egg-info/PKG-INFO}): Name and Version headers. */
  public static List<InstalledPackage> pythonMetadata(InputStream in) throws IOException {
    String[] fields = headers(in, METADATA_MAX_BYTES, "Name:", "Version:");
    return fields[0] == null ? List.of() : List.of(new InstalledPackage("pypi", fields[0], fields[1]));
  }

  /** An installed R package's {@code DESCRIPTION}: Package and Version fields. */
  public static List<InstalledPackage> rDescription(InputStream in) throws IOException {
    String[] fields = headers(in, METADATA_MAX_BYTES, "Package:", "Version:");
    return fields[0] == null ? List.of() : List.of(new InstalledPackage("cran", fields[0], fields[1]));
  }

  private static String[] headers(InputStream in, long maxBytes, String... names) throws IOException {
    String[] values = new String[names.length];
    BufferedReader reader = reader(bounded(in, maxBytes));
    String line;
    while ((line = reader.readLine()) != null && !line.isEmpty()) {
      for (int i = 0; i < names.length; i++) {
        if (values[i] == null && line.startsWith(names[i])) {
          values[i] = line.substring(names[i].length()).strip();
        }
      }
    }
    return values;
  }

  private static InputStream bounded(InputStream in, long max) throws IOException {
    return BoundedInputStream.builder().setInputStream(in).setMaxCount(max).setPropagateClose(false).get();
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
