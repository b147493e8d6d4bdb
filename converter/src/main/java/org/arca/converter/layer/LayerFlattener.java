package org.arca.converter.layer;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.arca.converter.tree.ByteStrings;
import org.arca.converter.tree.Content;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.FileType;
import org.arca.converter.tree.Inode;
import org.arca.converter.tree.Metadata;
import org.arca.converter.tree.Node;
import org.arca.converter.tree.SymlinkLoopException;
import org.arca.core.Digest;

/**
 * Applies layers, in order, to a {@link FileTree} that holds only metadata. The rules are those of the image spec's
 * layer changesets as umoci (Arca's reference flattener) implements them:
 *
 * <ul>
 *   <li>a path is cleaned lexically and kept inside the root; symlinks in its parent directories are followed, but
 *       never out of the root, and missing parents are created;
 *   <li>an entry replaces what is at its path, except that a directory over a directory merges (the later metadata
 *       wins);
 *   <li>{@code .wh.<name>} removes {@code <name>} and {@code .wh..wh..opq} empties its directory, but neither
 *       removes anything the same layer has put there (paths extracted by the layer, and their parents);
 *   <li>a hard link names the inode at its target path as it is at that moment; hard links to directories and to
 *       missing targets are errors.
 * </ul>
 *
 * Regular files are hashed on the way (SHA-256), so duplicates are known before anything is written.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md">image spec: layers</a>
 */
public final class LayerFlattener {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  /** Extended attributes umoci refuses to apply: host-specific labels that must not travel with an image. */
  private static final Set<String> IGNORED_XATTRS = Set.of("security.selinux", "system.nfs4_acl");

  private final FileTree tree;
  private final long defaultMtime;
  private final byte[] buffer = new byte[128 * 1024];
  private final MessageDigest sha256 = Digest.newMessageDigest("sha256");
  /** Nodes put or passed through by the current layer; umoci calls them its upper paths. */
  private Set<Node> upper = newIdentitySet();
  private int layer;
  private ContentReader contents = this::hash;

  /** Applies layers to {@code tree}; parent directories a layer does not list get {@code defaultMtime}. */
  public LayerFlattener(FileTree tree, long defaultMtime) {
    this.tree = tree;
    this.defaultMtime = defaultMtime;
  }

  /**
   * Reads the content of each regular file the flattener meets. The default only hashes it; a reader may also store
   * it, which lets a converter write the last layer's files without reading that layer twice.
   */
  public interface ContentReader {
    /** Reads all {@code entry.size()} bytes of {@code content}; returns their SHA-256. */
    byte[] read(TarEntry entry, InputStream content) throws IOException;

    /** The flattener made {@code inode} for the member read last. */
    default void created(Inode inode) {}
  }

  /** Applies every member of the tar archive that is layer number {@code layerIndex}, hashing file contents. */
  public void apply(int layerIndex, TarReader reader) throws IOException {
    apply(layerIndex, reader, this::hash);
  }

