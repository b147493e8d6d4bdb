package org.arca.registry.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which databases the reserve protects, and how sizes read in messages. */
class DiskSpaceTest {
  private static final Path DATA = Path.of("/srv/arca/data");

  @Test
  void embeddedIn_h2FileBelowTheDataDirectory_isProtected() {
    assertTrue(DiskSpace.embeddedIn("jdbc:h2:file:/srv/arca/data/db/arca;WRITE_DELAY=0;AUTO_SERVER=TRUE", DATA));
    assertTrue(DiskSpace.embeddedIn("jdbc:h2:file:/srv/arca/data/../data/db/arca", DATA));
  }

  @Test
  void embeddedIn_otherDatabases_areNotProtected() {
    assertFalse(DiskSpace.embeddedIn("jdbc:h2:file:/var/lib/h2/arca", DATA));
    assertFalse(DiskSpace.embeddedIn("jdbc:h2:file:/srv/arca/database/arca", DATA));
    assertFalse(DiskSpace.embeddedIn("jdbc:h2:mem:test", DATA));
    assertFalse(DiskSpace.embeddedIn("jdbc:postgresql://db.example.org:5432/arca", DATA));
    assertFalse(DiskSpace.embeddedIn("", DATA));
  }

  @Test
  void bytes_readsInBinaryUnits() {
    assertEquals("0 bytes", DiskSpace.bytes(0));
    assertEquals("1023 bytes", DiskSpace.bytes(1023));
    assertEquals("8.0 MiB", DiskSpace.bytes(8L << 20));
    assertEquals("256.0 MiB", DiskSpace.bytes(268_435_456));
    assertEquals("1.5 GiB", DiskSpace.bytes(3L << 29));
  }
}
