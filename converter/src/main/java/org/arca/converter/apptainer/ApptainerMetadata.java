package org.arca.converter.apptainer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.arca.core.AnnotationKeys;
import org.arca.core.image.ImageConfig;
import org.arca.core.image.OciJson;

/**
 * The Apptainer-specific content of a SIF built from an OCI image, generated from the image config alone, so that it
 * is known before any layer is read:
 *
 * <ul>
 *   <li>{@code definitionFile}: {@code bootstrap: docker} and {@code from: <reference>}, the Deffile object and
 *       {@code /.singularity.d/Singularity};
 *   <li>{@code ociConfig}: the config's {@code config} object, the {@code oci-config.json} object that Apptainer's
 *       OCI mode reads as an image-spec {@code ImageConfig};
 *   <li>{@code inspectMetadata}: what {@code apptainer inspect --json} shows, the {@code inspect-metadata.json}
 *       object;
 *   <li>{@code labelsJson}, {@code runscript}, {@code environment}: files of the {@code /.singularity.d} skeleton.
 * </ul>
 *
 * Labels are the image's own plus Apptainer's build labels where the image does not set them; every time in them
 * derives from the config's {@code created}, never from the clock.
 */
public record ApptainerMetadata(
    byte[] definitionFile,
    byte[] ociConfig,
    byte[] inspectMetadata,
    byte[] labelsJson,
    byte[] runscript,
    byte[] environment) {

  /** Path of the environment script generated from the image's Env. */
  public static final String ENVIRONMENT_SCRIPT = "/.singularity.d/env/10-docker2singularity.sh";

  /**
   * Builds the metadata of {@code config} (whose raw bytes are {@code configBytes}) pulled from {@code from}; times
   * derive from {@code created} (Unix seconds, or null when the config has none).
   */
  public static ApptainerMetadata of(ImageConfig config, byte[] configBytes, String from, Long created,
      String converterVersion) throws IOException {
    byte[] definition = ("bootstrap: docker\nfrom: " + from + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] runscript = Runscript.render(config.entrypoint(), config.cmd());
    byte[] environment = EnvironmentScript.render(config.env());
    SortedMap<String, String> labels = labels(config, from, created, converterVersion);
    byte[] labelsJson = GoJson.indented(labels).getBytes(StandardCharsets.UTF_8);
    byte[] environment90 = SkeletonScripts.all().get("env/90-environment.sh");

    SortedMap<String, String> environments = new TreeMap<>();
    environments.put(ENVIRONMENT_SCRIPT, new String(environment, StandardCharsets.UTF_8));
    environments.put("/.singularity.d/env/90-environment.sh", new String(environment90, StandardCharsets.UTF_8));
    // field order of Apptainer's inspect.Metadata; empty fields are omitted as Go's omitempty does
    String inspect = "{\"data\":{\"attributes\":{"
        + "\"environment\":" + GoJson.compact(environments)
        + ",\"labels\":" + GoJson.compact(labels)
        + ",\"runscript\":" + GoJson.string(new String(runscript, StandardCharsets.UTF_8))
        + ",\"deffile\":" + GoJson.string(new String(definition, StandardCharsets.UTF_8))
        + ",\"startscript\":" + GoJson.string(new String(SkeletonScripts.all().get("startscript"),
            StandardCharsets.UTF_8))
        + "}},\"type\":\"container\"}";
    return new ApptainerMetadata(definition, ociConfig(configBytes), inspect.getBytes(StandardCharsets.UTF_8),
        labelsJson, runscript, environment);
  }

  private static byte[] ociConfig(byte[] configBytes) throws IOException {
    JsonNode inner = OciJson.MAPPER.readTree(configBytes).get("config");
    if (inner == null || !inner.isObject()) {
      return "{}".getBytes(StandardCharsets.UTF_8);
    }
    return OciJson.bytes(inner);
  }

  private static SortedMap<String, String> labels(ImageConfig config, String from, Long created,
      String converterVersion) {
    SortedMap<String, String> labels = new TreeMap<>(config.labels());
    labels.putIfAbsent("org.label-schema.schema-version", "1.0");
    labels.putIfAbsent("org.label-schema.usage.singularity.deffile.bootstrap", "docker");
    labels.putIfAbsent("org.label-schema.usage.singularity.deffile.from", from);
    if (config.architecture() != null) {
      labels.putIfAbsent("org.label-schema.build-arch", config.architecture());
      labels.putIfAbsent("org.opencontainers.image.architecture", config.architecture());
    }
    if (created != null) {
      ZonedDateTime time = Instant.ofEpochSecond(created).atZone(ZoneOffset.UTC);
      labels.putIfAbsent("org.opencontainers.image.created", time.toInstant().toString());
      labels.putIfAbsent("org.label-schema.build-date", apptainerDate(time));
    }
    labels.putIfAbsent(AnnotationKeys.CONVERTER_VERSION, converterVersion);
    return labels;
  }

  /** The build-date format of Apptainer's labels, e.g. {@code Monday_7_January_2019_0:1:50_UTC}. */
  static String apptainerDate(ZonedDateTime time) {
    return capitalized(time.getDayOfWeek().name()) + "_" + time.getDayOfMonth() + "_"
        + capitalized(time.getMonth().name()) + "_" + time.getYear() + "_"
        + time.getHour() + ":" + time.getMinute() + ":" + time.getSecond() + "_UTC";
  }

  private static String capitalized(String upperCase) {
    return upperCase.charAt(0) + upperCase.substring(1).toLowerCase(Locale.ROOT);
  }
}
