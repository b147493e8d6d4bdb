package org.arca.preservation.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.arca.core.Digest;
import org.arca.core.Glob;
import org.arca.core.RepositoryName;
import org.arca.preservation.retention.PlanItem.Action;
import org.arca.preservation.retention.RetentionInventory.Contents;
import org.arca.preservation.retention.RetentionInventory.ManifestFacts;
import org.arca.preservation.retention.RetentionInventory.TagFacts;
import org.arca.preservation.retention.Rule.KeepMostRecentlyPulled;
import org.arca.preservation.retention.Rule.KeepMostRecentlyPushed;
import org.arca.preservation.retention.Rule.KeepPulledWithin;
import org.arca.preservation.retention.Rule.KeepPushedWithin;
import org.arca.preservation.retention.Rule.KeepTags;
import org.arca.preservation.retention.Rule.KeepUntaggedCount;
import org.arca.preservation.retention.Rule.KeepUntaggedPulledWithin;
import org.arca.preservation.retention.Rule.KeepUntaggedPushedWithin;
import org.arca.preservation.retention.Rule.RemoveTags;

/**
 * Turns policies into a plan. It only reads (the inventory and the protections) and returns items; it holds no way to
 * delete anything, so a dry run cannot remove content by mistake.
 *
 * <p>The rules of every policy whose pattern matches a repository apply together; a repository that no policy
 * matches keeps everything. Per repository, in this order:
 * <ol>
 *   <li>Protected manifests (a DOI, a pin, a legal hold), the children of a protected index and the referrers of a
 *       protected manifest (its SIF, signatures, attestations), and every tag on them, are listed as protected and
 *       never become candidates. A hold on a tag protects the tag and its manifest.</li>
 *   <li>Per tag: {@code keepTags} keeps it; else {@code removeTags} removes it; else an expired
 *       {@code org.arca.expires-after} removes it; else any of {@code keepMostRecentlyPushed},
 *       {@code keepMostRecentlyPulled}, {@code keepPushedWithin}, {@code keepPulledWithin} keeps it; else it is
 *       removed when the policies have at least one tag-keeping rule, and kept when they have none.</li>
 *   <li>A manifest goes only when no tag is left on it and nothing keeps it by digest. A manifest listed by an index
 *       or referring to a subject in the repository follows them: it goes only when every index listing it, and its
 *       subject, go. Any other manifest left without a tag goes unless an untagged rule keeps it
 *       ({@code keepUntaggedCount}, {@code keepUntaggedPushedWithin}, {@code keepUntaggedPulledWithin}); one that had
 *       no tag before the plan is only considered when the policies have an untagged rule.</li>
 * </ol>
 * Counts are per repository, over all its tags (or untagged manifests), ordered newest first.
 */
public final class RetentionPlanner {
  /** The label or annotation that gives an image a lifetime, e.g. {@code 30d}, counted from its push. */
  public static final String EXPIRES_AFTER = "org.arca.expires-after";

  private final RetentionInventory inventory;
  private final Protection protection;
  private final Clock clock;

  public RetentionPlanner(RetentionInventory inventory, Protection protection, Clock clock) {
    this.inventory = inventory;
    this.protection = protection;
    this.clock = clock;
  }

  /** Every candidate and protected item of every repository the policies match. */
  public List<PlanItem> plan(List<RetentionPolicy> policies) {
    Instant now = clock.instant();
    List<PlanItem> items = new ArrayList<>();
    for (RepositoryName repository : inventory.repositories()) {
      List<Rule> rules = policies.stream().filter(p -> p.pattern().matches(repository.value()))
          .flatMap(p -> p.rules().stream()).toList();
      if (!rules.isEmpty()) {
        items.addAll(plan(inventory.contents(repository), rules, now));
      }
    }
    return items;
  }

  /** The items of one repository under {@code rules}, as of {@code now}. */
  public List<PlanItem> plan(Contents contents, List<Rule> rules, Instant now) {
    return new RepositoryPlan(contents, rules, now).items();
  }

