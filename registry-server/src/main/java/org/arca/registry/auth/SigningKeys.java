package org.arca.registry.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.security.SecureRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.metadata.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 keys that sign Arca's tokens, kept in the database's {@code signing_key} table so that every instance on
 * one database signs and verifies with the same keys. The first instance to start makes a key; {@code rotate} adds a
 * newer one, which signs from then on (on every instance: each asks the database for the newest key when it signs)
 * while older keys still verify the tokens they signed until an operator deletes their rows.
 *
 * <p>Installs from before the table kept their keys as JWK files in {@code <data-dir>/keys}: each start imports the
 * files whose keys the table lacks, so tokens those keys signed stay valid. Files are only read, never written.
 */
@Singleton
public class SigningKeys {
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final String PURPOSE = "token";

  private final Path directory;
  private final Database database;
  private final SigningKeyStore store;
  private final Clock clock;
  private final Map<String, ECDSAVerifier> verifiers = new ConcurrentHashMap<>();
  private volatile Signing current;

  /** The key that signs, with its signer, which is made once per key. */
  private record Signing(String keyId, ECDSASigner signer) {}

  SigningKeys(ArcaConfiguration config, Clock clock, Database database, SigningKeyStore store) {
    this.directory = config.dataDir().resolve("keys");
    this.clock = clock;
    this.database = database;
    this.store = store;
    load();
  }

  /** Signs claims with the newest key in the database. */
  public String sign(JWTClaimsSet claims) {
    Signing signing = newest();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signing.keyId()).build(), claims);
    try {
      jwt.sign(signing.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  /**
   * The claims of a token one of the database's keys signed with ES256, or empty for anything else: another
   * algorithm (including {@code none} and HMAC), an unknown key, a bad signature, or not a JWS at all.
   */
  public Optional<JWTClaimsSet> verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      String keyId = jwt.getHeader().getKeyID();
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || keyId == null) {
        return Optional.empty();
      }
      ECDSAVerifier verifier = verifiers.get(keyId);
      if (verifier == null) {
        // another instance may have rotated since this one last looked
        Optional<ECKey> key = database.read(c -> store.find(c, PURPOSE, keyId));
        if (key.isEmpty()) {
          return Optional.empty();
        }
        verifier = remember(key.get());
      }
      return jwt.verify(verifier) ? Optional.of(jwt.getJWTClaimsSet()) : Optional.empty();
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Makes a new signing key; returns its id. Tokens signed by older keys stay valid until they expire. */
  public String rotate() {
    ECKey key = database.write(c -> {
      int newest = store.newest(c, PURPOSE).map(SigningKeyStore.Row::generation).orElse(0);
      ECKey made = generate();
      store.insert(c, PURPOSE, newest + 1, made, clock.instant());
      return made;
    });
    remember(key);
    LOG.info("token signing key rotated: new key {}", key.getKeyID());
    return key.getKeyID();
  }

  public String currentKeyId() {
    return newest().keyId();
  }

  /**
   * Makes the first key, or imports key files the table lacks, then remembers every key. Instances starting at once
   * race on the unique (purpose, generation): the losers' transactions are run again and find the winner's rows.
   */
  private void load() {
    List<ECKey> files = readFiles();
    List<SigningKeyStore.Row> rows = database.read(c -> store.all(c, PURPOSE));
    if (rows.isEmpty() || !missing(rows, files).isEmpty()) {
      rows = database.write(c -> {
        List<SigningKeyStore.Row> stored = store.all(c, PURPOSE);
        List<ECKey> imported = missing(stored, files);
        if (stored.isEmpty() && imported.isEmpty()) {
          ECKey made = generate();
          store.insert(c, PURPOSE, 1, made, clock.instant());
          LOG.info("generated the token signing key {} in the database", made.getKeyID());
        } else {
          // Keys from files keep their order (by file name, as they were read before) and, when the table already
          // has keys, go before them: they verify the tokens they signed, and the database's newest key still signs.
          int first = stored.isEmpty() ? 1 : stored.get(0).generation() - imported.size();
          for (int i = 0; i < imported.size(); i++) {
            store.insert(c, PURPOSE, first + i, imported.get(i), clock.instant());
          }
          if (!imported.isEmpty()) {
            LOG.info("imported {} token signing key(s) from {} into the database; the files are no longer needed",
                imported.size(), directory);
          }
        }
        return store.all(c, PURPOSE);
      });
    }
    for (SigningKeyStore.Row row : rows) {
      remember(row.key());
    }
  }

  private static List<ECKey> missing(List<SigningKeyStore.Row> stored, List<ECKey> files) {
    Set<String> known = stored.stream().map(row -> row.key().getKeyID()).collect(Collectors.toSet());
    return files.stream().filter(key -> !known.contains(key.getKeyID())).toList();
  }

  /** The newest key, asked of the database each time so that a rotation on another instance signs here too. */
  private Signing newest() {
    ECKey key = database.read(c -> store.newest(c, PURPOSE)).orElseThrow(
        () -> new IllegalStateException("no token signing key in the database")).key();
    Signing signing = current;
    if (signing != null && signing.keyId().equals(key.getKeyID())) {
      return signing;
    }
    try {
      remember(key);
      signing = new Signing(key.getKeyID(), new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable signing key " + key.getKeyID());
    }
    current = signing;
    return signing;
  }

  /** The key files of an install from before keys were kept in the database, ordered by name (oldest first). */
  private List<ECKey> readFiles() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jwk"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .map(SigningKeys::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the signing key files in " + directory, e);
    }
  }

  private static ECKey read(Path file) {
    JWK jwk;
    try {
      jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the signing key file " + file, e);
    } catch (ParseException e) {
      // a parse failure's message may quote the file's content, which is a private key: keep it out
      throw new IllegalStateException("the signing key file " + file + " is not a JWK");
    }
    if (!(jwk instanceof ECKey key) || key.getKeyID() == null || !key.isPrivate()) {
      throw new IllegalStateException("the signing key file " + file + " is not a private EC JWK with a key id");
    }
    return key;
  }

  private ECKey generate() {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String id = STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(id).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a P-256 key", e);
    }
  }

  private ECDSAVerifier remember(ECKey key) {
    try {
      ECDSAVerifier verifier = new ECDSAVerifier(key.toECPublicKey());
      verifiers.put(key.getKeyID(), verifier);
      return verifier;
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable signing key " + key.getKeyID());
    }
  }
}
