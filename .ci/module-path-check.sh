#!/usr/bin/env bash
# Proves that the library jars load on the module path: compiles and runs a small named module
# that requires dev.zerograd.nn (and through it autograd and tensor) and trains one step.
# Needs the jars: run after `mvn -B install` (or package) of tensor, autograd and nn.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
jars="$root/tensor/target/zerograd-tensor-$version.jar:$root/autograd/target/zerograd-autograd-$version.jar:$root/nn/target/zerograd-nn-$version.jar"
for j in ${jars//:/ }; do
  [ -f "$j" ] || { echo "module-path check: $j is missing; build the modules first" >&2; exit 1; }
  unzip -p "$j" META-INF/MANIFEST.MF | grep -q '^Automatic-Module-Name: dev.zerograd' \
    || { echo "module-path check: $j has no Automatic-Module-Name" >&2; exit 1; }
done
# The third-party jars the library needs, as Maven resolved them for nn.
mvn -B -q -pl nn -am dependency:build-classpath -Dmdep.outputFile="$work/cp-\${project.artifactId}.txt" -Dmdep.includeScope=runtime >/dev/null
cat "$work"/cp-*.txt | tr ":" "\n" | sort -u | paste -sd: - > "$work/cp.txt"
deps=$(tr ':' '\n' < "$work/cp.txt" | grep -v -e '/dev/zerograd/' -e '/target/' | paste -sd: -)

mkdir -p "$work/src/demo"
cat > "$work/src/module-info.java" <<'JAVA'
module demo {
  requires dev.zerograd.nn;
}
JAVA
cat > "$work/src/demo/Main.java" <<'JAVA'
package demo;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Mlp;
import dev.zerograd.nn.SoftmaxWithLoss;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;

public class Main {
  public static void main(String[] args) {
    Mlp net = Mlp.builder().sizes(4, 8, 3).seed(1).build();
    SGD sgd = new SGD(net, 0.1);
    Tensor x = new Generator(1).uniform(DType.FLOAT32, 0, 1, 5, 4);
    Variable loss = new SoftmaxWithLoss().forward(net.forward(Variable.of(x)), new int[] {0, 1, 2, 0, 1});
    loss.backward();
    sgd.step();
    System.out.println("module path ok: " + Main.class.getModule().getName() + " reads "
        + Tensor.class.getModule().getName() + ", loss " + loss.item());
  }
}
JAVA
javac -d "$work/out" --module-path "$jars:$deps" $(find "$work/src" -name '*.java')
java --module-path "$work/out:$jars:$deps" --module demo/demo.Main
