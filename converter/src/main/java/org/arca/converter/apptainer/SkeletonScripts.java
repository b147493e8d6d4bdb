package org.arca.converter.apptainer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed scripts of the {@code /.singularity.d} skeleton, written for Arca. Apptainer's runtime runs
 * {@code actions/<action>} for {@code exec}, {@code run}, {@code shell}, {@code instance start} and {@code test};
 * each loads {@code env/*.sh} in name order first. The environment scripts keep the variables the runtime sets
 * ({@code APPTAINER_APPNAME}, {@code APPTAINER_SHELL}, {@code SING_USER_DEFINED_*}).
 */
final class SkeletonScripts {
  private static final String LOAD_ENVIRONMENT = """
      for env_script in /.singularity.d/env/*.sh; do
          if [ -f "$env_script" ]; then
              . "$env_script"
          fi
      done
      """;

  private SkeletonScripts() {}

  /** Scripts by path below {@code /.singularity.d}, all executable. */
  static Map<String, byte[]> all() {
    Map<String, byte[]> scripts = new LinkedHashMap<>();
    scripts.put("actions/exec", script("Runs a command in the container's environment.", LOAD_ENVIRONMENT
        + "exec \"$@\"\n"));
    scripts.put("actions/run", script("Runs the container: its runscript, or an app's with --app.", LOAD_ENVIRONMENT
        + appScript("runscript") + """
        if [ -x /.singularity.d/runscript ]; then
            exec /.singularity.d/runscript "$@"
        fi
        echo "No runscript in this container; starting /bin/sh." >&2
        exec /bin/sh "$@"
        """));
    scripts.put("actions/shell", script("Starts an interactive shell in the container.", LOAD_ENVIRONMENT + """
        if [ -n "${APPTAINER_SHELL:-}" ] && [ -x "$APPTAINER_SHELL" ]; then
            exec "$APPTAINER_SHELL" "$@"
        fi
        if [ -x /bin/bash ]; then
            SHELL=/bin/bash
            PS1="Apptainer> "
            export SHELL PS1
            exec /bin/bash --norc "$@"
        fi
        if [ -x /bin/sh ]; then
            SHELL=/bin/sh
            export SHELL
            exec /bin/sh "$@"
        fi
        echo "No shell (/bin/sh) in this container." >&2
        exit 1
        """));
    scripts.put("actions/start", script("Starts an instance: releases its first process, then runs the startscript.",
        "kill -CONT 1\n" + LOAD_ENVIRONMENT + """
        if [ -x /.singularity.d/startscript ]; then
            exec /.singularity.d/startscript
        fi
        """));
    scripts.put("actions/test", script("Runs the container's test, or an app's with --app.", LOAD_ENVIRONMENT
        + appScript("test") + """
        if [ -x /.singularity.d/test ]; then
            exec /.singularity.d/test "$@"
        fi
        echo "No test in this container." >&2
        exit 0
        """));
    scripts.put("env/01-base.sh", script("Base environment: nothing to set for images converted from OCI.", ""));
    scripts.put("env/90-environment.sh", script(
        "Environment from a definition file's %environment; images converted from OCI have none.", ""));
    scripts.put("env/95-apps.sh", script("Puts the app chosen with --app (SCIF) on PATH and LD_LIBRARY_PATH.", """
        if [ -n "${APPTAINER_APPNAME:-}" ]; then
            export APPTAINER_APPNAME
            app_root="/scif/apps/${APPTAINER_APPNAME}"
            if [ ! -d "$app_root" ]; then
                echo "No app named ${APPTAINER_APPNAME} in this container." >&2
                exit 1
            fi
            SCIF_APPS=/scif/apps
            SCIF_APPROOT="$app_root"
            export SCIF_APPS SCIF_APPROOT
            PATH="$app_root:$PATH"
            if [ -d "$app_root/bin" ]; then
                PATH="$app_root/bin:$PATH"
            fi
            if [ -d "$app_root/lib" ]; then
                LD_LIBRARY_PATH="$app_root/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
                export LD_LIBRARY_PATH
            fi
            for app_env in "$app_root/scif/env/01-base.sh" "$app_root/scif/env/90-environment.sh"; do
                if [ -f "$app_env" ]; then
                    . "$app_env"
                fi
            done
            export PATH
        fi
        """));
    scripts.put("env/99-base.sh", script(
        "Libraries the runtime binds into the container (GPU drivers, for instance) live in /.singularity.d/libs.",
        """
        LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/.singularity.d/libs"
        PS1="Apptainer> "
        export LD_LIBRARY_PATH PS1
        """));
    scripts.put("env/99-runtimevars.sh", script(
        "PATH changes asked for at run time (--env PATH=..., APPTAINERENV_PREPEND_PATH, APPTAINERENV_APPEND_PATH).",
        """
        if [ -n "${SING_USER_DEFINED_PREPEND_PATH:-}" ]; then
            PATH="${SING_USER_DEFINED_PREPEND_PATH}:${PATH}"
        fi
        if [ -n "${SING_USER_DEFINED_APPEND_PATH:-}" ]; then
            PATH="${PATH}:${SING_USER_DEFINED_APPEND_PATH}"
        fi
        if [ -n "${SING_USER_DEFINED_PATH:-}" ]; then
            PATH="${SING_USER_DEFINED_PATH}"
        fi
        unset SING_USER_DEFINED_PREPEND_PATH SING_USER_DEFINED_APPEND_PATH SING_USER_DEFINED_PATH
        export PATH
        """));
    scripts.put("startscript", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
    return scripts;
  }

  /** With {@code --app NAME}, runs the app's own {@code scif/<name>} script instead of the container's. */
  private static String appScript(String name) {
    return """
        if [ -n "${APPTAINER_APPNAME:-}" ]; then
            app_script="/scif/apps/${APPTAINER_APPNAME}/scif/%s"
            if [ -x "$app_script" ]; then
                exec "$app_script" "$@"
            fi
            echo "No %s for app ${APPTAINER_APPNAME} in this container." >&2
            exit 1
        fi
        """.formatted(name, name);
  }

  private static byte[] script(String purpose, String body) {
    return ("#!/bin/sh\n# " + purpose + " (written by Arca)\n" + body).getBytes(StandardCharsets.UTF_8);
  }
}
