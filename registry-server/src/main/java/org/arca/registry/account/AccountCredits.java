package org.arca.registry.account;

import jakarta.inject.Singleton;
import java.util.Optional;
import org.arca.core.registry.AccountProfiles;
import org.arca.registry.metadata.Database;

/**
 * The accounts' profiles as features credit them (DOI creators, citations): display name and ORCID iD. A robot
 * ({@code namespace+robot}) pushes on behalf of its namespace, so it is credited as that namespace's account.
 */
@Singleton
class AccountCredits implements AccountProfiles {
  private final Database database;
  private final AccountStore store;

  AccountCredits(Database database, AccountStore store) {
    this.database = database;
    this.store = store;
  }

  @Override
  public Optional<AccountProfile> profile(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    int plus = name.indexOf('+');
    String account = plus > 0 ? name.substring(0, plus) : name;
    return database.read(c -> store.account(c, account)).map(a -> new AccountProfile(a.name(), a.displayName(),
        a.orcid(), !a.isUser()));
  }
}
