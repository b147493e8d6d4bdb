package org.arca.registry.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.arca.registry.account.AccountService;
import org.arca.registry.config.ArcaConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start: warns loudly in open mode, and creates the first admin account when there is none. Its password comes
 * from {@code ARCA_ADMIN_PASSWORD}, or is random and written to {@code <data-dir>/initial-admin-password} (mode 600),
 * which the log names. The password itself never goes to the log: logs are collected, shipped and kept where a mode
 * 600 file is not.
 */
@Singleton
public class FirstStart implements ApplicationEventListener<StartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(FirstStart.class);
  static final String ADMIN = "admin";

  private final AuthConfiguration config;
  private final AccountService accounts;
  private final PasswordHasher hasher;
  private final Path dataDir;
  private final String configuredPassword;

  public FirstStart(AuthConfiguration config, AccountService accounts, PasswordHasher hasher,
      ArcaConfiguration arca, @Value("${arca.admin-password:}") String configuredPassword) {
    this.config = config;
    this.accounts = accounts;
    this.hasher = hasher;
    this.dataDir = arca.dataDir();
    this.configuredPassword = configuredPassword;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    if (!config.enabled()) {
      LOG.warn("Arca runs in OPEN MODE (arca.auth.enabled=false): anyone who can reach it may push, pull and delete"
          + " anything. Use it only for local experiments and benchmarks.");
      return;
    }
    boolean random = configuredPassword == null || configuredPassword.isBlank();
    String password = random ? hasher.newPassword() : configuredPassword;
    if (!accounts.createFirstAdmin(ADMIN, password)) {
      return;
    }
    if (!random) {
      LOG.info("created the admin account '{}' with the password from ARCA_ADMIN_PASSWORD", ADMIN);
      return;
    }
    Path file = dataDir.resolve("initial-admin-password");
    try {
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    LOG.warn("created the admin account '{}' with a random password, written to {} (readable by this user only)."
        + " Log in with it, change it with 'java -jar arca.jar user passwd {}' or the API, and delete the file.",
        ADMIN, file, ADMIN);
  }
}