  /** The evaluation of one repository. */
  private final class RepositoryPlan {
    private final Contents contents;
    private final RepositoryName repository;
    private final List<Rule> rules;
    private final Instant now;
    private final Map<Digest, ManifestFacts> manifests = new LinkedHashMap<>();
    /** The indexes listing each manifest, and the referrers of each subject, in this repository. */
    private final Map<Digest, List<Digest>> parents = new HashMap<>();
    private final Map<Digest, List<Digest>> referrers = new HashMap<>();
    private final Map<Digest, List<TagFacts>> tagsOf = new HashMap<>();
    private final List<PlanItem> items = new ArrayList<>();

    RepositoryPlan(Contents contents, List<Rule> rules, Instant now) {
      this.contents = contents;
      this.repository = contents.repository();
      this.rules = rules;
      this.now = now;
      contents.manifests().forEach(m -> manifests.put(m.digest(), m));
      for (ManifestFacts m : contents.manifests()) {
        m.children().forEach(child -> parents.computeIfAbsent(child, d -> new ArrayList<>()).add(m.digest()));
        if (m.subject() != null && !m.subject().equals(m.digest())) {
          referrers.computeIfAbsent(m.subject(), d -> new ArrayList<>()).add(m.digest());
        }
      }
      contents.tags().forEach(t -> tagsOf.computeIfAbsent(t.digest(), d -> new ArrayList<>()).add(t));
    }

    List<PlanItem> items() {
      Map<Digest, String> protectedManifests = protectedManifests();
      Map<String, String> protectedTags = new HashMap<>();
      for (TagFacts tag : contents.tags()) {
        protection.reason(repository, tag.tag(), tag.digest()).ifPresent(reason -> {
          protectedTags.put(tag.tag(), reason);
          protectedManifests.putIfAbsent(tag.digest(), "its tag " + tag.tag() + " is protected: " + reason);
        });
      }
      propagate(protectedManifests);

      Set<String> removedTags = new HashSet<>();
      List<TagFacts> undecided = new ArrayList<>();
      for (TagFacts tag : contents.tags()) {
        String reason = protectedTags.getOrDefault(tag.tag(), protectedManifests.get(tag.digest()));
        if (reason != null) {
          items.add(new PlanItem(Action.PROTECTED, repository, tag.tag(), tag.digest(), "protected", reason, 0,
              tag.lastPulledAt()));
          continue;
        }
        Decision decision = byPattern(tag);
        if (decision == Decision.UNDECIDED) {
          undecided.add(tag);
        } else if (decision.remove) {
          removedTags.add(tag.tag());
          items.add(new PlanItem(Action.REMOVE, repository, tag.tag(), tag.digest(), decision.rule,
              decision.reason, 0, tag.lastPulledAt()));
        }
      }

      // Counts rank only the tags that reach the keep rules: not protected, kept or removed by pattern, or expired.
      Map<String, Integer> pushedRank = rank(undecided, TagFacts::pushedAt, TagFacts::tag);
      Map<String, Integer> pulledRank = rank(undecided.stream().filter(t -> t.lastPulledAt() != null).toList(),
          TagFacts::lastPulledAt, TagFacts::tag);
      boolean keepRules = rules.stream().anyMatch(Rule::keepsTags);
      for (TagFacts tag : undecided) {
        if (!keepRules || rules.stream().anyMatch(rule -> keepsTag(rule, tag, pushedRank, pulledRank))) {
          continue;
        }
        removedTags.add(tag.tag());
        items.add(new PlanItem(Action.REMOVE, repository, tag.tag(), tag.digest(), "notKept",
            "no keep rule matched: pushed " + tag.pushedAt() + ", "
                + (tag.lastPulledAt() == null ? "never pulled" : "last pulled " + tag.lastPulledAt())
                + ", " + ordinal(pushedRank.get(tag.tag()) + 1) + " most recently pushed of " + pushedRank.size(),
            0, tag.lastPulledAt()));
      }
      planManifests(protectedManifests, removedTags);
      return items;
    }

