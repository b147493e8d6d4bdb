package org.arca.registry.vetting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.core.vetting.VettingRecords;
import org.arca.registry.metadata.Database;

/**
 * The vetting tables: each namespace's policy and every decision, newest last. It is the registry's
 * {@link VettingRecords}: the decision in force for a manifest is its newest row, in whichever repository it was made
 * (content is addressed by digest, so a vetted image is vetted wherever the same manifest is stored).
 */
@Singleton
class VettingStore implements VettingRecords {
  private static final String COLUMNS = "id, repository, digest, vetted, scope, base_repository, base_digest, layers,"
      + " policy_namespace, evaluation, decided_by, decided_at, reason, attestation";

  private final Database database;

  VettingStore(Database database) {
    this.database = database;
  }

  /** A namespace's stored policy with who set it when. */
  record StoredPolicy(String namespace, VettingPolicy policy, String updatedBy, Instant updatedAt) {}

  /**
   * A decision as stored: the core {@link VettingRecords.Decision} plus what it covers.
   *
   * @param scope {@code image}, or {@code block} for the layers the image adds on top of {@code base}
   * @param layers the layer digests the decision covers
   * @param evaluation the policy as evaluated, the evidence and the unmet requirements (JSON)
   */
  record StoredDecision(long id, RepositoryName repository, Decision decision, String scope,
      RepositoryName baseRepository, Digest base, List<Digest> layers, JsonNode evaluation) {}

  // ---- policies

  Optional<StoredPolicy> policy(String namespace) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT policy, updated_by, updated_at FROM vetting_policy WHERE namespace = ?")) {
        s.setString(1, namespace);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            return Optional.empty();
          }
          return Optional.of(new StoredPolicy(namespace, VettingPolicy.parse(json(r.getString(1))), r.getString(2),
              r.getObject(3, OffsetDateTime.class).toInstant()));
        }
      }
    });
  }

  /** The policy in force for {@code namespace}: its own, or {@link VettingPolicy#DEFAULT}. */
  VettingPolicy policyOrDefault(String namespace) {
    return policy(namespace).map(StoredPolicy::policy).orElse(VettingPolicy.DEFAULT);
  }

  void putPolicy(String namespace, VettingPolicy policy, String actor, Instant now) {
    database.write(c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM vetting_policy WHERE namespace = ?")) {
        delete.setString(1, namespace);
        delete.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO vetting_policy (namespace, policy, updated_by, updated_at) VALUES (?, ?, ?, ?)")) {
        s.setString(1, namespace);
        s.setString(2, policy.toJson().toString());
        s.setString(3, actor);
        s.setObject(4, now.atOffset(ZoneOffset.UTC));
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean allowsUnvettedInputs(String namespace) {
    return policyOrDefault(namespace).allowUnvettedInputs();
  }

  // ---- decisions

  @Override
  public Optional<Decision> current(Digest manifest) {
    return currentStored(manifest).map(StoredDecision::decision);
  }

  Optional<StoredDecision> currentStored(Digest manifest) {
    List<StoredDecision> newest = decisions("WHERE digest = ? ORDER BY id DESC", manifest.toString(), 1);
    return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0));
  }

  /** Every decision about {@code manifest}, newest first. */
  List<StoredDecision> history(Digest manifest) {
    return decisions("WHERE digest = ? ORDER BY id DESC", manifest.toString(), 1000);
  }

  /** The manifests whose decision in force is vetted, for the scheduled re-evaluation. */
  List<StoredDecision> currentlyVetted() {
    return decisions("WHERE d.vetted = TRUE AND d.id = (SELECT MAX(n.id) FROM vetting_decision n"
        + " WHERE n.digest = d.digest) ORDER BY d.id", null, 100_000);
  }

  StoredDecision record(StoredDecision decision) {
    Decision d = decision.decision();
    long id = database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO vetting_decision (repository, digest, vetted, scope,"
          + " base_repository, base_digest, layers, policy_namespace, evaluation, decided_by, decided_at, reason,"
          + " attestation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        ArrayNode layers = OciJson.MAPPER.createArrayNode();
        decision.layers().forEach(layer -> layers.add(layer.toString()));
        s.setString(1, decision.repository().value());
        s.setString(2, d.manifest().toString());
        s.setBoolean(3, d.vetted());
        s.setString(4, decision.scope());
        s.setString(5, decision.baseRepository() == null ? null : decision.baseRepository().value());
        s.setString(6, decision.base() == null ? null : decision.base().toString());
        s.setString(7, layers.toString());
        s.setString(8, d.policy());
        s.setString(9, decision.evaluation().toString());
        s.setString(10, d.decidedBy());
        s.setObject(11, d.decidedAt().atOffset(ZoneOffset.UTC));
        s.setString(12, d.reason());
        s.setString(13, d.attestation().map(Digest::toString).orElse(null));
        s.executeUpdate();
        try (ResultSet keys = s.getGeneratedKeys()) {
          keys.next();
          return keys.getLong(1);
        }
      }
    });
    return new StoredDecision(id, decision.repository(), d, decision.scope(), decision.baseRepository(),
        decision.base(), decision.layers(), decision.evaluation());
  }

  private List<StoredDecision> decisions(String where, String parameter, int limit) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM vetting_decision d " + where)) {
        if (parameter != null) {
          s.setString(1, parameter);
        }
        s.setMaxRows(limit);
        try (ResultSet r = s.executeQuery()) {
          List<StoredDecision> found = new ArrayList<>();
          while (r.next()) {
            found.add(read(r));
          }
          return found;
        }
      }
    });
  }

  private static StoredDecision read(ResultSet r) throws SQLException {
    Digest digest = Digest.parse(r.getString(3));
    List<Digest> layers = new ArrayList<>();
    json(r.getString(8)).forEach(node -> layers.add(Digest.parse(node.asText())));
    String attestation = r.getString(14);
    Decision decision = new Decision(digest, r.getBoolean(4), r.getString(9), r.getString(11),
        r.getObject(12, OffsetDateTime.class).toInstant(), r.getString(13),
        Optional.ofNullable(attestation).map(Digest::parse));
    String baseRepository = r.getString(6);
    String base = r.getString(7);
    return new StoredDecision(r.getLong(1), RepositoryName.parse(r.getString(2)), decision, r.getString(5),
        baseRepository == null ? null : RepositoryName.parse(baseRepository), base == null ? null : Digest.parse(base),
        layers, json(r.getString(10)));
  }

  private static JsonNode json(String text) {
    try {
      return OciJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a vetting row holds invalid JSON: " + OciJson.problem(e), e);
    }
  }
}
