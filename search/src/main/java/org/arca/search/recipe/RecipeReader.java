package org.arca.search.recipe;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;

/**
 * Turns the bytes of a recipe artifact's layer into a {@link Recipe}: unwraps a tar or gzip that a client may have
 * packed the file in, asks Tika whether it is text at all, tells the kind (from the artifact type, else the file name,
 * else the content), and hands it to that kind's parser.
 */
public final class RecipeReader {
  /** Recipes are small files; anything larger is not read (and not held in memory). */
  public static final int MAX_RECIPE_BYTES = 1 << 20;
  private static final Pattern DOCKERFILE_START =
      Pattern.compile("(?is)\\A(\\s*(#[^\\n]*)?\\n)*\\s*(ARG\\s[^\\n]*\\n\\s*)*FROM\\s+\\S+.*");
  private static final Pattern SINGULARITY_HEADER = Pattern.compile("(?im)^\\s*bootstrap\\s*:\\s*\\S+");
  private static final Pattern CONDA_DEPENDENCIES = Pattern.compile("(?m)^dependencies\\s*:");
  private static final Pattern REQUIREMENT_LINE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(\\[[^]]*])?\\s*((===|==|>=|<=|~=|!=|>|<)\\s*[^\\s;#]+\\s*,?\\s*)*(;.*)?(\\s+#.*)?");

  private final Detector detector;
  private final MediaTypeRegistry registry;

  public RecipeReader() {
    TikaConfig tika = TikaConfig.getDefaultConfig();
    this.detector = tika.getDetector();
    this.registry = tika.getMediaTypeRegistry();
  }

  /**
   * Reads a recipe.
   *
   * @param content the layer's bytes (the file, or a tar/tar.gz holding it)
   * @param hint the kind the artifact type names, or null to detect it
   * @param fileName the file's name ({@code org.opencontainers.image.title}), or null
   */
  public Recipe read(byte[] content, RecipeKind hint, String fileName) throws NotARecipeException {
    byte[] bytes = content;
    String name = fileName;
    try {
      if (isGzip(bytes)) {
        bytes = readCapped(new GZIPInputStream(new ByteArrayInputStream(bytes)), "gzip-compressed recipe");
      }
      if (isTar(bytes)) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(bytes))) {
          TarArchiveEntry entry;
          byte[] file = null;
          while ((entry = tar.getNextEntry()) != null) {
            if (entry.isFile()) {
              name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
              file = readCapped(tar, "recipe " + entry.getName());
              break;
            }
          }
          if (file == null) {
            throw new NotARecipeException("the recipe archive holds no file");
          }
          bytes = file;
        }
      }
    } catch (IOException e) {
      throw new NotARecipeException("the recipe could not be unpacked: " + e.getMessage());
    }
    MediaType type = detect(bytes, name);
    if (!registry.isInstanceOf(type, MediaType.TEXT_PLAIN)) {
      throw new NotARecipeException("the recipe" + (name == null ? "" : " " + name) + " is " + type + ", not text");
    }
    String text = decode(bytes);
    String shownName = name == null ? "" : " " + name;
    RecipeKind kind = hint != null ? hint : detectKind(name, text).orElseThrow(() -> new NotARecipeException(
        "the recipe" + shownName
            + " is neither a Dockerfile, a definition file, an environment.yml nor a requirements.txt"));
    try {
      return parse(kind, text);
    } catch (IllegalArgumentException e) {
      throw new NotARecipeException(e.getMessage());
    }
  }

  public static Recipe parse(RecipeKind kind, String text) {
    return switch (kind) {
      case DOCKERFILE -> DockerfileParser.parse(text);
      case SINGULARITY -> SingularityParser.parse(text);
      case CONDA_ENVIRONMENT -> CondaEnvironmentParser.parse(text);
      case PIP_REQUIREMENTS -> RequirementsParser.parse(text);
    };
  }

  /** The kind of a recipe by its file name, else by what its text looks like. */
  public static Optional<RecipeKind> detectKind(String fileName, String text) {
    if (fileName != null) {
      String name = fileName.toLowerCase(Locale.ROOT);
      if (name.equals("dockerfile") || name.startsWith("dockerfile.") || name.endsWith(".dockerfile")
          || name.equals("containerfile")) {
        return Optional.of(RecipeKind.DOCKERFILE);
      }
      if (name.startsWith("singularity") || name.endsWith(".def") || name.startsWith("apptainer")) {
        return Optional.of(RecipeKind.SINGULARITY);
      }
      if ((name.endsWith(".yml") || name.endsWith(".yaml")) && CONDA_DEPENDENCIES.matcher(text).find()) {
        return Optional.of(RecipeKind.CONDA_ENVIRONMENT);
      }
      if (name.startsWith("requirements") && name.endsWith(".txt")) {
        return Optional.of(RecipeKind.PIP_REQUIREMENTS);
      }
    }
    if (SINGULARITY_HEADER.matcher(text).find()) {
      return Optional.of(RecipeKind.SINGULARITY);
    }
    if (DOCKERFILE_START.matcher(text).matches()) {
      return Optional.of(RecipeKind.DOCKERFILE);
    }
    if (CONDA_DEPENDENCIES.matcher(text).find()) {
      return Optional.of(RecipeKind.CONDA_ENVIRONMENT);
    }
    boolean any = false;
    for (String line : text.split("\r?\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("-")) {
        continue;
      }
      if (!REQUIREMENT_LINE.matcher(trimmed).matches()) {
        return Optional.empty();
      }
      any = true;
    }
    return any ? Optional.of(RecipeKind.PIP_REQUIREMENTS) : Optional.empty();
  }

  private MediaType detect(byte[] bytes, String name) {
    Metadata metadata = new Metadata();
    if (name != null) {
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    }
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return detector.detect(in, metadata);
    } catch (IOException e) {
      return MediaType.OCTET_STREAM;
    }
  }

  /** UTF-8 when it is (as nearly all recipes are), else Latin-1, which decodes any byte. */
  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  private static boolean isGzip(byte[] bytes) {
    return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
  }

  private static boolean isTar(byte[] bytes) {
    return bytes.length >= 512 && new String(bytes, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
  }

  private static byte[] readCapped(InputStream in, String what) throws IOException, NotARecipeException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      if (out.size() + n > MAX_RECIPE_BYTES) {
        throw new NotARecipeException(what + " is larger than " + MAX_RECIPE_BYTES + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