    /** What {@code keepTags}, {@code removeTags} and the expiry label say about a tag, in that order. */
    private Decision byPattern(TagFacts tag) {
      for (Rule rule : rules) {
        if (rule instanceof KeepTags keep && keep.pattern().matches(tag.tag())) {
          return Decision.KEEP;
        }
      }
      for (Rule rule : rules) {
        if (rule instanceof RemoveTags remove && remove.pattern().matches(tag.tag())) {
          return new Decision(true, rule.name(), "tag matches \"" + remove.pattern() + "\"");
        }
      }
      ManifestFacts manifest = manifests.get(tag.digest());
      if (manifest != null && manifest.expiresAt() != null && !manifest.expiresAt().isAfter(now)) {
        return new Decision(true, "expiresAfter", "the image's " + EXPIRES_AFTER + " expired at "
            + manifest.expiresAt());
      }
      return Decision.UNDECIDED;
    }

    /** Manifests protected by digest, with their children and referrers (added by {@link #propagate}). */
    private Map<Digest, String> protectedManifests() {
      Map<Digest, String> reasons = new LinkedHashMap<>();
      for (ManifestFacts m : contents.manifests()) {
        protection.reason(repository, null, m.digest()).ifPresent(reason -> reasons.put(m.digest(), reason));
      }
      return reasons;
    }

    private void propagate(Map<Digest, String> reasons) {
      Deque<Digest> work = new ArrayDeque<>(reasons.keySet());
      while (!work.isEmpty()) {
        Digest digest = work.poll();
        String reason = reasons.get(digest);
        List<Digest> followers = new ArrayList<>();
        ManifestFacts manifest = manifests.get(digest);
        if (manifest != null) {
          followers.addAll(manifest.children());
        }
        followers.addAll(referrers.getOrDefault(digest, List.of()));
        for (Digest follower : followers) {
          if (manifests.containsKey(follower) && !reasons.containsKey(follower)) {
            reasons.put(follower, (manifest != null && manifest.children().contains(follower)
                ? "listed by the protected index " : "refers to the protected ") + digest + " (" + reason + ")");
            work.add(follower);
          }
        }
      }
    }

