#!/usr/bin/env bash
# Compares two builds of the benchmarks jar in one sitting, so that the machine's speed (which moves by
# 2x between hours here) is the same for both: the end-to-end rows given (default 1,2) twice each,
# alternating A, B, A, B, then CommitCpuReport once for each.
#   scripts/bench-ab.sh A.jar B.jar [rows]
# Build the "before" jar from another checkout without installing it, e.g.:
#   git worktree add /tmp/before <commit> && (cd /tmp/before && ./mvnw -B -q package -DskipTests -pl kvsync-benchmarks -am)
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 A.jar B.jar [rows, e.g. 1,2]" >&2; exit 2; }
a=$1 b=$2 rows=${3:-1,2}
for jar in "$a" "$b"; do [ -f "$jar" ] || { echo "bench-ab: $jar is missing" >&2; exit 2; }; done
for pass in 1 2; do
  for arm in A B; do
    jar=$a; [ "$arm" = B ] && jar=$b
    echo "=== pass $pass, $arm ($jar): --only $rows"
    java -cp "$jar" io.kvsync.benchmarks.EndToEndReport --only "$rows" 2>/dev/null | grep -E '^\| [0-9]'
  done
done
for arm in A B; do
  jar=$a; [ "$arm" = B ] && jar=$b
  echo "=== CommitCpuReport, $arm ($jar)"
  java -Dkvsync.bench.rounds=5 -cp "$jar" io.kvsync.benchmarks.CommitCpuReport 2>/dev/null | grep -E '^\|'
done
