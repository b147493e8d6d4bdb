package org.arca.converter.apptainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.arca.converter.tree.Content;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.FileType;
import org.arca.converter.tree.Inode;
import org.arca.converter.tree.Metadata;
import org.arca.converter.tree.Node;
import org.arca.core.image.ImageConfig;
import org.junit.jupiter.api.Test;

class ApptainerSkeletonTest {
  private final FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));

  @Test
  void addTo_emptyImage_createsDirectoriesFilesAndLinks() throws IOException {
    ApptainerSkeleton.addTo(tree, metadata(), 77);
    for (String dir : new String[] {"dev", "proc", "sys", "tmp", "var/tmp", "home", "root", "etc",
        ".singularity.d/libs", ".singularity.d/actions", ".singularity.d/env"}) {
      assertEquals(FileType.DIRECTORY, tree.lookup(dir).inode().type(), dir);
    }
    assertEquals(0, tree.lookup("etc/hosts").inode().size());
    assertEquals(".singularity.d/runscript", tree.lookup("singularity").inode().symlinkTarget());
    assertEquals(".singularity.d/env/90-environment.sh", tree.lookup("environment").inode().symlinkTarget());
    Inode runscript = tree.lookup(".singularity.d/runscript").inode();
    assertEquals(0755, runscript.metadata().permissions());
    assertEquals(77, runscript.metadata().mtime());
    assertEquals(0644, tree.lookup(".singularity.d/labels.json").inode().metadata().permissions());
    assertNotNull(tree.lookup(".singularity.d/env/99-runtimevars.sh"));
    assertNotNull(tree.lookup(".singularity.d/actions/shell"));
    assertNotNull(tree.lookup(".singularity.d/Singularity"));
  }

  @Test
  void addTo_existingFilesAndLinks_keptAsTheImageHasThem() throws IOException {
    Node etc = new Node("etc", Inode.directory(Metadata.of(0700, 0, 0, 0)));
    tree.root().put(etc);
    Inode hosts = file("127.0.0.1 localhost\n");
    etc.put(new Node("hosts", hosts));
    Inode resolv = Inode.symlink(Metadata.of(0777, 0, 0, 0), "../run/resolv.conf");
    etc.put(new Node("resolv.conf", resolv));
    Inode singularity = file("mine");
    tree.root().put(new Node("singularity", singularity));
    ApptainerSkeleton.addTo(tree, metadata(), 0);
    assertSame(hosts, tree.lookup("etc/hosts").inode());
    assertSame(resolv, tree.lookup("etc/resolv.conf").inode(), "a dangling symlink counts as present");
    assertSame(singularity, tree.lookup("singularity").inode());
    assertEquals(0700, tree.lookup("etc").inode().metadata().permissions());
  }

  @Test
  void addTo_directoryBehindSymlink_followsIt() throws IOException {
    Node usr = new Node("usr", Inode.directory(Metadata.of(0755, 0, 0, 0)));
    tree.root().put(usr);
    usr.put(new Node("tmp", Inode.directory(Metadata.of(01777, 0, 0, 0))));
    Node var = new Node("var", Inode.directory(Metadata.of(0755, 0, 0, 0)));
    tree.root().put(var);
    var.put(new Node("tmp", Inode.symlink(Metadata.of(0777, 0, 0, 0), "/usr/tmp")));
    ApptainerSkeleton.addTo(tree, metadata(), 0);
    assertEquals(FileType.SYMLINK, tree.lookup("var/tmp").inode().type());
  }

  @Test
  void addTo_existingSkeletonFile_replaced() throws IOException {
    Node dotSingularity = new Node(".singularity.d", Inode.directory(Metadata.of(0755, 0, 0, 0)));
    tree.root().put(dotSingularity);
    dotSingularity.put(new Node("runscript", file("old")));
    ApptainerSkeleton.addTo(tree, metadata(), 0);
    Content.Inline content = (Content.Inline) tree.lookup(".singularity.d/runscript").inode().content();
    assertEquals(new String(metadata().runscript(), StandardCharsets.UTF_8),
        new String(content.bytes(), StandardCharsets.UTF_8));
  }

  @Test
  void addTo_pathBlockedByFile_skipsThatDirectory() throws IOException {
    tree.root().put(new Node("home", file("not a directory")));
    ApptainerSkeleton.addTo(tree, metadata(), 0);
    assertEquals(FileType.REGULAR, tree.lookup("home").inode().type());
    assertNull(tree.lookup("home/x"));
  }

  private static Inode file(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Inode.regular(Metadata.of(0644, 0, 0, 0), new Content.Inline(bytes, new byte[32]));
  }

  private static ApptainerMetadata metadata() throws IOException {
    byte[] config = "{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"sh\"]}}".getBytes(StandardCharsets.UTF_8);
    return ApptainerMetadata.of(ImageConfig.parse(config), config, "r@sha256:" + "0".repeat(64), null, "1");
  }
}
