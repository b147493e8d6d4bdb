package org.arca.converter.tree;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A directory entry: a name in a parent directory and the inode it names. Directory nodes keep their children
 * sorted by name, byte-wise, so every walk of the tree visits entries in the same order.
 */
public final class Node {
  private final String name;
  private final Inode inode;
  private Node parent;
  private final TreeMap<String, Node> children;

  public Node(String name, Inode inode) {
    this.name = Objects.requireNonNull(name);
    this.inode = Objects.requireNonNull(inode);
    this.children = inode.isDirectory() ? new TreeMap<>() : null;
  }

  /** The name in the parent directory (a byte string); empty for the root. */
  public String name() {
    return name;
  }

  public Inode inode() {
    return inode;
  }

  public Node parent() {
    return parent;
  }

  public boolean isDirectory() {
    return children != null;
  }

  /** The child named {@code childName}, or null. */
  public Node child(String childName) {
    return children == null ? null : children.get(childName);
  }

  /** Children sorted by name; empty for anything but a directory. */
  public Collection<Node> children() {
    return children == null ? Collections.emptyList() : Collections.unmodifiableCollection(children.values());
  }

  public int childCount() {
    return children == null ? 0 : children.size();
  }

  /** Adds {@code child}, replacing any entry of the same name; returns the replaced entry or null. */
  public Node put(Node child) {
    if (children == null) {
      throw new IllegalStateException("not a directory: " + path());
    }
    if (child.parent != null) {
      throw new IllegalStateException("entry already linked: " + child.path());
    }
    child.parent = this;
    Node old = children.put(child.name, child);
    if (old != null) {
      old.parent = null;
    }
    return old;
  }

  /** Removes the child named {@code childName}; returns it or null. */
  public Node remove(String childName) {
    if (children == null) {
      return null;
    }
    Node old = children.remove(childName);
    if (old != null) {
      old.parent = null;
    }
    return old;
  }

  /** The path from the root, {@code /} separated, as a byte string; {@code /} for the root. */
  public String path() {
    if (parent == null) {
      return name.isEmpty() ? "/" : name;
    }
    String parentPath = parent.path();
    return parentPath.equals("/") ? "/" + name : parentPath + "/" + name;
  }
}
