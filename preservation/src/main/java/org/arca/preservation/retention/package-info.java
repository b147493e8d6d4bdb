/**
 * Retention: policies that say what to keep per repository pattern, and planning, which turns them into a saved list
 * of candidates and protected items. Planning reads the registry through {@link
 * org.arca.preservation.retention.RetentionInventory} and has no way to delete; executing an approved plan is the
 * registry's job, through core's {@link org.arca.core.registry.RegistryDeleter}.
 */
package org.arca.preservation.retention;
