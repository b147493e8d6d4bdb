package org.arca.converter.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** A root filesystem: a root directory node and everything below it. */
public final class FileTree {
  private static final int MAX_SYMLINKS = 255;
  private final Node root;

  public FileTree(Metadata rootMetadata) {
    this.root = new Node("", Inode.directory(rootMetadata));
  }

  public Node root() {
    return root;
  }

  /** The node at {@code path} ({@code /} separated byte string) without following symlinks, or null. */
  public Node lookup(String path) {
    Node node = root;
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      node = node.child(part);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  /**
   * Resolves the symlinks in a path the way filepath-securejoin does for umoci and Apptainer: each existing symlink
   * is replaced by its target (absolute targets restart at the root), {@code ..} never climbs above the root, and
   * components that do not exist are kept as names. Returns the resolved names from the root. The last component is
   * resolved too; callers that must not follow it pass only the parent's components.
   *
   * @throws SymlinkLoopException after 255 symlinks
   */
  public List<String> resolve(List<String> parts) throws SymlinkLoopException {
    List<String> names = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    nodes.add(root);
    ArrayDeque<String> todo = new ArrayDeque<>(parts);
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!names.isEmpty()) {
          names.remove(names.size() - 1);
          nodes.remove(nodes.size() - 1);
        }
        continue;
      }
      Node current = nodes.get(nodes.size() - 1);
      Node next = current == null ? null : current.child(part);
      if (next != null && next.inode().type() == FileType.SYMLINK) {
        if (++links > MAX_SYMLINKS) {
          throw new SymlinkLoopException(String.join("/", parts));
        }
        String target = next.inode().symlinkTarget();
        String[] targetParts = target.split("/", -1);
        for (int i = targetParts.length - 1; i >= 0; i--) {
          todo.addFirst(targetParts[i]);
        }
        if (target.startsWith("/")) {
          names.clear();
          nodes.clear();
          nodes.add(root);
        }
        continue;
      }
      names.add(part);
      nodes.add(next);
    }
    return names;
  }

  /** The components of a path cleaned lexically as umoci does: relative to the root, {@code .} and {@code ..} applied. */
  public static List<String> clean(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(part);
    }
    return parts;
  }

  /** Visits every node, parents before children, children in name order. */
  public void walk(Consumer<Node> visitor) {
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Node node = stack.pop();
      visitor.accept(node);
      if (node.isDirectory()) {
        // push in reverse so that the smallest name is visited first
        Node[] children = node.children().toArray(new Node[0]);
        for (int i = children.length - 1; i >= 0; i--) {
          stack.push(children[i]);
        }
      }
    }
  }
}
