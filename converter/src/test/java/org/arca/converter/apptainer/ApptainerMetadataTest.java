package org.arca.converter.apptainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.arca.core.image.ImageConfig;
import org.junit.jupiter.api.Test;

class ApptainerMetadataTest {
  private static final String CONFIG = """
      {"created":"2024-03-01T12:00:00Z","architecture":"arm64","os":"linux",
       "config":{"Env":["PATH=/bin","A=1"],"Cmd":["/bin/sh"],"Labels":{"b":"2","a":"<&>",
       "org.label-schema.schema-version":"image's own"}},
       "rootfs":{"type":"layers","diff_ids":[]}}""";

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void of_definitionFile_namesTheSourceByDigest() throws IOException {
    ApptainerMetadata metadata = metadata();
    assertEquals("bootstrap: docker\nfrom: host/repo:1@sha256:" + "a".repeat(64) + "\n",
        new String(metadata.definitionFile(), StandardCharsets.UTF_8));
  }

  @Test
  void of_labelsJson_sortedTabIndentedWithBuildLabelsAndImageLabelsKept() throws IOException {
    String labels = new String(metadata().labelsJson(), StandardCharsets.UTF_8);
    assertTrue(labels.startsWith("{\n\t\"a\": \"\\u003c\\u0026\\u003e\",\n\t\"b\": \"2\",\n"), labels);
    JsonNode parsed = json.readTree(labels);
    assertEquals("image's own", parsed.get("org.label-schema.schema-version").asText());
    assertEquals("arm64", parsed.get("org.label-schema.build-arch").asText());
    assertEquals("2024-03-01T12:00:00Z", parsed.get("org.opencontainers.image.created").asText());
    assertEquals("Friday_1_March_2024_12:0:0_UTC", parsed.get("org.label-schema.build-date").asText());
    assertEquals("docker", parsed.get("org.label-schema.usage.singularity.deffile.bootstrap").asText());
  }

  @Test
  void of_ociConfig_isTheConfigObjectApptainerReads() throws IOException {
    JsonNode config = json.readTree(metadata().ociConfig());
    assertEquals("/bin/sh", config.get("Cmd").get(0).asText());
    assertEquals(3, config.size(), "Env, Cmd and Labels of the inner config object");
  }

  @Test
  void of_inspectMetadata_hasApptainerShape() throws IOException {
    JsonNode inspect = json.readTree(metadata().inspectMetadata());
    assertEquals("container", inspect.get("type").asText());
    JsonNode attributes = inspect.get("data").get("attributes");
    assertTrue(attributes.get("environment").get(ApptainerMetadata.ENVIRONMENT_SCRIPT).asText()
        .contains("export A="));
    assertEquals("2", attributes.get("labels").get("b").asText());
    assertTrue(attributes.get("runscript").asText().startsWith("#!/bin/sh\n"));
    assertTrue(attributes.get("deffile").asText().startsWith("bootstrap: docker\n"));
  }

  @Test
  void of_sameInput_sameBytes() throws IOException {
    ApptainerMetadata first = metadata();
    ApptainerMetadata second = metadata();
    assertEquals(new String(first.inspectMetadata(), StandardCharsets.UTF_8),
        new String(second.inspectMetadata(), StandardCharsets.UTF_8));
  }

  @Test
  void apptainerDate_isGoFormat() {
    assertEquals("Monday_7_January_2019_0:1:50_UTC",
        ApptainerMetadata.apptainerDate(ZonedDateTime.of(2019, 1, 7, 0, 1, 50, 0, ZoneOffset.UTC)));
  }

  private static ApptainerMetadata metadata() throws IOException {
    byte[] bytes = CONFIG.getBytes(StandardCharsets.UTF_8);
    return ApptainerMetadata.of(ImageConfig.parse(bytes), bytes, "host/repo:1@sha256:" + "a".repeat(64),
        1709294400L, "1");
  }
}
