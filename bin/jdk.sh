# shellcheck shell=bash
# Finds a JDK 21 or newer and exports JAVA_HOME and PATH for it. Sourced by bin/test,
# bin/quickstart and .ci/run; run it directly to see which JDK it picks.
#
# Order: $JAVA_HOME if it is a JDK 21+; else the newest JDK 21+ under /usr/lib/jvm, from macOS's
# java_home or behind `javac` on the PATH; else, as root with apt, install one from the OS
# packages; else fail and say what to install.

STEM_MIN_JAVA=21

# Prints the feature version (8, 17, 21, 25, ...) of the JDK at $1, or nothing if $1 is not a JDK.
_stem_jdk_version() {
    local home="$1" version=""
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
    if [ -r "$home/release" ]; then
        version="$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" | head -n 1)"
    fi
    if [ -z "$version" ]; then
        version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
    fi
    version="${version#1.}"
    version="${version%%[!0-9]*}"
    [ -n "$version" ] && printf '%s\n' "$version"
    return 0
}

# Prints the home of the newest JDK >= STEM_MIN_JAVA among the usual places, or nothing.
_stem_jdk_search() {
    local best="" best_version=0 home version javac_path
    local candidates=()
    for home in /usr/lib/jvm/*/; do
        [ -d "$home" ] && candidates+=("${home%/}")
    done
    if [ -x /usr/libexec/java_home ] && home="$(/usr/libexec/java_home -v "${STEM_MIN_JAVA}+" 2>/dev/null)"; then
        candidates+=("$home")
    fi
    if javac_path="$(command -v javac 2>/dev/null)"; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$javac_path")")")")
    fi
    for home in "${candidates[@]+"${candidates[@]}"}"; do
        version="$(_stem_jdk_version "$home")"
        if [ -n "$version" ] && [ "$version" -ge "$STEM_MIN_JAVA" ] && [ "$version" -gt "$best_version" ]; then
            best="$(readlink -f "$home")"
            best_version="$version"
        fi
    done
    [ -n "$best" ] && printf '%s\n' "$best"
    return 0
}

# Installs a JDK 21+ from the OS packages when that is possible (root with apt-get).
_stem_jdk_install() {
    local package
    [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
    echo "jdk.sh: no JDK ${STEM_MIN_JAVA}+ found; trying the OS packages (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
    for package in openjdk-25-jdk-headless openjdk-21-jdk-headless temurin-25-jdk temurin-21-jdk; do
        if apt-cache show "$package" >/dev/null 2>&1; then
            echo "jdk.sh: apt-get install -y $package" >&2
            if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >&2; then
                return 0
            fi
        fi
    done
    return 1
}

_stem_jdk_use() {
    local home="" version=""
    if [ -n "${JAVA_HOME:-}" ]; then
        version="$(_stem_jdk_version "$JAVA_HOME")"
        if [ -n "$version" ] && [ "$version" -ge "$STEM_MIN_JAVA" ]; then
            home="$JAVA_HOME"
        else
            echo "jdk.sh: JAVA_HOME=$JAVA_HOME is not a JDK ${STEM_MIN_JAVA}+ (${version:-no javac}); looking for another" >&2
        fi
    fi
    [ -n "$home" ] || home="$(_stem_jdk_search)"
    if [ -z "$home" ] && _stem_jdk_install; then
        home="$(_stem_jdk_search)"
    fi
    if [ -z "$home" ]; then
        cat >&2 <<MSG
jdk.sh: Stem needs a JDK ${STEM_MIN_JAVA} or newer (with javac), and none was found in JAVA_HOME,
under /usr/lib/jvm or on the PATH. Install one, for example:
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk-headless   (or Eclipse Temurin 21/25)
  macOS:          brew install openjdk@21
  any OS:         sdk install java 21-tem   (SDKMAN!)
then set JAVA_HOME to it and run this command again.
MSG
        return 1
    fi
    export JAVA_HOME="$home"
    case ":$PATH:" in
        "$JAVA_HOME/bin:"*) ;;
        *) export PATH="$JAVA_HOME/bin:$PATH" ;;
    esac
    echo "jdk.sh: using JDK $(_stem_jdk_version "$JAVA_HOME") at $JAVA_HOME" >&2
}

if (return 0 2>/dev/null); then
    _stem_jdk_use
else
    set -euo pipefail
    _stem_jdk_use
    echo "$JAVA_HOME"
fi
