# Shared by the launchers in spark-submit/: locate the project, build the jar when it is missing,
# cache the resolved runtime classpath (Spark included) so that later runs start at once, and read
# Java 17's --add-opens flags from the one place they are written, pom.xml.
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
LOSSDIVE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOSSDIVE_JAR="$LOSSDIVE_ROOT/target/lossdive-spark_2.13-0.1.0-SNAPSHOT.jar"  # the default build: Spark 4.1, Scala 2.13
LOSSDIVE_TOOLS_JAR="${LOSSDIVE_JAR%.jar}-tools.jar"  # benchmarks and the sample-data generator (src/tools)
LOSSDIVE_CLASSPATH_CACHE="$LOSSDIVE_ROOT/target/runtime.classpath"

lossdive_build() {
  if [ ! -f "$LOSSDIVE_JAR" ] || [ ! -f "$LOSSDIVE_TOOLS_JAR" ] \
    || [ -n "$(find "$LOSSDIVE_ROOT/src/main" "$LOSSDIVE_ROOT/src/tools" "$LOSSDIVE_ROOT/pom.xml" -newer "$LOSSDIVE_JAR" -type f 2>/dev/null | head -1)" ]; then
    echo "lossdive: building $LOSSDIVE_JAR ..." >&2
    (cd "$LOSSDIVE_ROOT" && mvn -q -B -DskipTests package) >&2 || { echo "lossdive: build failed" >&2; exit 1; }
  fi
}

lossdive_classpath() {
  if [ ! -f "$LOSSDIVE_CLASSPATH_CACHE" ] || [ "$LOSSDIVE_ROOT/pom.xml" -nt "$LOSSDIVE_CLASSPATH_CACHE" ]; then
    (cd "$LOSSDIVE_ROOT" && mvn -q -B dependency:build-classpath -Dmdep.includeScope=compile \
      -Dmdep.outputFile="$LOSSDIVE_CLASSPATH_CACHE") >&2 || { echo "lossdive: cannot resolve Spark's classpath" >&2; exit 1; }
  fi
  printf '%s:%s:%s' "$LOSSDIVE_JAR" "$LOSSDIVE_TOOLS_JAR" "$(cat "$LOSSDIVE_CLASSPATH_CACHE")"
}

# The classpath of the developer tools: both jars, Spark, and the test-scope tools (JMH).
lossdive_tools_classpath() {
  local cache="$LOSSDIVE_ROOT/target/tools.classpath"
  if [ ! -f "$cache" ] || [ "$LOSSDIVE_ROOT/pom.xml" -nt "$cache" ]; then
    (cd "$LOSSDIVE_ROOT" && mvn -q -B dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$cache") >&2 || { echo "lossdive: cannot resolve the tools' classpath" >&2; exit 1; }
  fi
  printf '%s:%s:%s' "$LOSSDIVE_JAR" "$LOSSDIVE_TOOLS_JAR" "$(cat "$cache")"
}

lossdive_java_opens() {
  sed -n 's:.*<spark.java.opens>\(.*\)</spark.java.opens>.*:\1:p' "$LOSSDIVE_ROOT/pom.xml"
}

# Runs a main class of the project on the embedded Spark, in this JVM's local mode.
lossdive_run_embedded() {
  local main=$1; shift
  local cp; cp=$(lossdive_classpath)
  local quiet=("-Dlog4j2.configurationFile=$LOSSDIVE_ROOT/spark-submit/log4j2.properties")
  for a in "$@"; do [ "$a" = "--verbose" ] && quiet=(); done
  # shellcheck disable=SC2046
  exec java ${LOSSDIVE_JAVA_OPTS:--Xmx4g} $(lossdive_java_opens) "${quiet[@]}" -cp "$cp" "$main" "$@"
}