  /** Applies every member of layer number {@code layerIndex}, handing file contents to {@code contents}. */
  public void apply(int layerIndex, TarReader reader, ContentReader contents) throws IOException {
    beginLayer(layerIndex);
    this.contents = contents;
    for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
      apply(entry, reader.content());
    }
    upper = newIdentitySet();
    this.contents = this::hash;
  }

  /** Starts layer number {@code layerIndex}: nothing is "upper" yet. */
  void beginLayer(int layerIndex) {
    this.layer = layerIndex;
    this.upper = newIdentitySet();
  }

  /** Applies one member whose content (for regular files) is {@code content}. */
  void apply(TarEntry entry, InputStream content) throws IOException {
    List<String> parts = FileTree.clean(entry.name());
    if (parts.isEmpty()) {
      if (entry.kind() != TarEntry.Kind.DIRECTORY) {
        throw new LayerFormatException("layer " + layer + " changes the type of the root directory");
      }
      tree.root().inode().setMetadata(metadata(entry));
      upper.add(tree.root());
      return;
    }
    String name = parts.get(parts.size() - 1);
    List<String> parentParts = parts.subList(0, parts.size() - 1);
    if (name.startsWith(WHITEOUT)) {
      whiteout(parentParts, name);
      return;
    }
    List<Node> parents = makeParents(resolve(parentParts), entry);
    Node dir = parents.get(parents.size() - 1);
    Node existing = dir.child(name);
    if (existing != null && !(existing.isDirectory() && entry.kind() == TarEntry.Kind.DIRECTORY)) {
      dir.remove(name);
    }
    Node node = switch (entry.kind()) {
      case REGULAR -> {
        Inode inode = Inode.regular(metadata(entry),
            new Content.InLayer(layer, entry.ordinal(), entry.size(), contents.read(entry, content)));
        contents.created(inode);
        yield new Node(name, inode);
      }
      case DIRECTORY -> {
        if (existing != null && existing.isDirectory()) {
          existing.inode().setMetadata(metadata(entry));
          yield existing;
        }
        yield new Node(name, Inode.directory(metadata(entry)));
      }
      case HARD_LINK -> new Node(name, hardLinkTarget(entry).inode());
      // a symlink has no mode of its own on Linux: it is always rwxrwxrwx
      case SYMLINK -> new Node(name, Inode.symlink(withPermissions(metadata(entry), 0777), entry.linkName()));
      case CHAR_DEVICE -> new Node(name, Inode.device(FileType.CHAR_DEVICE, metadata(entry),
          entry.deviceMajor(), entry.deviceMinor()));
      case BLOCK_DEVICE -> new Node(name, Inode.device(FileType.BLOCK_DEVICE, metadata(entry),
          entry.deviceMajor(), entry.deviceMinor()));
      case FIFO -> new Node(name, Inode.fifo(metadata(entry)));
    };
    if (node != existing) {
      dir.put(node);
    }
    upper.add(node);
    upper.addAll(parents);
  }

  private void whiteout(List<String> parentParts, String name) throws LayerFormatException {
    boolean opaque = name.equals(OPAQUE);
    List<String> target = new ArrayList<>(resolve(parentParts));
    if (!opaque) {
      // the whited-out name itself is not followed if it is a symlink: the link goes, not its target
      target.add(name.substring(WHITEOUT.length()));
      target = FileTree.clean(String.join("/", target));
    }
    Node node = tree.root();
    for (String part : target) {
      node = node.child(part);
      if (node == null) {
        return; // nothing to remove (perhaps removed by an earlier whiteout)
      }
    }
    if (opaque) {
      for (Node child : List.copyOf(node.children())) {
        removeLower(child);
      }
    } else if (node != tree.root()) {
      removeLower(node);
    }
  }

  /** Removes {@code node} unless this layer put it there; in that case removes what lies below it from lower layers. */
  private void removeLower(Node node) {
    if (!upper.contains(node)) {
      node.parent().remove(node.name());
      return;
    }
    for (Node child : List.copyOf(node.children())) {
      removeLower(child);
    }
  }

  private Node hardLinkTarget(TarEntry entry) throws LayerFormatException {
    List<String> parts = FileTree.clean(entry.linkName());
    Node target = tree.root();
    if (!parts.isEmpty()) {
      Node dir = find(resolve(parts.subList(0, parts.size() - 1)));
      target = dir == null ? null : dir.child(parts.get(parts.size() - 1));
    }
    String what = "hard link " + ByteStrings.toText(entry.name()) + " -> " + ByteStrings.toText(entry.linkName());
    if (target == null) {
      throw new LayerFormatException(what + " in layer " + layer + ": target does not exist");
    }
    if (target.isDirectory()) {
      throw new LayerFormatException(what + " in layer " + layer + ": target is a directory");
    }
    return target;
  }

  private List<String> resolve(List<String> parts) throws LayerFormatException {
    try {
      return tree.resolve(parts);
    } catch (SymlinkLoopException e) {
      throw new LayerFormatException("layer " + layer + ": " + e.getMessage());
    }
  }

  /** The directory at resolved {@code names}, or null if a component is missing or not a directory. */
  private Node find(List<String> names) {
    Node node = tree.root();
    for (String name : names) {
      node = node.child(name);
      if (node == null || !node.isDirectory()) {
        return null;
      }
    }
    return node;
  }

  /** The chain of directories from the root to resolved {@code names}, creating the missing ones. */
  private List<Node> makeParents(List<String> names, TarEntry entry) throws LayerFormatException {
    List<Node> chain = new ArrayList<>(names.size() + 1);
    Node node = tree.root();
    chain.add(node);
    for (String name : names) {
      Node child = node.child(name);
      if (child == null) {
        child = new Node(name, Inode.directory(Metadata.of(0755, 0, 0, defaultMtime)));
        node.put(child);
      } else if (!child.isDirectory()) {
        throw new LayerFormatException("layer " + layer + " puts " + ByteStrings.toText(entry.name())
            + " below " + ByteStrings.toText(child.path()) + ", which is not a directory");
      }
      chain.add(child);
      node = child;
    }
    return chain;
  }

  private byte[] hash(TarEntry entry, InputStream content) throws IOException {
    sha256.reset();
    long total = 0;
    for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
      sha256.update(buffer, 0, n);
      total += n;
    }
    if (total != entry.size()) {
      throw new LayerFormatException("tar member " + ByteStrings.toText(entry.name()) + " is truncated");
    }
    return sha256.digest();
  }

  private static Metadata metadata(TarEntry entry) {
    SortedMap<String, byte[]> xattrs = new TreeMap<>(entry.xattrs());
    xattrs.keySet().removeAll(IGNORED_XATTRS);
    // squashfs stores seconds as an unsigned 32-bit number
    long mtime = Math.max(0, Math.min(entry.mtime(), 0xFFFFFFFFL));
    return new Metadata(entry.mode(), entry.uid(), entry.gid(), mtime, xattrs);
  }

  private static Metadata withPermissions(Metadata metadata, int permissions) {
    return new Metadata(permissions, metadata.uid(), metadata.gid(), metadata.mtime(), metadata.xattrs());
  }

  private static Set<Node> newIdentitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }
}