    private void planManifests(Map<Digest, String> protectedManifests, Set<String> removedTags) {
      boolean untaggedRules = rules.stream().anyMatch(Rule::decidesUntagged);
      // Roots: manifests that no index lists and that refer to no subject here, left without a tag.
      List<ManifestFacts> untaggedRoots = new ArrayList<>();
      Set<Digest> followers = new LinkedHashSet<>();
      for (ManifestFacts m : contents.manifests()) {
        if (protectedManifests.containsKey(m.digest())) {
          continue;
        }
        List<TagFacts> tags = tagsOf.getOrDefault(m.digest(), List.of());
        if (tags.stream().anyMatch(t -> !removedTags.contains(t.tag()))) {
          continue;
        }
        if (parents.containsKey(m.digest()) || (m.subject() != null && manifests.containsKey(m.subject()))) {
          followers.add(m.digest());
        } else if (!tags.isEmpty() || untaggedRules) {
          untaggedRoots.add(m);
        }
      }
      Map<Digest, String[]> removed = new LinkedHashMap<>();
      Map<String, Integer> untaggedRank = rank(untaggedRoots.stream().filter(m -> !tagsOf.containsKey(m.digest()))
          .toList(), ManifestFacts::pushedAt, m -> m.digest().toString());
      for (ManifestFacts m : untaggedRoots) {
        if (tagsOf.containsKey(m.digest())) {
          removed.put(m.digest(), new String[] {"lastTagRemoved", "every tag on it is removed by this plan"});
        } else if (!keptUntagged(m, untaggedRank)) {
          removed.put(m.digest(), new String[] {"untagged", "untagged since " + m.pushedAt()
              + ", kept by no untagged rule"});
        }
      }
      // Followers go when every owner goes; owners may themselves be followers, so repeat until nothing changes.
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Digest digest : followers) {
          if (removed.containsKey(digest)) {
            continue;
          }
          ManifestFacts m = manifests.get(digest);
          List<Digest> owners = new ArrayList<>(parents.getOrDefault(digest, List.of()));
          if (m.subject() != null && manifests.containsKey(m.subject())) {
            owners.add(m.subject());
          }
          if (owners.stream().allMatch(removed::containsKey)) {
            removed.put(digest, parents.containsKey(digest)
                ? new String[] {"follows", "every index listing it is removed (" + owners.get(0) + ")"}
                : new String[] {"follows", "its subject " + m.subject() + " is removed"});
            changed = true;
          }
        }
      }
      Map<Digest, Long> bytes = freedBytes(removed.keySet());
      for (Map.Entry<Digest, String[]> entry : removed.entrySet()) {
        ManifestFacts m = manifests.get(entry.getKey());
        items.add(new PlanItem(Action.REMOVE, repository, null, m.digest(), entry.getValue()[0],
            entry.getValue()[1], bytes.get(m.digest()), m.lastPulledAt()));
      }
      for (Map.Entry<Digest, String> entry : protectedManifests.entrySet()) {
        ManifestFacts m = manifests.get(entry.getKey());
        if (m != null) {
          items.add(new PlanItem(Action.PROTECTED, repository, null, m.digest(), "protected", entry.getValue(), 0,
              m.lastPulledAt()));
        }
      }
    }

    private boolean keptUntagged(ManifestFacts m, Map<String, Integer> rank) {
      for (Rule rule : rules) {
        if (rule instanceof KeepUntaggedCount r && rank.get(m.digest().toString()) < r.count()
            || rule instanceof KeepUntaggedPushedWithin r2 && m.pushedAt().isAfter(now.minus(r2.within()))
            || rule instanceof KeepUntaggedPulledWithin r3 && m.lastPulledAt() != null
                && m.lastPulledAt().isAfter(now.minus(r3.within()))) {
          return true;
        }
      }
      return false;
    }

    private boolean keepsTag(Rule rule, TagFacts tag, Map<String, Integer> pushedRank,
        Map<String, Integer> pulledRank) {
      if (rule instanceof KeepMostRecentlyPushed r) {
        return pushedRank.get(tag.tag()) < r.count();
      }
      if (rule instanceof KeepMostRecentlyPulled r) {
        return pulledRank.containsKey(tag.tag()) && pulledRank.get(tag.tag()) < r.count();
      }
      if (rule instanceof KeepPushedWithin r) {
        return tag.pushedAt().isAfter(now.minus(r.within()));
      }
      if (rule instanceof KeepPulledWithin r) {
        return tag.lastPulledAt() != null && tag.lastPulledAt().isAfter(now.minus(r.within()));
      }
      return false;
    }

    /**
     * What removing each manifest frees: its own bytes and those of the blobs that no manifest staying in the
     * repository references, each blob counted once (for the first removed manifest that references it).
     */
    private Map<Digest, Long> freedBytes(Set<Digest> removed) {
      Set<Digest> stillReferenced = new HashSet<>();
      for (ManifestFacts m : contents.manifests()) {
        if (!removed.contains(m.digest())) {
          stillReferenced.addAll(m.blobs().keySet());
        }
      }
      Set<Digest> counted = new HashSet<>();
      Map<Digest, Long> freed = new HashMap<>();
      for (Digest digest : removed) {
        ManifestFacts m = manifests.get(digest);
        long total = m.size();
        for (Map.Entry<Digest, Long> blob : m.blobs().entrySet()) {
          if (!stillReferenced.contains(blob.getKey()) && counted.add(blob.getKey())) {
            total += blob.getValue();
          }
        }
        freed.put(digest, total);
      }
      return freed;
    }
  }

  /** A tag's fate by pattern or expiry: removed (with the rule and why), kept, or left to the keep rules. */
  private record Decision(boolean remove, String rule, String reason) {
    static final Decision KEEP = new Decision(false, "keepTags", null);
    static final Decision UNDECIDED = new Decision(false, null, null);
  }

  private static String ordinal(int n) {
    String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th"
        : switch (n % 10) {
          case 1 -> "st";
          case 2 -> "nd";
          case 3 -> "rd";
          default -> "th";
        };
    return n + suffix;
  }

  /** Position of each item (by {@code key}) when ordered by {@code time}, newest first; ties broken by key. */
  private static <T, K extends Comparable<K>> Map<K, Integer> rank(List<T> list, Function<T, Instant> time,
      Function<T, K> key) {
    List<T> sorted = new ArrayList<>(list);
    sorted.sort(Comparator.comparing(time, Comparator.reverseOrder()).thenComparing(key));
    Map<K, Integer> ranks = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      ranks.put(key.apply(sorted.get(i)), i);
    }
    return ranks;
  }
}
