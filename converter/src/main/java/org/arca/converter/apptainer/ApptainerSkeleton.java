package org.arca.converter.apptainer;

import java.util.List;
import java.util.Map;
import org.arca.converter.tree.ByteStrings;
import org.arca.converter.tree.Content;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.Inode;
import org.arca.converter.tree.Metadata;
import org.arca.converter.tree.Node;
import org.arca.converter.tree.SymlinkLoopException;
import org.arca.core.Digest;

/**
 * Adds Apptainer's {@code /.singularity.d} skeleton to a flattened tree, as Apptainer's build does to an unpacked
 * root filesystem: the directories Apptainer mounts over ({@code dev proc sys tmp var/tmp home root etc}) where the
 * image lacks them, {@code /etc/hosts} and {@code /etc/resolv.conf} where it lacks them, the compatibility symlinks
 * where nothing is at their path, and the skeleton files, which replace whatever the image had there. Paths resolve
 * through the image's symlinks as on a real filesystem. Everything added belongs to root and carries {@code mtime}.
 */
public final class ApptainerSkeleton {
  private static final System.Logger LOG = System.getLogger(ApptainerSkeleton.class.getName());
  private static final List<String> DIRECTORIES = List.of(".singularity.d/libs", ".singularity.d/actions",
      ".singularity.d/env", "dev", "proc", "root", "var/tmp", "tmp", "etc", "sys", "home");
  private static final Map<String, String> SYMLINKS = Map.of(
      "singularity", ".singularity.d/runscript",
      ".run", ".singularity.d/actions/run",
      ".exec", ".singularity.d/actions/exec",
      ".test", ".singularity.d/actions/test",
      ".shell", ".singularity.d/actions/shell",
      "environment", ".singularity.d/env/90-environment.sh");

  private final FileTree tree;
  private final long mtime;

  private ApptainerSkeleton(FileTree tree, long mtime) {
    this.tree = tree;
    this.mtime = mtime;
  }

  /** Adds the skeleton for {@code metadata} to {@code tree}. */
  public static void addTo(FileTree tree, ApptainerMetadata metadata, long mtime) {
    ApptainerSkeleton skeleton = new ApptainerSkeleton(tree, mtime);
    for (String dir : DIRECTORIES) {
      skeleton.directory(dir);
    }
    for (String name : List.of("singularity", ".run", ".exec", ".test", ".shell", "environment")) {
      if (tree.root().child(name) == null) {
        tree.root().put(new Node(name, Inode.symlink(skeleton.metadata(0777), SYMLINKS.get(name))));
      }
    }
    skeleton.fileIfMissing("etc/hosts", new byte[0]);
    skeleton.fileIfMissing("etc/resolv.conf", new byte[0]);
    for (Map.Entry<String, byte[]> script : SkeletonScripts.all().entrySet()) {
      skeleton.file(".singularity.d/" + script.getKey(), script.getValue(), 0755);
    }
    skeleton.file(".singularity.d/runscript", metadata.runscript(), 0755);
    skeleton.file(".singularity.d/env/10-docker2singularity.sh", metadata.environment(), 0755);
    skeleton.file(".singularity.d/labels.json", metadata.labelsJson(), 0644);
    skeleton.file(".singularity.d/Singularity", metadata.definitionFile(), 0644);
  }

  /** Creates the directory and its parents where missing, following symlinks, like {@code mkdir -p}. */
  private Node directory(String path) {
    Node node = tree.root();
    List<String> names;
    try {
      names = tree.resolve(FileTree.clean(path));
    } catch (SymlinkLoopException e) {
      LOG.log(System.Logger.Level.WARNING, "not adding /{0}: {1}", path, e.getMessage());
      return null;
    }
    for (String name : names) {
      Node child = node.child(name);
      if (child == null) {
        child = new Node(name, Inode.directory(metadata(0755)));
        node.put(child);
      } else if (!child.isDirectory()) {
        LOG.log(System.Logger.Level.WARNING, "not adding /{0}: /{1} is not a directory", path,
            ByteStrings.toText(child.path()));
        return null;
      }
      node = child;
    }
    return node;
  }

  private void fileIfMissing(String path, byte[] content) {
    Node parent = parentOf(path);
    String name = FileTree.clean(path).get(FileTree.clean(path).size() - 1);
    if (parent != null && parent.child(name) == null) {
      parent.put(new Node(name, regular(content, 0644)));
    }
  }

  private void file(String path, byte[] content, int permissions) {
    Node parent = parentOf(path);
    List<String> parts = FileTree.clean(path);
    String name = parts.get(parts.size() - 1);
    if (parent == null) {
      return;
    }
    parent.remove(name);
    parent.put(new Node(name, regular(content, permissions)));
  }

  private Node parentOf(String path) {
    List<String> parts = FileTree.clean(path);
    return directory(String.join("/", parts.subList(0, parts.size() - 1)));
  }

  private Inode regular(byte[] content, int permissions) {
    byte[] sha256 = Digest.newMessageDigest("sha256").digest(content);
    return Inode.regular(metadata(permissions), new Content.Inline(content.clone(), sha256));
  }

  private Metadata metadata(int permissions) {
    return Metadata.of(permissions, 0, 0, mtime);
  }
}
