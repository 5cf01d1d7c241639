# shellcheck shell=bash
# Runs one of Stem's jars with a JDK 21+ found by bin/jdk.sh: `stem_run_app <module> [arguments]`.
# Sourced by bin/stem-worker, bin/stem-beat and bin/stem. The jar is
# <module>/$STEM_BUILD_DIR/<module>-<version>.jar (STEM_BUILD_DIR defaults to `target`, as
# -Dstem.build.dir does for Maven); when it is missing the module is built first. JAVA_OPTS goes
# to the JVM (for example JAVA_OPTS=-Xmx512m).

stem_run_app() {
    local module="$1" root build_dir jar="" candidate
    shift
    root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
    # shellcheck source=bin/jdk.sh
    source "$root/bin/jdk.sh" || exit 1
    build_dir="${STEM_BUILD_DIR:-target}"
    for candidate in "$root/$module/$build_dir/$module"-*.jar; do
        case "$candidate" in
            *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
            *) [ -f "$candidate" ] && jar="$candidate" ;;
        esac
    done
    if [ -z "$jar" ]; then
        echo "$module: no jar in $module/$build_dir; building it (first run downloads dependencies)..." >&2
        (cd "$root" && ./mvnw -B -q -ntp package -DskipTests -Dstem.build.dir="$build_dir" -pl "$module" -am) >&2 \
            || exit 1
        for candidate in "$root/$module/$build_dir/$module"-*.jar; do
            case "$candidate" in
                *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
                *) [ -f "$candidate" ] && jar="$candidate" ;;
            esac
        done
    fi
    if [ -z "$jar" ]; then
        echo "$module: no jar in $module/$build_dir after the build" >&2
        exit 1
    fi
    # shellcheck disable=SC2086 # JAVA_OPTS holds several options on purpose.
    exec "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar "$jar" "$@"
}
