#!/usr/bin/env bash
# What a user's project gets, checked after `mvn -B install -DskipTests` of this repository:
# 1. every library module is in the local repository with its -sources.jar and -javadoc.jar
#    (the javadoc build itself fails on any doclint warning);
# 2. README.md's pom.xml and program, written into an empty directory exactly as README.md shows
#    them, build and run with README.md's command on a stock Maven;
# 3. the jars load on the module path: a named module that requires dev.zerograd.nn and
#    dev.zerograd.data compiles and trains one step.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
repo="${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}"
for m in tensor autograd nn data; do
  for kind in "" -sources -javadoc; do
    f="$repo/dev/zerograd/zerograd-$m/$version/zerograd-$m-$version$kind.jar"
    [ -f "$f" ] || { echo "consumer check: $f is missing; run mvn -B install -DskipTests first" >&2; exit 1; }
  done
  unzip -p "$root/$m/target/zerograd-$m-$version.jar" META-INF/MANIFEST.MF | grep -q "^Automatic-Module-Name: dev.zerograd.$m" \
    || { echo "consumer check: zerograd-$m has no Automatic-Module-Name dev.zerograd.$m" >&2; exit 1; }
done
[ -f "$repo/dev/zerograd/zerograd-bom/$version/zerograd-bom-$version.pom" ] \
  || { echo "consumer check: zerograd-bom is not installed" >&2; exit 1; }
echo "consumer check: sources and javadoc jars installed for tensor, autograd, nn, data"

# 2. The outside project: README.md's pom.xml and program, exactly as written, nothing added;
#    built and run with README.md's command (MNIST from $MNIST_DIR, as CI sets it).
readme_block() {
  awk -v marker="<!-- $1 -->" '
    $0 == marker { found = 1; next }
    found && /^```/ { if (inblock) exit; inblock = 1; next }
    found && inblock { print }
  ' README.md
}
mkdir -p "$work/app/src/main/java"
readme_block dependency-pom > "$work/app/pom.xml"
readme_block dependency-program > "$work/app/src/main/java/TrainMnist.java"
run=$(readme_block dependency-run)
[ -s "$work/app/pom.xml" ] && [ -s "$work/app/src/main/java/TrainMnist.java" ] && [ -n "$run" ] \
  || { echo "consumer check: README.md lacks the dependency pom, program or run command" >&2; exit 1; }
echo "+ (in a new project) $run"
(cd "$work/app" && bash -euo pipefail -c "$run") | tee "$work/run.txt" \
  || { echo "consumer check: README.md's project does not build and run as written" >&2; exit 1; }
grep -q '^epoch 2 test_acc 0\.9' "$work/run.txt" \
  || { echo "consumer check: README.md's program printed no 'epoch 2 test_acc 0.9...' line" >&2; exit 1; }
# The classpath for the module-path check below, asked of that project without changing it.
(cd "$work/app" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null)
echo "consumer check: README.md's pom.xml and program build and run on a stock Maven"

# 3. The module path: zerograd's jars and their dependencies, as Maven resolved them above.
mkdir -p "$work/mod/src/demo"
cat > "$work/mod/src/module-info.java" <<'JAVA'
module demo {
  requires dev.zerograd.nn;
  requires dev.zerograd.data;
}
JAVA
cat > "$work/mod/src/demo/Main.java" <<'JAVA'
package demo;

import dev.zerograd.autograd.Variable;
import dev.zerograd.data.Batch;
import dev.zerograd.data.DataLoader;
import dev.zerograd.data.TensorDataset;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.Mlp;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;

public class Main {
  public static void main(String[] args) {
    Mlp net = Mlp.builder().sizes(4, 8, 3).seed(1).build();
    SGD sgd = new SGD(net, 0.1);
    Tensor x = new Generator(1).uniform(DType.FLOAT32, 0, 1, 6, 4);
    DataLoader loader = DataLoader.builder(new TensorDataset(x, new int[] {0, 1, 2, 0, 1, 2})).batchSize(3).build();
    for (Batch b : loader) {
      sgd.zeroGrad();
      Variable loss = Losses.crossEntropy(net.forward(Variable.of(b.features())), b.labels());
      loss.backward();
      sgd.step();
    }
    System.out.println("consumer check: module path ok: " + Main.class.getModule().getName() + " reads "
        + Tensor.class.getModule().getName() + ", " + DataLoader.class.getModule().getName()
        + "; " + dev.zerograd.tensor.cpu.Blas.describe());
  }
}
JAVA
modpath=$(tr ':' '\n' < "$work/cp.txt" | paste -sd: -)
javac -d "$work/mod/out" --module-path "$modpath" $(find "$work/mod/src" -name '*.java')
# JavaCPP's native jar is a module nothing requires (it is per platform): without --add-modules,
# BLAS falls back and Blas.describe() says which flag to add; with it, the bundled OpenBLAS runs.
# (Shown on stderr with >&2, not tee /dev/stderr: reopening a log file through /dev/stderr
# truncates it, which cut everything CI printed before this line.)
without=$(java --module-path "$work/mod/out:$modpath" --module demo/demo.Main)
printf '%s\n' "$without" >&2
platform_module=$(printf '%s\n' "$without" | sed -n 's/.*--add-modules \([a-z0-9_.]*\).*/\1/p')
if [ -n "$platform_module" ]; then
  java --module-path "$work/mod/out:$modpath" --add-modules "$platform_module" --module demo/demo.Main \
    | tee "$work/with.txt"
  grep -q "BLAS: bundled OpenBLAS" "$work/with.txt" \
    || { echo "consumer check: --add-modules $platform_module did not load the bundled OpenBLAS" >&2; exit 1; }
fi
