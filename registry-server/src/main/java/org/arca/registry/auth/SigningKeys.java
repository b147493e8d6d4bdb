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
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.arca.registry.config.ArcaConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 keys that sign Arca's tokens, kept as JWK files in {@code <data-dir>/keys} (mode 600). A key is made at
 * first start; {@code rotate} adds a newer one, which signs from then on while older keys still verify the tokens
 * they signed until an operator deletes their files.
 */
@Singleton
public class SigningKeys {
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final Path directory;
  private final Clock clock;
  private final Map<String, ECDSAVerifier> verifiers = new ConcurrentHashMap<>();
  private volatile ECKey current;
  private volatile ECDSASigner signer;

  public SigningKeys(ArcaConfiguration config, Clock clock) {
    this.directory = config.dataDir().resolve("keys");
    this.clock = clock;
    load();
  }

  /** Signs claims with the newest key. */
  public String sign(JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(current.getKeyID()).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  /**
   * The claims of a token this instance's keys signed with ES256, or empty for anything else: another algorithm
   * (including {@code none} and HMAC), an unknown key, a bad signature, or not a JWS at all.
   */
  public Optional<JWTClaimsSet> verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
        return Optional.empty();
      }
      ECDSAVerifier verifier = verifiers.get(jwt.getHeader().getKeyID());
      if (verifier == null) {
        reloadIfNewKeys(jwt.getHeader().getKeyID());
        verifier = verifiers.get(jwt.getHeader().getKeyID());
      }
      return verifier != null && jwt.verify(verifier) ? Optional.of(jwt.getJWTClaimsSet()) : Optional.empty();
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Makes a new signing key; returns its id. Tokens signed by older keys stay valid until they expire. */
  public synchronized String rotate() {
    ECKey key = generate();
    write(key);
    install(key);
    LOG.info("token signing key rotated: new key {}", key.getKeyID());
    return key.getKeyID();
  }

  public String currentKeyId() {
    return current.getKeyID();
  }

  private synchronized void load() {
    try {
      Files.createDirectories(directory);
      List<ECKey> keys = readAll();
      if (keys.isEmpty()) {
        ECKey key = generate();
        write(key);
        keys = List.of(key);
        LOG.info("generated the token signing key {} in {}", key.getKeyID(), directory);
      }
      for (ECKey key : keys) {
        verifiers.put(key.getKeyID(), new ECDSAVerifier(key.toECPublicKey()));
      }
      install(keys.get(keys.size() - 1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the signing keys in " + directory, e);
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable signing key in " + directory, e);
    }
  }

  /** Another instance (sharing the data directory) may have rotated: look again before refusing a key id. */
  private void reloadIfNewKeys(String keyId) {
    if (Files.exists(directory.resolve(keyId + ".jwk"))) {
      load();
    }
  }

  private List<ECKey> readAll() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jwk"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .map(SigningKeys::read)
          .toList();
    }
  }

  private static ECKey read(Path file) {
    try {
      return JWK.parse(Files.readString(file, StandardCharsets.UTF_8)).toECKey();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalStateException("not a JWK: " + file, e);
    }
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

  private void write(ECKey key) {
    Path file = directory.resolve(key.getKeyID() + ".jwk");
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, key.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the signing key " + file, e);
    }
  }

  private void install(ECKey key) {
    try {
      verifiers.put(key.getKeyID(), new ECDSAVerifier(key.toECPublicKey()));
      signer = new ECDSASigner(key);
      current = key;
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable signing key " + key.getKeyID(), e);
    }
  }
}
