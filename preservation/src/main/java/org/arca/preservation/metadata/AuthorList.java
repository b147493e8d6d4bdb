package org.arca.preservation.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the free-form {@code org.opencontainers.image.authors} value ("contact details of the people or organization
 * responsible for the image") into creators. Entries are separated by {@code ;} when there is one (so that
 * {@code Doe, Jane; Roe, Rick} keeps its commas), else by {@code ,}. E-mail addresses and URLs are dropped from the
 * name; an ORCID iD anywhere in an entry makes it a person with that identifier.
 */
final class AuthorList {

  private AuthorList() {}

  static List<Creator> parse(String authors) {
    if (authors == null || authors.isBlank()) {
      return List.of();
    }
    String separator = authors.contains(";") ? ";" : ",";
    List<Creator> creators = new ArrayList<>();
    for (String entry : authors.split(separator)) {
      creator(entry).ifPresent(creators::add);
    }
    return creators;
  }

  private static Optional<Creator> creator(String entry) {
    Optional<NameIdentifier> orcid = NameIdentifier.findOrcid(entry);
    String email = between(entry, '<', '>');
    String name = entry.replaceAll("<[^>]*>", " ")
        .replaceAll("\\([^)]*\\)", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("https?://\\S+", " ")
        .replaceAll("\\S+@\\S+", " ")
        .replaceAll("[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]", " ")
        .replaceAll("\\s+", " ").trim();
    if (name.isEmpty()) {
      name = email != null ? email : "";
    }
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (orcid.isEmpty()) {
      return Optional.of(Creator.named(name));
    }
    int comma = name.indexOf(',');
    int space = name.lastIndexOf(' ');
    if (comma > 0) {
      String family = name.substring(0, comma).trim();
      String given = name.substring(comma + 1).trim();
      return Optional.of(new Creator(family + ", " + given, NameType.PERSONAL, given, family, List.of(orcid.get()),
          List.of()));
    }
    if (space > 0) {
      String given = name.substring(0, space);
      String family = name.substring(space + 1);
      return Optional.of(new Creator(family + ", " + given, NameType.PERSONAL, given, family, List.of(orcid.get()),
          List.of()));
    }
    return Optional.of(new Creator(name, NameType.PERSONAL, null, null, List.of(orcid.get()), List.of()));
  }

  private static String between(String text, char open, char close) {
    int start = text.indexOf(open);
    int end = text.indexOf(close, start + 1);
    return start >= 0 && end > start ? text.substring(start + 1, end).trim() : null;
  }
}
