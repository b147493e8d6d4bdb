package org.arca.converter.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arca.converter.tree.Content;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.FileType;
import org.arca.converter.tree.Metadata;
import org.arca.converter.tree.Node;
import org.junit.jupiter.api.Test;

class LayerFlattenerTest {
  private final FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));
  private final LayerFlattener flattener = new LayerFlattener(tree, 42);

  @Test
  void flatten_whiteout_removesLowerEntry() throws IOException {
    layer(file("a/keep"), file("a/gone"));
    layer(file("a/.wh.gone"));
    assertNotNull(tree.lookup("a/keep"));
    assertNull(tree.lookup("a/gone"));
    assertNull(tree.lookup("a/.wh.gone"), "whiteout markers are not files");
  }

  @Test
  void flatten_whiteoutAfterEntryOfSameLayer_keepsEntry() throws IOException {
    layer(file("x"));
    layer(file("x"), file(".wh.x"));
    assertNotNull(tree.lookup("x"));
  }

  @Test
  void flatten_whiteoutOfDirectory_removesSubtree() throws IOException {
    layer(dir("d"), file("d/sub/f"));
    layer(file(".wh.d"));
    assertNull(tree.lookup("d"));
  }

  @Test
  void flatten_whiteoutOfDirectoryWithNewChild_keepsOnlyTheNewChild() throws IOException {
    layer(file("d/old"));
    layer(file("d/new"), file(".wh.d"));
    assertNotNull(tree.lookup("d/new"));
    assertNull(tree.lookup("d/old"));
  }

  @Test
  void flatten_opaqueWhiteout_hidesLowerEntries() throws IOException {
    layer(file("o/lower"), file("o/sub/deep"));
    layer(file("o/.wh..wh..opq"), file("o/upper"));
    assertNull(tree.lookup("o/lower"));
    assertNull(tree.lookup("o/sub"));
    assertNotNull(tree.lookup("o/upper"));
    assertNotNull(tree.lookup("o"), "the opaque directory itself stays");
  }

  @Test
  void flatten_opaqueWhiteoutAfterUpperEntries_keepsThem() throws IOException {
    layer(file("o/lower"));
    layer(file("o/upper"), file("o/.wh..wh..opq"));
    assertNotNull(tree.lookup("o/upper"));
    assertNull(tree.lookup("o/lower"));
  }

  @Test
  void flatten_whiteoutOfMissingPath_isIgnored() throws IOException {
    layer(file("nothing/.wh.here"), file(".wh.absent"));
    assertNull(tree.lookup("nothing"), "a whiteout creates no parents");
  }

  @Test
  void flatten_directoryOverDirectory_mergesAndTakesNewMetadata() throws IOException {
    layer(dir("d", 0755), file("d/lower"));
    layer(dir("d", 0700), file("d/upper"));
    assertNotNull(tree.lookup("d/lower"));
    assertNotNull(tree.lookup("d/upper"));
    assertEquals(0700, tree.lookup("d").inode().metadata().permissions());
  }

  @Test
  void flatten_fileOverDirectory_replacesSubtree() throws IOException {
    layer(file("p/child"));
    layer(file("p"));
    assertEquals(FileType.REGULAR, tree.lookup("p").inode().type());
  }

  @Test
  void flatten_laterEntry_replacesEarlierContent() throws IOException {
    layer(file("f"));
    layer(file("f"));
    assertEquals(1, ((Content.InLayer) tree.lookup("f").inode().content()).layer());
  }

  @Test
  void flatten_hardLinkToLowerLayer_sharesInode() throws IOException {
    layer(file("bin/tool"));
    layer(link("bin/alias", "bin/tool"), link("other/alias", "/bin/../bin/tool"));
    assertSame(tree.lookup("bin/tool").inode(), tree.lookup("bin/alias").inode());
    assertSame(tree.lookup("bin/tool").inode(), tree.lookup("other/alias").inode());
  }

  @Test
  void flatten_hardLinkedPathReplaced_otherLinksKeepOldInode() throws IOException {
    layer(file("a"), link("b", "a"));
    layer(file("a"));
    assertEquals(0, ((Content.InLayer) tree.lookup("b").inode().content()).layer());
    assertEquals(1, ((Content.InLayer) tree.lookup("a").inode().content()).layer());
  }

  @Test
  void flatten_hardLinkToMissingTarget_throws() {
    assertThrows(LayerFormatException.class, () -> layer(link("l", "missing")));
  }

  @Test
  void flatten_hardLinkToDirectory_throws() {
    assertThrows(LayerFormatException.class, () -> layer(dir("d"), link("l", "d")));
  }

  @Test
  void flatten_symlinkedParent_isFollowedInsideRoot() throws IOException {
    layer(dir("real"), symlink("alias", "/real"), symlink("escape", "../../../real"));
    layer(file("alias/viaAbsolute"), file("escape/viaRelative"));
    assertNotNull(tree.lookup("real/viaAbsolute"));
    assertNotNull(tree.lookup("real/viaRelative"), "'..' stops at the root");
    assertEquals(FileType.SYMLINK, tree.lookup("alias").inode().type());
  }

  @Test
  void flatten_entryOverSymlink_replacesTheLinkNotItsTarget() throws IOException {
    layer(file("target"), symlink("s", "target"));
    layer(file("s"));
    assertEquals(FileType.REGULAR, tree.lookup("s").inode().type());
    assertEquals(0, ((Content.InLayer) tree.lookup("target").inode().content()).layer());
  }

  @Test
  void flatten_symlinkLoopInParent_throws() {
    assertThrows(LayerFormatException.class,
        () -> layer(symlink("a", "b"), symlink("b", "a"), file("a/f")));
  }

  @Test
  void flatten_missingParents_createdWithDefaultMetadata() throws IOException {
    layer(file("x/y/z"));
    Node parent = tree.lookup("x/y");
    assertEquals(0755, parent.inode().metadata().permissions());
    assertEquals(42, parent.inode().metadata().mtime());
  }

  @Test
  void flatten_parentIsAFile_throws() {
    assertThrows(LayerFormatException.class, () -> layer(file("f"), file("f/child")));
  }

  @Test
  void flatten_dotDotInName_staysInsideRoot() throws IOException {
    layer(file("../../etc/passwd"), file("./a/./b/../c"));
    assertNotNull(tree.lookup("etc/passwd"));
    assertNotNull(tree.lookup("a/c"));
  }

  @Test
  void flatten_rootEntry_setsRootMetadata() throws IOException {
    layer(dir("./", 0700));
    assertEquals(0700, tree.root().inode().metadata().permissions());
  }

  @Test
  void flatten_rootEntryOfOtherType_throws() {
    assertThrows(LayerFormatException.class, () -> layer(file("/")));
  }

  @Test
  void flatten_hostSpecificXattrs_dropped() throws IOException {
    TreeMap<String, byte[]> xattrs = new TreeMap<>(Map.of("security.selinux", new byte[] {1},
        "user.keep", new byte[] {2}));
    layer(entry("f", TarEntry.Kind.REGULAR, 0644, null, xattrs));
    assertEquals(List.of("user.keep"), List.copyOf(tree.lookup("f").inode().metadata().xattrs().keySet()));
  }

  @Test
  void flatten_symlinkMode_isAlways777() throws IOException {
    layer(entry("s", TarEntry.Kind.SYMLINK, 0600, "t", new TreeMap<>()));
    assertEquals(0777, tree.lookup("s").inode().metadata().permissions());
  }

  @Test
  void flatten_regularFile_hashedAndSizedFromContent() throws IOException {
    layer(file("f"));
    Content content = tree.lookup("f").inode().content();
    assertEquals(3, content.size());
    assertTrue(content.sha256().length == 32);
  }

  private int layers;
  private long ordinal;

  private void layer(TarEntry... entries) throws IOException {
    ordinal = 0;
    List<TarEntry> renumbered = new ArrayList<>();
    for (TarEntry e : entries) {
      renumbered.add(new TarEntry(ordinal++, e.name(), e.kind(), e.mode(), e.uid(), e.gid(), e.mtime(), e.size(),
          e.linkName(), e.deviceMajor(), e.deviceMinor(), e.xattrs()));
    }
    flattener.beginLayer(layers++);
    for (TarEntry e : renumbered) {
      flattener.apply(e, new ByteArrayInputStream(new byte[(int) e.size()]));
    }
  }

  private static TarEntry file(String name) {
    return entry(name, TarEntry.Kind.REGULAR, 0644, null, new TreeMap<>());
  }

  private static TarEntry dir(String name) {
    return dir(name, 0755);
  }

  private static TarEntry dir(String name, int mode) {
    return entry(name, TarEntry.Kind.DIRECTORY, mode, null, new TreeMap<>());
  }

  private static TarEntry link(String name, String target) {
    return entry(name, TarEntry.Kind.HARD_LINK, 0644, target, new TreeMap<>());
  }

  private static TarEntry symlink(String name, String target) {
    return entry(name, TarEntry.Kind.SYMLINK, 0777, target, new TreeMap<>());
  }

  private static TarEntry entry(String name, TarEntry.Kind kind, int mode, String link,
      TreeMap<String, byte[]> xattrs) {
    long size = kind == TarEntry.Kind.REGULAR ? 3 : 0;
    return new TarEntry(0, name, kind, mode, 0, 0, 1000, size, link == null ? "" : link, 0, 0, xattrs);
  }
}
